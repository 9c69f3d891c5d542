import CourtyardCallCenter
import CourtyardRuntime
import Foundation

/// A `MessageProvider` that appends each message as one JSON line to
/// `<data>/outbox/campaign-messages.jsonl`, synced before it answers — for demos, for sites
/// without a gateway contract yet, and for tests. Every message it accepts is reported
/// delivered through `drainReceipts` (a simulated carrier).
///
/// Idempotent by message id: ids already in the file (read once, on first use) are
/// acknowledged without writing again, so a message re-sent after a crash appears once.
public actor CampaignOutboxProvider: MessageProvider {
    public nonisolated let name = "outbox"
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    /// The file grows without rotation; past this size sends fail transiently (and say why).
    public static let fileBytesMax = 256 * 1024 * 1024
    /// Simulated receipts held until drained.
    public static let pendingReceiptsMax = 10_000

    public let fileURL: URL
    private let wallClock: any WallClock
    private var written: Set<String>?
    private var bytes = 0
    /// The file ends in a torn line (a crash mid-append): start the next on a new line.
    private var needsNewline = false
    private var receipts: [DeliveryReceipt] = []

    /// One line of the outbox file.
    public struct Line: Codable, Hashable, Sendable {
        public var messageID: String
        public var campaignID: String
        public var site: String
        public var channel: CampaignChannel
        public var to: String
        public var body: String
        public var attempt: Int
        public var atMs: Int64
    }

    public init(dataDirectory: URL, wallClock: any WallClock, executors: (any ActorExecutorFactory)? = nil) {
        unownedExecutor = ActorExecutors.executor("campaign-outbox", factory: executors, lane: lane)
        fileURL = dataDirectory.appendingPathComponent("outbox/campaign-messages.jsonl")
        self.wallClock = wallClock
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        do {
            var seen = try loadWritten()
            if !seen.contains(message.messageID.rawValue) {
                let line = Line(messageID: message.messageID.rawValue, campaignID: message.campaignID.rawValue,
                                site: message.site.rawValue, channel: message.channel, to: message.to, body: message.body,
                                attempt: message.attempt, atMs: wallClock.nowMs())
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var data = needsNewline ? Data([0x0A]) : Data()
                data.append(try encoder.encode(line))
                data.append(0x0A)
                guard bytes + data.count <= Self.fileBytesMax else {
                    return .transient(detail: "outbox file \(fileURL.path) reached \(Self.fileBytesMax) bytes; rotate it")
                }
                try append(data)
                bytes += data.count
                needsNewline = false
                seen.insert(message.messageID.rawValue)
                written = seen
            }
            if receipts.count < Self.pendingReceiptsMax {
                receipts.append(DeliveryReceipt(messageID: message.messageID, status: .delivered, detail: "outbox"))
            }
            return .accepted(providerMessageID: message.messageID.rawValue)
        } catch {
            return .transient(detail: "outbox write failed: \(error)")
        }
    }

    public func drainReceipts() async -> [DeliveryReceipt] {
        defer { receipts = [] }
        return receipts
    }

    /// Every complete line in the file, in order (tests and demos read it back); a torn
    /// line left by a crash mid-append is skipped.
    public func lines() throws -> [Line] {
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return [] }
        let data = try Data(contentsOf: fileURL)
        return data.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(Line.self, from: Data($0)) }
    }

    // MARK: File

    private func loadWritten() throws -> Set<String> {
        if let written { return written }
        let lines = try lines()
        if FileManager.default.fileExists(atPath: fileURL.path) {
            let data = try Data(contentsOf: fileURL)
            bytes = data.count
            needsNewline = data.last.map { $0 != 0x0A } ?? false
        }
        let ids = Set(lines.map(\.messageID))
        written = ids
        return ids
    }

    private func append(_ data: Data) throws {
        let folder = fileURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: fileURL.path) {
            guard FileManager.default.createFile(atPath: fileURL.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: fileURL.path])
            }
        }
        let handle = try FileHandle(forWritingTo: fileURL)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }
}
