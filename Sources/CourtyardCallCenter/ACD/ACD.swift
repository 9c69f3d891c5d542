import CourtyardDomain

// MARK: - ACD

/// The automatic call distributor of one site, as a deterministic value: `handle(_:)` takes an
/// input (with `nowMs` passed in) and returns the directives the shell must execute. It owns
/// the site's queues, its logged-in agents, their reservation ledger, the replicated presence
/// board, sticky routes and the missed-call list. Every decision iterates in sorted order.
public struct ACD: Hashable, Sendable {
    public let configuration: ACDConfiguration
    /// Each queue's index in `configuration.queues`.
    let queueSlots: [QueueID: Int]
    /// Agents whose consoles are connected to this site (we are their owner).
    public internal(set) var agents: [AgentID: Agent] = [:]
    /// The logged-in agents' ids, sorted: kept with `agents` by `addAgent`/`removeAgent`, so
    /// the decisions that walk agents in id order do not sort them on every input.
    private(set) var agentOrder: [AgentID] = []
    /// Calls that entered at this site, with each queue's waiting order.
    public internal(set) var calls: CallTable
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
        self.queueSlots = Dictionary(uniqueKeysWithValues: configuration.queues.enumerated().map { ($1.id, $0) })
        self.calls = CallTable(queueCount: configuration.queues.count)
        self.reservations = AgentReservations(capacity: configuration.agentsMax + configuration.callsMax,
                                              allowDoubleReservation: configuration.allowDoubleReservation)
        self.presence = PresenceBoard()
        self.sticky = StickyRoutes(capacity: configuration.stickyCapacity)
        self.missedCalls = MissedCalls(capacity: configuration.missedCallsCapacity)
    }

    // MARK: Input

    /// Applies one input, then runs timers and routing. A refused input throws and leaves the
    /// ACD unchanged: every input handler checks everything that can refuse it before it
    /// changes anything (validate, then mutate), so no copy of the state is needed to undo
    /// one — copying it was most of a decision's time with 500 agents. Debug builds check it.
    public mutating func handle(_ input: ACDInput) throws(ACDError) -> [ACDDirective] {
        var out: [ACDDirective] = []
        let clockBefore = nowMs
        #if DEBUG
        let before = self
        #endif
        do { try apply(input, into: &out) } catch {
            nowMs = clockBefore  // the clock moved first; a refused input does not move it
            #if DEBUG
            assert(self == before, "ACD input \(input) was refused (\(error)) after changing the state")
            #endif
            throw error
        }
        advance(into: &out)
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
        guard let slot = queueSlots[queue] else { return [] }
        return calls.waitingKeys(slot: slot).map { calls[$0.call]! }
    }

    /// The waiting calls of `slots`, merged into one service order (few queues: a linear
    /// pick of the smallest head is cheaper than a heap).
    func mergedWaiting(slots: [Int]) -> [WaitKey] {
        let lists = slots.map { calls.waitingKeys(slot: $0) }.filter { !$0.isEmpty }
        if lists.count == 1 { return lists[0] }
        var heads = Array(repeating: 0, count: lists.count)
        var out: [WaitKey] = []
        out.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        while true {
            var best = -1
            for l in lists.indices where heads[l] < lists[l].count {
                if best < 0 || lists[l][heads[l]] < lists[best][heads[best]] { best = l }
            }
            guard best >= 0 else { return out }
            out.append(lists[best][heads[best]])
            heads[best] += 1
        }
    }

    // MARK: Helpers

    mutating func clock(_ now: Int64) { nowMs = max(nowMs, now) }

    /// Adds (or replaces) a logged-in agent, keeping `agentOrder` sorted.
    mutating func addAgent(_ agent: Agent) {
        if agents.updateValue(agent, forKey: agent.id) == nil {
            agentOrder.insert(agent.id, at: agentOrder.lowerBound(of: agent.id))
        }
    }

    /// Removes a logged-in agent.
    mutating func removeAgent(_ id: AgentID) {
        guard agents.removeValue(forKey: id) != nil else { return }
        let i = agentOrder.lowerBound(of: id)
        if i < agentOrder.count, agentOrder[i] == id { agentOrder.remove(at: i) }
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

extension Array where Element: Comparable {
    /// In a sorted array, the first index whose element is not below `x` (binary search).
    func lowerBound(of x: Element) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
