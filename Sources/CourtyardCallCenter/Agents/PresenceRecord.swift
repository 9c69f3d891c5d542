// MARK: - Presence record

/// One agent's presence as its owning site last published it, replicated to every site.
///
/// Merge is last-writer-wins by `(version, site)`; the owner bumps `version` on every change
/// and lease renewal, and a site taking an agent over after failover writes a higher version.
/// Exact ties fall back to the remaining fields so the merge is a total-order max (a lattice
/// join): commutative, associative and idempotent.
public struct PresenceRecord: Hashable, Sendable, Codable {
    public let agent: AgentID
    /// The site whose node the agent's console is connected to: the owner who reserves it.
    public let site: SiteID
    public let state: AgentStateKind
    /// The not-ready or break reason, when there is one.
    public let reason: String?
    /// The call the agent is bound to (ringing, talking, wrapping up), if any.
    public let call: CallID?
    public let version: UInt64
    /// Past this instant the record says nothing: the owner stopped renewing it.
    public let leaseExpiresMs: Int64
    /// Routing needs the skills of a remote agent.
    public let skills: [SkillLevel]
    /// When the agent became idle, for longest-idle picking among remote agents.
    public let idleSinceMs: Int64?

    public init(agent: AgentID, site: SiteID, state: AgentStateKind, reason: String? = nil, call: CallID? = nil, version: UInt64,
                leaseExpiresMs: Int64, skills: [SkillLevel] = [], idleSinceMs: Int64? = nil) {
        self.agent = agent
        self.site = site
        self.state = state
        self.reason = reason
        self.call = call
        self.version = version
        self.leaseExpiresMs = leaseExpiresMs
        self.skills = skills.sorted()
        self.idleSinceMs = idleSinceMs
    }

    /// The record the owner publishes for an agent.
    public init(agent: Agent, site: SiteID, version: UInt64, leaseExpiresMs: Int64) {
        let reason: String? = switch agent.state {
        case .notReady(let r): r.rawValue
        case .onBreak(let r): r.rawValue
        default: nil
        }
        self.init(agent: agent.id, site: site, state: agent.state.kind, reason: reason, call: agent.state.call, version: version,
                  leaseExpiresMs: leaseExpiresMs, skills: agent.profile.skills, idleSinceMs: agent.stats.idleSinceMs)
    }

    /// True when the lease still holds at `nowMs`.
    public func isLive(nowMs: Int64) -> Bool { nowMs < leaseExpiresMs }

    /// Last-writer-wins join of two records of the same agent.
    public func merged(with other: PresenceRecord) -> PresenceRecord {
        precondition(agent == other.agent, "merging presence of different agents")
        return Self.wins(other, over: self) ? other : self
    }

    /// Total order: (version, site) first, then the remaining fields for exact ties.
    static func wins(_ a: PresenceRecord, over b: PresenceRecord) -> Bool {
        if a.version != b.version { return a.version > b.version }
        if a.site != b.site { return a.site > b.site }
        if a.leaseExpiresMs != b.leaseExpiresMs { return a.leaseExpiresMs > b.leaseExpiresMs }
        if a.state != b.state { return a.state > b.state }
        if a.reason != b.reason { return (a.reason ?? "") > (b.reason ?? "") }
        if a.call != b.call { return (a.call?.rawValue ?? "") > (b.call?.rawValue ?? "") }
        if a.idleSinceMs != b.idleSinceMs { return (a.idleSinceMs ?? .min) > (b.idleSinceMs ?? .min) }
        return a.skills.lexicographicallyPrecedes(b.skills) == false && a.skills != b.skills
    }
}
