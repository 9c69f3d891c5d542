import Foundation

/// `courtyard up`'s child processes (the nodes, and the demo's `courtyard dial`): output
/// prefixed by name and offered line by line to a watcher, all stopped together on
/// SIGINT/SIGTERM. When an essential child (a node) exits, the others are stopped too; a
/// non-essential one (the traffic) may end alone.
final class Supervisor: @unchecked Sendable {
    // @unchecked: `children`, `exitCodes` and `signalSources` are guarded by `lock`.
    private let lock = NSLock()
    private var children: [(name: String, process: Process, essential: Bool)] = []
    private var exitCodes: [String: Int32] = [:]
    private var signalSources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stopAll(signal: SIGTERM) }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Starts a child; `onLine` sees each complete line of its output (on a reader thread).
    func start(name: String, executable: URL, arguments: [String], environment: [String: String]? = nil,
               essential: Bool = true, onLine: (@Sendable (String) -> Void)? = nil) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let lines = LineSplitter(prefix: "[\(name)] ")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            let (printed, complete) = lines.feed(data)
            FileHandle.standardOutput.write(printed)
            // After printing, so what a watcher prints follows the line it reacts to.
            if let onLine { complete.forEach(onLine) }
        }
        process.terminationHandler = { [weak self] p in
            self?.lock.withLock { self?.exitCodes[name] = p.terminationStatus }
        }
        try process.run()
        lock.withLock { children.append((name, process, essential)) }
    }

    func stopAll(signal: Int32) {
        let running = lock.withLock { children.filter { $0.process.isRunning } }
        for child in running { kill(child.process.processIdentifier, signal) }
    }

    /// Waits until every essential child has exited; if one dies, the others are stopped too.
    func waitForAll() async {
        let clock = ContinuousClock()
        while true {
            let (running, essentialRunning, essentialTotal) = lock.withLock {
                (children.filter { $0.process.isRunning }.count,
                 children.filter { $0.essential && $0.process.isRunning }.count,
                 children.filter(\.essential).count)
            }
            if running == 0 { return }
            if essentialRunning < essentialTotal { stopAll(signal: SIGTERM) }
            try? await clock.sleep(for: .milliseconds(200))
        }
    }

    /// Essential children that exited with an error, by name.
    func failures() -> [String] {
        lock.withLock {
            let essential = Set(children.filter(\.essential).map(\.name))
            return exitCodes.filter { $0.value != 0 && essential.contains($0.key) }.map { "\($0.key) (\($0.value))" }.sorted()
        }
    }
}

/// Splits a child's output into lines: the prefixed complete lines to print, and the lines
/// themselves; a partial line waits for its end.
final class LineSplitter: @unchecked Sendable {
    // @unchecked: `pending` is touched only from the pipe's reader, one chunk at a time.
    private var pending = Data()
    private let prefix: String

    init(prefix: String) {
        self.prefix = prefix
    }

    func feed(_ data: Data) -> (printed: Data, lines: [String]) {
        pending.append(data)
        guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else {
            // A very long line without an end is printed as it is.
            guard pending.count > 64 * 1024 else { return (Data(), []) }
            defer { pending.removeAll() }
            return (Data((prefix + String(decoding: pending, as: UTF8.self) + "\n").utf8), [])
        }
        let complete = pending[pending.startIndex..<last]
        pending = Data(pending[pending.index(after: last)...])
        let lines = String(decoding: complete, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (Data(lines.map { prefix + $0 + "\n" }.joined().utf8), lines)
    }
}
