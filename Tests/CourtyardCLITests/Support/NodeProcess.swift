import CourtyardHTTP
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `courtyard` process for end-to-end tests: started on loopback with a port chosen
/// by the OS at run time (the node prints the address it bound), waited on by condition with
/// a deadline, killed with any signal.
final class NodeProcess: @unchecked Sendable {
    // @unchecked: the mutable state (`output`) is guarded by `lock`; `process` is only
    // touched from the owning test.
    let process = Process()
    let dataDirectory: URL
    private let lock = NSLock()
    private var output = ""
    private let pipe = Pipe()

    static var binary: URL {
        // The test bundle and the `courtyard` executable sit in the same build folder.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("courtyard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/courtyard")
    }

    init(arguments: [String], dataDirectory: URL) throws {
        self.dataDirectory = dataDirectory
        process.executableURL = NodeProcess.binary
        process.arguments = arguments
        // These tests exercise storage and the cluster through an open API; tests of
        // authentication pass `--auth enforced`, which wins over the environment.
        var environment = ProcessInfo.processInfo.environment
        environment["COURTYARD_AUTH"] = "disabled"
        process.environment = environment
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty, let self else { return }
            let text = String(decoding: data, as: UTF8.self)
            self.lock.lock()
            self.output += text
            // Keep memory bounded on chatty nodes.
            if self.output.utf8.count > 4 << 20 { self.output = String(self.output.suffix(1 << 20)) }
            self.lock.unlock()
        }
        try process.run()
    }

    var log: String {
        lock.lock()
        defer { lock.unlock() }
        return output
    }

    /// Waits until `condition` holds or the deadline passes; polls without sleeping the
    /// thread pool: each round yields to the scheduler with a short clock wait.
    static func waitUntil(timeout: Duration, _ what: String,
                          _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if try await condition() { return }
            try await clock.sleep(for: .milliseconds(50))
        }
        throw TestFailure("timed out after \(timeout) waiting for \(what)")
    }

    /// The HTTP address the node printed once it was listening.
    func waitForHTTPAddress(timeout: Duration = .seconds(60)) async throws -> String {
        var address: String?
        try await NodeProcess.waitUntil(timeout: timeout, "the node to listen (log: \(log.suffix(2000)))") {
            if !process.isRunning { throw TestFailure("node exited early: \(log.suffix(4000))") }
            for line in log.split(separator: "\n") where line.contains("COURTYARD_LISTENING http=") {
                address = String(line.split(separator: "=").last ?? "")
            }
            return address != nil
        }
        return address!
    }

    func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    func terminateAndWait() {
        if process.isRunning { kill(signal: SIGTERM) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A minimal JSON-over-HTTP client for tests.
struct TestHTTP {
    let base: String

    func request(_ method: String, _ path: String, json: Any? = nil,
                 timeout: TimeInterval = 10) async throws -> (status: Int, body: Data) {
        var req = URLRequest(url: URL(string: base + path)!)
        req.httpMethod = method
        req.timeoutInterval = timeout
        if let json {
            req.httpBody = try JSONSerialization.data(withJSONObject: json)
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.uncancelledData(for: req)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func object(_ data: Data) throws -> [String: Any] {
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        return obj
    }
}

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("courtyard-test-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

// MARK: - Waiting for a child process without blocking the cooperative pool

/// Reads `handle` to its end and waits for `process` to exit, on a thread of its own.
///
/// The cooperative pool has one thread per core (two here): a test that blocked one of them
/// in `readDataToEndOfFile`/`waitUntilExit` while another test did the same would starve
/// every other test — including in-test fake nodes the child process is talking to.
func readToEndAndWait(_ process: Process, _ handle: FileHandle?) async -> Data {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            let data = handle?.readDataToEndOfFile() ?? Data()
            process.waitUntilExit()
            continuation.resume(returning: data)
        }
        thread.start()
    }
}
