import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// Performs `request` and waits for its own completion — success, failure or the
    /// request's `timeoutInterval` — without ever cancelling it.
    ///
    /// swift-corelibs-foundation on Linux can deadlock when the Swift-concurrency
    /// `data(for:)` is cancelled while its task completes (the cancel handler and the
    /// completion take the same two locks in opposite order). Every HTTP call the
    /// project makes from a task that may be cancelled goes through here; a cancelled
    /// caller waits at most the request's timeout.
    public func uncancelledData(for request: URLRequest) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            dataTask(with: request) { data, response, error in
                if let data, let response {
                    continuation.resume(returning: (data, response))
                } else {
                    continuation.resume(throwing: error ?? URLError(.badServerResponse))
                }
            }.resume()
        }
    }
}
