// MARK: - Missed calls

/// A call the caller abandoned while waiting or ringing, kept for call-back (回拨).
public struct MissedCall: Hashable, Sendable, Codable {
    public let call: CallID
    /// Canonical caller number; nil when withheld.
    public let callerNumber: String?
    public let site: SiteID
    public let queue: QueueID
    public let atMs: Int64
    public let waitedMs: Int64
    /// Set when an agent has called back.
    public internal(set) var calledBackAtMs: Int64?
    public internal(set) var calledBackBy: AgentID?
}

/// The missed-call list, bounded: when full the oldest entry is dropped and counted.
public struct MissedCalls: Hashable, Sendable, Codable {
    public let capacity: Int
    /// Oldest first.
    public private(set) var entries: [MissedCall] = []
    public private(set) var droppedCount = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public mutating func append(_ missed: MissedCall) {
        if entries.count >= capacity {
            entries.removeFirst()
            droppedCount += 1
        }
        entries.append(missed)
    }

    /// Marks a missed call as called back; refuses an unknown call.
    public mutating func markCalledBack(_ call: CallID, by agent: AgentID, nowMs: Int64) throws(ACDError) {
        guard let i = entries.firstIndex(where: { $0.call == call }) else { throw .unknownCall(call) }
        entries[i].calledBackAtMs = nowMs
        entries[i].calledBackBy = agent
    }

    /// Missed calls not yet called back, oldest first.
    public var pending: [MissedCall] { entries.filter { $0.calledBackAtMs == nil } }
}
