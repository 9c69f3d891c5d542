import CourtyardDomain

// MARK: - Agents owned by this site

extension ACD {
    /// Logs an agent in here. On failover the agent keeps its state from the presence board
    /// (a call bound at the dead site becomes wrap-up) and this site writes a higher version.
    mutating func logIn(_ profile: AgentProfile, failover: Bool, into out: inout [ACDDirective]) throws(ACDError) {
        guard agents[profile.id] == nil else { throw .agentAlreadyLoggedIn(profile.id) }
        guard agents.count < configuration.agentsMax else { throw .tooManyAgents(limit: configuration.agentsMax) }
        let now = nowMs
        if failover, let old = presence.records[profile.id], old.state != .loggedOut {
            let agent = Agent(profile: profile, state: carriedState(old, wrapUpMs: profile.wrapUpMs), stats: carriedStats(old))
            let change = AgentStateChange(agent: profile.id, from: .loggedOut, to: agent.state, cause: .failover, atMs: now)
            addAgent(agent)
            out.append(.recordAgentChange(change))
            publish(agent, into: &out)
            return
        }
        // Validate the transition before the agent is added (validate, then mutate).
        var probe = Agent(profile: profile)
        do { _ = try probe.logIn(nowMs: now) } catch { throw .transition(error) }
        addAgent(Agent(profile: profile))
        try transition(profile.id, into: &out) { a throws(AgentTransitionError) in try a.logIn(nowMs: now) }
    }

    private func carriedState(_ old: PresenceRecord, wrapUpMs: Int64) -> AgentState {
        switch old.state {
        case .loggedOut, .available: return .available
        case .notReady: return .notReady(old.reason.flatMap(NotReadyReason.init(rawValue:)) ?? .other)
        case .onBreak: return .onBreak(old.reason.flatMap(BreakReason.init(rawValue:)) ?? .scheduled)
        case .reserved, .onCall, .wrapUp:
            guard let call = old.call else { return .available }
            return .wrapUp(call: call, untilMs: nowMs + wrapUpMs)
        }
    }

    private func carriedStats(_ old: PresenceRecord) -> AgentStats {
        var stats = AgentStats()
        stats.idleSinceMs = old.state == .available ? (old.idleSinceMs ?? nowMs) : nil
        return stats
    }

    /// What the agent asked for at the console.
    mutating func agentRequest(_ id: AgentID, _ request: AgentRequest, into out: inout [ACDDirective]) throws(ACDError) {
        let now = nowMs
        switch request {
        case .available:
            try transition(id, into: &out) { a throws(AgentTransitionError) in try a.makeAvailable(nowMs: now) }
        case .notReady(let reason):
            try transition(id, into: &out) { a throws(AgentTransitionError) in try a.setNotReady(reason, nowMs: now) }
        case .takeBreak(let reason):
            try transition(id, into: &out) { a throws(AgentTransitionError) in try a.takeBreak(reason, nowMs: now) }
        case .logOut:
            try transition(id, into: &out) { a throws(AgentTransitionError) in try a.logOut(nowMs: now) }
            removeAgent(id)
        }
    }

    /// Merges peers' presence; a local agent now owned by another site has moved its console
    /// there, so this site lets it go.
    mutating func mergePresence(_ records: [PresenceRecord], into out: inout [ACDDirective]) {
        for r in records.sorted(by: { ($0.agent, $0.version) < ($1.agent, $1.version) }) where r.site != site {
            presence.merge(r)
        }
        for id in agentOrder {
            guard let owner = presence.records[id]?.site, owner != site else { continue }
            let freed = reservations.reservations.filter { $0.agent == id }
            for r in freed {
                try? reservations.release(agent: id, call: r.call)
                guard !r.connected else { continue }
                // An offer still ringing: withdraw it (the console and the phone leg), and let
                // the call ring its other agents or wait again; a remote site's call hears that
                // its agent is gone.
                if let hold = remoteHolds[r.call], hold.agent == id {
                    remoteHolds[r.call] = nil
                    out.append(.withdrawOffer(r.call, agent: id))
                    out.append(.replyRemote(r.call, agent: id, to: hold.from, outcome: .released))
                } else if case .ringing(let ringing, let deadline)? = calls[r.call]?.phase, ringing.contains(id) {
                    let rest = ringing.filter { $0 != id }
                    calls.update(r.call) { $0.phase = rest.isEmpty ? .waiting : .ringing(agents: rest, deadlineMs: deadline) }
                    out.append(.withdrawOffer(r.call, agent: id))
                }
            }
            removeAgent(id)
        }
    }

    // MARK: Remote reservations, call-owner side

    mutating func remoteResult(_ id: CallID, agent: AgentID, outcome: RemoteOutcome,
                               into out: inout [ACDDirective]) throws(ACDError) {
        if let call = calls[id], case .connected(agent, let at) = call.phase, at != site {
            // Already connected to this agent: a late `granted` is stale; a `released` means the
            // owner dropped the agent after we connected, so serve the caller again.
            if outcome == .released {
                calls.update(id) { call in
                    call.phase = .waiting
                    call.rememberRefused(agent)
                }
            }
            return
        }
        guard let call = calls[id], case .remote(agent, let at, _, let granted) = call.phase else {
            // A late reply for a request we already gave up: make sure the owner lets go.
            guard outcome == .granted || outcome == .answered, let at = presence.records[agent]?.site else {
                throw .notOfferedTo(id, agent)
            }
            out.append(outcome == .answered ? .confirmRemote(id, agent: agent, site: at, connected: false)
                                            : .cancelRemote(id, agent: agent, site: at))
            return
        }
        switch outcome {
        case .granted:
            guard !granted else { return }
            let now = nowMs
            calls.update(id) { $0.phase = .remote(agent: agent, site: at, sinceMs: now, granted: true) }
            out.append(.ringRemote(id, agent: agent, site: at))
        case .answered:
            calls.update(id) { $0.phase = .connected(agent: agent, site: at) }
            out.append(.confirmRemote(id, agent: agent, site: at, connected: true))
            if let number = call.caller?.canonicalWithoutExtension { sticky.remember(number, agent: agent, nowMs: nowMs) }
            out.append(.connect(id, agent: agent, site: at))
        case .refused, .released:
            if granted { out.append(.withdrawOffer(id, agent: agent)) }
            backToQueue(id, refusing: agent)
        }
    }

    /// Our gateway says the remote agent we rang picked up: the agent's owner decides (it
    /// may have released the agent already), so forward it and wait for its `answered`.
    mutating func remoteAnsweredAtPhone(_ id: CallID, agent: AgentID, into out: inout [ACDDirective]) throws(ACDError) {
        guard let call = calls[id], case .remote(agent, let at, _, true) = call.phase else { throw .notOfferedTo(id, agent) }
        out.append(.answerRemote(id, agent: agent, site: at))
    }

    // MARK: Remote reservations, agent-owner side

    /// Another site asks for our agent. The ledger is the gate: it refuses an agent already
    /// holding a call; the agent's state refuses one not ready to take calls.
    mutating func ownerReserve(_ id: CallID, agent: AgentID, from: SiteID, caller: PhoneNumber?,
                               into out: inout [ACDDirective]) {
        let now = nowMs, deadline = nowMs + configuration.offerTimeoutMs
        func refuse(_ why: String) { out.append(.replyRemote(id, agent: agent, to: from, outcome: .refused(why))) }
        guard let a = agents[agent] else { return refuse("agent \(agent) is not logged in at \(site)") }
        guard remoteHolds[id] == nil, calls[id] == nil else { return refuse("call \(id) is already placed at \(site)") }
        guard remoteHolds.count < configuration.callsMax else { return refuse("too many remote holds at \(site)") }
        let busy = a.state.kind == .reserved || a.state.kind == .onCall
        guard a.acceptsOffers(nowMs: now) || (busy && reservations.allowDoubleReservation) else {
            return refuse("agent \(agent) is \(a.state.kind.rawValue)")
        }
        do { try reservations.reserve(agent: agent, call: id, nowMs: now) } catch { return refuse(error.description) }
        if a.state == .available {
            try? transition(agent, into: &out) { a throws(AgentTransitionError) in
                try a.reserve(call: id, deadlineMs: deadline, nowMs: now)
            }
        }
        remoteHolds[id] = RemoteHold(call: id, agent: agent, from: from, deadlineMs: deadline)
        out.append(.offer(id, agent: agent, caller: caller, deadlineMs: deadline))
        out.append(.replyRemote(id, agent: agent, to: from, outcome: .granted))
    }

    /// The call's owner confirmed (or refused) the bridge to our agent who picked up.
    mutating func ownerConfirm(_ id: CallID, agent: AgentID, connected: Bool, into out: inout [ACDDirective]) throws(ACDError) {
        guard var hold = remoteHolds[id], hold.agent == agent, hold.answering, !hold.answered else {
            throw .notOfferedTo(id, agent)
        }
        guard connected else {
            withdrawLocal(id, agent: agent, into: &out)
            remoteHolds[id] = nil
            return
        }
        try connectLocal(id, agent: agent, into: &out)
        hold.answered = true
        remoteHolds[id] = hold
    }

    mutating func ownerCancel(_ id: CallID, agent: AgentID, into out: inout [ACDDirective]) throws(ACDError) {
        guard let hold = remoteHolds[id], hold.agent == agent else { throw .notOfferedTo(id, agent) }
        if hold.answered { try end(id, into: &out); return }
        withdrawLocal(id, agent: agent, into: &out)
        remoteHolds[id] = nil
    }
}
