import CourtyardDomain

// MARK: - Calls owned by this site

extension ACD {
    mutating func arrive(_ id: CallID, queue: QueueID, caller: PhoneNumber?, emergency: Bool,
                         into out: inout [ACDDirective]) throws(ACDError) {
        guard let slot = queueSlots[queue] else { throw .unknownQueue(queue) }
        let q = configuration.queues[slot]
        guard calls[id] == nil, remoteHolds[id] == nil else { throw .duplicateCall(id) }
        guard calls.count < configuration.callsMax else { throw .tooManyCalls(limit: configuration.callsMax) }
        if calls.waitingKeys(slot: slot).count >= q.waitingMax {
            out.append(.sendToVoicemail(id, reason: .queueFull))
            return
        }
        var call = QueuedCall(call: id, queue: queue, slot: slot, caller: caller, emergency: emergency, arrivedMs: nowMs)
        if let number = caller?.canonicalWithoutExtension,
           let last = sticky.lastAgent(of: number, nowMs: nowMs, memoryMs: configuration.stickyMemoryMs) {
            call.stickyAgent = last
            call.stickyUntilMs = nowMs + configuration.stickyWindowMs
        }
        calls.insert(call)
        // Its place: one more than the waiting calls of its queue served before it.
        out.append(.announcePosition(id, position: calls.waitingAhead(of: call) + 1))
    }

    mutating func answer(_ id: CallID, agent: AgentID, into out: inout [ACDDirective]) throws(ACDError) {
        if var hold = remoteHolds[id] {
            // The call's owner decides who gets the call: the agent waits, still reserved,
            // until it confirms, so a call it already routed elsewhere never has two agents.
            guard hold.agent == agent, !hold.answering else { throw .notOfferedTo(id, agent) }
            hold.answering = true
            hold.deadlineMs = nowMs + configuration.remoteReplyTimeoutMs
            remoteHolds[id] = hold
            out.append(.replyRemote(id, agent: agent, to: hold.from, outcome: .answered))
            return
        }
        guard let call = calls[id] else { throw .unknownCall(id) }
        guard case .ringing(let ringing, _) = call.phase, ringing.contains(agent) else { throw .notOfferedTo(id, agent) }
        try connectLocal(id, agent: agent, into: &out)
        let here = site
        calls.update(id) { $0.phase = .connected(agent: agent, site: here) }
        if let number = call.caller?.canonicalWithoutExtension {
            sticky.remember(number, agent: agent, nowMs: nowMs)
        }
        out.append(.connect(id, agent: agent, site: site))
    }

    /// Answers on the agent and in the ledger; withdraws the ring-all losers.
    /// Refuses (changing nothing) when the ledger or the agent's state refuses the answer.
    mutating func connectLocal(_ id: CallID, agent: AgentID, into out: inout [ACDDirective]) throws(ACDError) {
        let now = nowMs
        let answers = agents[agent]?.state.call == id
        if answers, var probe = agents[agent] {
            // Validate the agent's transition before the ledger changes (validate, then mutate).
            do { _ = try probe.answer(call: id, nowMs: now) } catch { throw .transition(error) }
        }
        let losers: [AgentID]
        do { losers = try reservations.connect(agent: agent, call: id) } catch { throw .reservation(error) }
        if answers {
            try transition(agent, into: &out) { a throws(AgentTransitionError) in try a.answer(call: id, nowMs: now) }
        }
        for loser in losers {
            withdrawLocal(id, agent: loser, into: &out)
        }
    }

    /// Stops ringing one local agent without blaming it.
    mutating func withdrawLocal(_ id: CallID, agent: AgentID, into out: inout [ACDDirective]) {
        let now = nowMs
        try? reservations.release(agent: agent, call: id)
        if case .reserved(id, _) = agents[agent]?.state {
            try? transition(agent, into: &out) { a throws(AgentTransitionError) in try a.withdrawOffer(call: id, nowMs: now) }
        }
        out.append(.withdrawOffer(id, agent: agent))
    }

    /// An offer declined or rung out, on a local call or a remote hold.
    mutating func miss(_ id: CallID, agent: AgentID, timedOut: Bool, into out: inout [ACDDirective]) throws(ACDError) {
        if let hold = remoteHolds[id] {
            guard hold.agent == agent, !hold.answering else { throw .notOfferedTo(id, agent) }
            missLocal(id, agent: agent, timedOut: timedOut, into: &out)
            remoteHolds[id] = nil
            out.append(.replyRemote(id, agent: agent, to: hold.from, outcome: .released))
            return
        }
        guard let call = calls[id] else { throw .unknownCall(id) }
        guard case .ringing(let ringing, let deadline) = call.phase, ringing.contains(agent) else {
            throw .notOfferedTo(id, agent)
        }
        missLocal(id, agent: agent, timedOut: timedOut, into: &out)
        let rest = ringing.filter { $0 != agent }
        calls.update(id) { call in
            if rest.isEmpty {
                call.stickyAgent = nil
                call.phase = .waiting
            } else {
                call.phase = .ringing(agents: rest, deadlineMs: deadline)
            }
        }
    }

    private mutating func missLocal(_ id: CallID, agent: AgentID, timedOut: Bool, into out: inout [ACDDirective]) {
        let now = nowMs, retry = configuration.retryDelayMs, k = configuration.missedOffersMax
        try? reservations.release(agent: agent, call: id)
        if case .reserved(id, _) = agents[agent]?.state {
            try? transition(agent, into: &out) { a throws(AgentTransitionError) in
                try a.missOffer(call: id, timedOut: timedOut, retryDelayMs: retry, missedOffersMax: k, nowMs: now)
            }
        }
    }

    /// A connected call ended; a call not yet connected is treated as abandoned.
    mutating func end(_ id: CallID, into out: inout [ACDDirective]) throws(ACDError) {
        if let hold = remoteHolds[id] {
            if hold.answered { hangUpLocal(id, agent: hold.agent, into: &out) } else {
                withdrawLocal(id, agent: hold.agent, into: &out)
            }
            remoteHolds[id] = nil
            return
        }
        guard let call = calls[id] else { throw .unknownCall(id) }
        guard case .connected(let agent, let at) = call.phase else { return try abandon(id, into: &out) }
        if at == site { hangUpLocal(id, agent: agent, into: &out) }
        calls.remove(id)
    }

    private mutating func hangUpLocal(_ id: CallID, agent: AgentID, into out: inout [ACDDirective]) {
        let now = nowMs
        try? reservations.release(agent: agent, call: id)
        if case .onCall(id, _) = agents[agent]?.state {
            try? transition(agent, into: &out) { a throws(AgentTransitionError) in try a.hangUp(call: id, nowMs: now) }
        }
    }

    /// The caller hung up before an agent answered: withdraw every offer, log the missed call.
    mutating func abandon(_ id: CallID, into out: inout [ACDDirective]) throws(ACDError) {
        guard let call = calls[id] else { throw .unknownCall(id) }
        switch call.phase {
        case .connected:
            return try end(id, into: &out)
        case .ringing(let ringing, _):
            for agent in ringing { withdrawLocal(id, agent: agent, into: &out) }
        case .remote(let agent, let at, _, _):
            out.append(.cancelRemote(id, agent: agent, site: at))
        case .waiting:
            break
        }
        calls.remove(id)
        let missed = MissedCall(call: id, callerNumber: call.caller?.canonicalWithoutExtension, site: site,
                                queue: call.queue, atMs: nowMs, waitedMs: nowMs - call.arrivedMs)
        missedCalls.append(missed)
        out.append(.recordMissedCall(missed))
    }
}
