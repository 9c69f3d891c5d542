// MARK: - Sticky routing (一对一关系)

/// Remembers the last agent each caller spoke to, so a returning caller is offered first to
/// that agent. Bounded: when full, the oldest entry (then the smallest number) is evicted.
public struct StickyRoutes: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public let agent: AgentID
        public let atMs: Int64
    }

    public let capacity: Int
    public private(set) var entries: [String: Entry] = [:]

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Records that `number` (canonical form) spoke to `agent` at `nowMs`.
    public mutating func remember(_ number: String, agent: AgentID, nowMs: Int64) {
        if entries[number] == nil, entries.count >= capacity, let oldest = oldestNumber() {
            entries[oldest] = nil
        }
        entries[number] = Entry(agent: agent, atMs: nowMs)
    }

    /// The last agent of `number` if remembered within `memoryMs`.
    public func lastAgent(of number: String, nowMs: Int64, memoryMs: Int64) -> AgentID? {
        guard let e = entries[number], nowMs - e.atMs <= memoryMs else { return nil }
        return e.agent
    }

    private func oldestNumber() -> String? {
        entries.min { a, b in (a.value.atMs, a.key) < (b.value.atMs, b.key) }?.key
    }
}
