// MARK: - Presence board

/// Every agent's presence across the cluster, merged from peers; an expired lease reads as
/// unknown, so a dead site's agents stop being routed to without anyone declaring them gone.
public struct PresenceBoard: Hashable, Sendable, Codable {
    /// Bound on the agents tracked; records for new agents beyond it are dropped and counted.
    public let agentsMax: Int
    public private(set) var records: [AgentID: PresenceRecord] = [:]
    /// Records dropped because the board was full.
    public private(set) var droppedCount: Int = 0

    public init(agentsMax: Int = 10_000) {
        self.agentsMax = agentsMax
    }

    // MARK: Merge

    /// Merges one record (from a peer or from this site) last-writer-wins.
    /// Returns true when the board changed.
    @discardableResult
    public mutating func merge(_ record: PresenceRecord) -> Bool {
        if let current = records[record.agent] {
            let next = current.merged(with: record)
            guard next != current else { return false }
            records[record.agent] = next
            return true
        }
        guard records.count < agentsMax else {
            droppedCount += 1
            return false
        }
        records[record.agent] = record
        return true
    }

    /// Merges a whole board (state-based anti-entropy), in agent order.
    public mutating func merge(_ other: PresenceBoard) {
        for id in other.records.keys.sorted() { merge(other.records[id]!) }
    }

    // MARK: Reading

    /// The agent's live record, or nil when unknown or its lease has expired.
    public func live(_ agent: AgentID, nowMs: Int64) -> PresenceRecord? {
        guard let r = records[agent], r.isLive(nowMs: nowMs) else { return nil }
        return r
    }

    /// Available agents of other sites that hold `skill`, sorted longest idle first
    /// (then site, then agent id) so the choice never depends on dictionary order.
    public func availableRemote(skill: SkillID, excludingSite site: SiteID, nowMs: Int64) -> [PresenceRecord] {
        records.values
            .filter { $0.site != site && $0.state == .available && $0.isLive(nowMs: nowMs) }
            .filter { r in r.skills.contains { $0.skill == skill } }
            .sorted { a, b in
                let ai = a.idleSinceMs ?? .max, bi = b.idleSinceMs ?? .max
                return (ai, a.site, a.agent) < (bi, b.site, b.agent)
            }
    }

    /// The record a site writes when it takes an agent over (failover): same agent, state
    /// kept, a version above every version seen, owned by `newSite`.
    public func takeOver(_ agent: AgentID, by newSite: SiteID, nowMs: Int64, leaseMs: Int64) -> PresenceRecord? {
        guard let old = records[agent] else { return nil }
        return PresenceRecord(agent: agent, site: newSite, state: old.state, reason: old.reason, call: old.call,
                              version: old.version + 1, leaseExpiresMs: nowMs + leaseMs,
                              skills: old.skills, idleSinceMs: old.idleSinceMs)
    }
}
