import CourtyardDomain

// MARK: - ACD

/// The automatic call distributor of one site, as a deterministic value: `handle(_:)` takes an
/// input (with `nowMs` passed in) and returns the directives the shell must execute. It owns
/// the site's queues, its logged-in agents, their reservation ledger, the replicated presence
/// board, sticky routes and the missed-call list. Every decision iterates in sorted order.
public struct ACD: Sendable {
    public let configuration: ACDConfiguration
    /// Agents whose consoles are connected to this site (we are their owner).
    public internal(set) var agents: [AgentID: Agent] = [:]
    /// The logged-in agents' ids, sorted: kept with `agents` by `addAgent`/`removeAgent`, so
    /// the decisions that walk agents in id order do not sort them on every input.
    private(set) var agentOrder: [AgentID] = []
    /// Calls that entered at this site.
    public internal(set) var calls: [CallID: QueuedCall] = [:]
    /// Our agents reserved for calls owned by other sites.
    public internal(set) var remoteHolds: [CallID: RemoteHold] = [:]
    public internal(set) var reservations: AgentReservations
    public internal(set) var presence: PresenceBoard
    public internal(set) var sticky: StickyRoutes
    public internal(set) var missedCalls: MissedCalls
    /// Round-robin position per queue: the agent offered last.
    var lastOffered: [QueueID: AgentID] = [:]
    /// The latest `nowMs` seen; time never runs backwards inside the core.
    public internal(set) var nowMs: Int64 = .min

    public var site: SiteID { configuration.site }

    public init(configuration: ACDConfiguration) {
        self.configuration = configuration
        self.reservations = AgentReservations(capacity: configuration.agentsMax + configuration.callsMax,
                                              allowDoubleReservation: configuration.allowDoubleReservation)
        self.presence = PresenceBoard()
        self.sticky = StickyRoutes(capacity: configuration.stickyCapacity)
        self.missedCalls = MissedCalls(capacity: configuration.missedCallsCapacity)
    }

    // MARK: Input

    /// Applies one input, then runs timers and routing. A refused input throws and leaves the
    /// ACD unchanged.
    public mutating func handle(_ input: ACDInput) throws(ACDError) -> [ACDDirective] {
        var copy = self
        var out: [ACDDirective] = []
        try copy.apply(input, into: &out)
        copy.advance(into: &out)
        self = copy
        return out
    }

    private mutating func apply(_ input: ACDInput, into out: inout [ACDDirective]) throws(ACDError) {
        switch input {
        case let .callArrived(call, queue, caller, emergency, now):
            clock(now); try arrive(call, queue: queue, caller: caller, emergency: emergency, into: &out)
        case let .agentLoggedIn(profile, now):
            clock(now); try logIn(profile, failover: false, into: &out)
        case let .agentFailedOver(profile, now):
            clock(now); try logIn(profile, failover: true, into: &out)
        case let .agentRequested(agent, request, now):
            clock(now); try agentRequest(agent, request, into: &out)
        case let .offerAnswered(call, agent, now):
            clock(now); try answer(call, agent: agent, into: &out)
        case let .offerDeclined(call, agent, now):
            clock(now); try miss(call, agent: agent, timedOut: false, into: &out)
        case let .offerTimedOut(call, agent, now):
            clock(now); try miss(call, agent: agent, timedOut: true, into: &out)
        case let .callEnded(call, now):
            clock(now); try end(call, into: &out)
        case let .callAbandoned(call, now):
            clock(now); try abandon(call, into: &out)
        case let .tick(now):
            clock(now)
        case let .presenceReceived(records, now):
            clock(now); mergePresence(records, into: &out)
        case let .remoteReservationResult(call, agent, outcome, now):
            clock(now); try remoteResult(call, agent: agent, outcome: outcome, into: &out)
        case let .remoteReserveRequested(call, agent, from, caller, now):
            clock(now); ownerReserve(call, agent: agent, from: from, caller: caller, into: &out)
        case let .remoteConnectConfirmed(call, agent, connected, now):
            clock(now); try ownerConfirm(call, agent: agent, connected: connected, into: &out)
        case let .remoteReservationCancelled(call, agent, now):
            clock(now); try ownerCancel(call, agent: agent, into: &out)
        case let .remoteAnsweredAtPhone(call, agent, now):
            clock(now); try remoteAnsweredAtPhone(call, agent: agent, into: &out)
        case let .dayStarted(now):
            clock(now)
            for id in agentOrder { agents[id]!.startNewDay() }
        }
    }

    /// Marks a missed call as called back (回拨).
    public mutating func markCalledBack(_ call: CallID, by agent: AgentID, nowMs: Int64) throws(ACDError) {
        try missedCalls.markCalledBack(call, by: agent, nowMs: nowMs)
    }

    // MARK: Reading

    /// Calls waiting in `queue`, in the order they will be served.
    public func waiting(in queue: QueueID) -> [QueuedCall] {
        waitingIDs { $0.queue == queue }.map { calls[$0]! }
    }

    /// The ids of waiting calls that pass `include`, in service order. Sorts small keys, not
    /// the calls themselves (a call is a large value; sorting them was most of a routing
    /// decision's time with a thousand calls waiting).
    func waitingIDs(_ include: (QueuedCall) -> Bool = { _ in true }) -> [CallID] {
        calls.values.compactMap { c -> WaitKey? in
            c.phase == .waiting && include(c) ? WaitKey(emergency: c.emergency, arrivedMs: c.arrivedMs, call: c.call) : nil
        }.sorted().map(\.call)
    }

    /// A waiting call's place: emergencies first, then by arrival, then by id (as `QueuedCall.precedes`).
    struct WaitKey: Comparable {
        let emergency: Bool
        let arrivedMs: Int64
        let call: CallID
        static func < (a: WaitKey, b: WaitKey) -> Bool {
            if a.emergency != b.emergency { return a.emergency }
            return (a.arrivedMs, a.call) < (b.arrivedMs, b.call)
        }
    }

    // MARK: Helpers

    mutating func clock(_ now: Int64) { nowMs = max(nowMs, now) }

    /// Adds (or replaces) a logged-in agent, keeping `agentOrder` sorted.
    mutating func addAgent(_ agent: Agent) {
        if agents.updateValue(agent, forKey: agent.id) == nil {
            agentOrder.insert(agent.id, at: Self.insertionIndex(of: agent.id, in: agentOrder))
        }
    }

    /// Removes a logged-in agent.
    mutating func removeAgent(_ id: AgentID) {
        guard agents.removeValue(forKey: id) != nil else { return }
        let i = Self.insertionIndex(of: id, in: agentOrder)
        if i < agentOrder.count, agentOrder[i] == id { agentOrder.remove(at: i) }
    }

    /// The first index whose id is not below `id` (binary search of a sorted array).
    static func insertionIndex(of id: AgentID, in sorted: [AgentID]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Applies an agent transition, records it and republishes presence.
    mutating func transition(_ id: AgentID, into out: inout [ACDDirective],
                             _ body: (inout Agent) throws(AgentTransitionError) -> AgentStateChange) throws(ACDError) {
        guard var agent = agents[id] else { throw .unknownAgent(id) }
        let change: AgentStateChange
        do { change = try body(&agent) } catch { throw .transition(error) }
        agents[id] = agent
        out.append(.recordAgentChange(change))
        publish(agent, into: &out)
    }

    /// Writes a fresh presence record for a local agent (new version, renewed lease).
    mutating func publish(_ agent: Agent, into out: inout [ACDDirective]) {
        let version = (presence.records[agent.id]?.version ?? 0) + 1
        let record = PresenceRecord(agent: agent, site: site, version: version,
                                    leaseExpiresMs: nowMs + configuration.presenceLeaseMs)
        presence.merge(record)
        out.append(.publishPresence(record))
    }
}
