import CourtyardCallCenter
import CourtyardRuntime
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `MessageProvider` that POSTs each message as JSON (`OutgoingMessage`) to an SMS or
/// voice gateway's webhook, with an `Idempotency-Key` header carrying the message id.
///
/// The answer decides the outcome: 2xx → accepted (the provider's id is the `id` or
/// `messageId` field of a JSON answer, else our message id); 408, 429 and 5xx, timeouts and
/// connection failures → transient (retried by the campaign's policy); any other status →
/// rejected. Delivery receipts come back through `POST /api/v1/campaigns/receipts`.
///
/// Requests are bounded by `timeoutMs` and never cancelled midway: on Linux, cancelling an
/// in-flight URLSession task from Swift concurrency can hang, so `send` always waits for the
/// request's own completion (success, failure or timeout).
public struct CampaignWebhookProvider: MessageProvider {
    public let name = "webhook"
    public let url: URL
    public let timeoutMs: Int
    private let bearerToken: String?
    private let session: URLSession

    /// Refuses a URL that is not absolute http(s) with a host, and a timeout outside 1–60 s
    /// (rounded up to whole seconds).
    public init(url: URL, timeoutMs: Int = 5_000, bearerToken: String? = nil) throws {
        guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ServiceError.invalid(field: "webhook.url", "webhook URL must be an absolute http or https URL (got \(url.absoluteString.prefix(100)))")
        }
        guard (1_000...60_000).contains(timeoutMs) else {
            throw ServiceError.invalid(field: "webhook.timeoutMs", "webhook timeout must be 1000–60000 ms (got \(timeoutMs))")
        }
        self.url = url
        self.timeoutMs = timeoutMs
        self.bearerToken = bearerToken
        // Whole seconds: swift-corelibs-foundation truncates a fractional timeout, so 0.5 s
        // would become 0 and fail every request at once.
        let seconds = Double((timeoutMs + 999) / 1_000)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Double((timeoutMs + 999) / 1_000))
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(message.messageID.rawValue, forHTTPHeaderField: "Idempotency-Key")
        if let token = bearerToken { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            request.httpBody = try encoder.encode(message)
        } catch {
            return .rejected(detail: "message does not encode: \(error)")
        }
        let answer = await perform(request)
        if let error = answer.error {
            return .transient(detail: "webhook request failed: \(error.prefix(160))")
        }
        guard let status = answer.status else { return .transient(detail: "webhook gave no HTTP response") }
        return Self.outcome(status: status, body: answer.data, messageID: message.messageID)
    }

    public func drainReceipts() async -> [DeliveryReceipt] { [] }

    /// Maps an HTTP answer to a send outcome.
    static func outcome(status: Int, body: Data?, messageID: CampaignMessageID) -> SendOutcome {
        switch status {
        case 200..<300:
            return .accepted(providerMessageID: providerID(body) ?? messageID.rawValue)
        case 408, 429, 500..<600:
            return .transient(detail: "webhook answered HTTP \(status)")
        default:
            let text = body.map { String(decoding: $0.prefix(160), as: UTF8.self) } ?? ""
            return .rejected(detail: "webhook answered HTTP \(status)\(text.isEmpty ? "" : ": " + text)")
        }
    }

    /// The `id` or `messageId` string of a small JSON object answer.
    static func providerID(_ body: Data?) -> String? {
        guard let body, !body.isEmpty, body.count <= 4_096,
              let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        let id = (object["id"] as? String) ?? (object["messageId"] as? String)
        guard let id, !id.isEmpty, id.count <= CampaignLimits.reasonCharactersMax else { return nil }
        return id
    }

    /// What came back, reduced to Sendable values.
    private struct Answer: Sendable {
        var data: Data?
        var status: Int?
        var error: String?
    }

    /// Runs the request to completion through the callback API (never cancelled).
    private func perform(_ request: URLRequest) async -> Answer {
        await withCheckedContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                continuation.resume(returning: Answer(data: data, status: (response as? HTTPURLResponse)?.statusCode,
                                                      error: error.map { String(describing: $0) }))
            }.resume()
        }
    }
}
