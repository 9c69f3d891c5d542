import CourtyardDomain

// MARK: - A call the ACD owns

/// Where a call owned by this site stands in routing.
public enum CallPhase: Hashable, Sendable {
    case waiting
    /// Ringing local agents (one, or several for ring-all) until the deadline.
    case ringing(agents: [AgentID], deadlineMs: Int64)
    /// Asked the owner of a remote agent; `granted` once it rings there.
    case remote(agent: AgentID, site: SiteID, sinceMs: Int64, granted: Bool)
    /// Talking to an agent at `site`.
    case connected(agent: AgentID, site: SiteID)
}

/// A call owned by this site (it entered here), from arrival until it ends.
public struct QueuedCall: Hashable, Sendable {
    /// Remote agents remembered per call as refused, so overflow tries another.
    public static let refusedRemoteMax = 16

    public let call: CallID
    public let queue: QueueID
    /// The queue's index in `ACDConfiguration.queues` (queues are fixed for an ACD's life).
    let slot: Int
    public let caller: PhoneNumber?
    public let emergency: Bool
    public let arrivedMs: Int64
    public internal(set) var phase: CallPhase = .waiting
    /// The returning caller's last agent, tried first until `stickyUntilMs`.
    public internal(set) var stickyAgent: AgentID?
    public internal(set) var stickyUntilMs: Int64 = .min
    public internal(set) var refusedRemote: [AgentID] = []
    public internal(set) var lastAnnouncedMs: Int64

    init(call: CallID, queue: QueueID, slot: Int, caller: PhoneNumber?, emergency: Bool, arrivedMs: Int64) {
        self.call = call
        self.queue = queue
        self.slot = slot
        self.caller = caller
        self.emergency = emergency
        self.arrivedMs = arrivedMs
        self.lastAnnouncedMs = arrivedMs
    }

    /// Queue order: emergencies first, then first come first served, then id.
    static func precedes(_ a: QueuedCall, _ b: QueuedCall) -> Bool {
        if a.emergency != b.emergency { return a.emergency }
        return (a.arrivedMs, a.call) < (b.arrivedMs, b.call)
    }

    mutating func rememberRefused(_ agent: AgentID) {
        if refusedRemote.count >= Self.refusedRemoteMax { refusedRemote.removeFirst() }
        refusedRemote.append(agent)
    }
}

/// Agent-owner side: one of our agents reserved for a call owned by another site.
public struct RemoteHold: Hashable, Sendable {
    public let call: CallID
    public let agent: AgentID
    public let from: SiteID
    public internal(set) var deadlineMs: Int64
    /// The agent picked up; waiting for the call's owner to confirm the bridge.
    public internal(set) var answering: Bool = false
    /// The call's owner confirmed: the agent is on the call.
    public internal(set) var answered: Bool = false
}
