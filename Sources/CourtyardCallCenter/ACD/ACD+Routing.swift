// MARK: - Timers and routing

extension ACD {
    /// Runs after every input: due timers first, then matching calls to agents, then
    /// announcements and presence renewal.
    mutating func advance(into out: inout [ACDDirective]) {
        expireTimers(into: &out)
        route(into: &out)
        announce(into: &out)
        renewPresence(into: &out)
    }

    // MARK: Timers

    private mutating func expireTimers(into out: inout [ACDDirective]) {
        let now = nowMs
        for id in agentOrder {
            if let change = agents[id]!.tick(nowMs: now) {
                out.append(.recordAgentChange(change))
                publish(agents[id]!, into: &out)
            }
        }
        for id in remoteHolds.keys.sorted() where !remoteHolds[id]!.answered && now >= remoteHolds[id]!.deadlineMs {
            let hold = remoteHolds[id]!
            if hold.answering {
                // The call's owner never confirmed: let the agent go and say so.
                withdrawLocal(id, agent: hold.agent, into: &out)
                remoteHolds[id] = nil
                out.append(.replyRemote(id, agent: hold.agent, to: hold.from, outcome: .released))
            } else {
                try? miss(id, agent: hold.agent, timedOut: true, into: &out)
            }
        }
        // Only calls a timer can touch: an offer past its deadline or a remote request (the
        // in-flight set), a wait past the queue's maximum (a scan of each queue's order) —
        // sorted by id, as when every call was visited.
        var due = calls.inFlight.filter { id in
            switch calls[id]?.phase {
            case .ringing(_, let deadline)?: now >= deadline
            case .remote?: true
            default: false
            }
        }
        for (slot, q) in configuration.queues.enumerated() {
            for key in calls.waitingKeys(slot: slot) where now - key.arrivedMs >= q.maxWaitMs { due.insert(key.call) }
        }
        for id in due.sorted() {
            guard let call = calls[id] else { continue }
            switch call.phase {
            case .ringing(let ringing, let deadline) where now >= deadline:
                for agent in ringing { try? miss(id, agent: agent, timedOut: true, into: &out) }
            case .remote(let agent, let at, let since, let granted):
                // Once the owner rings the agent it answers for the outcome; giving up early
                // could let the agent answer a call already routed elsewhere. Only a lapsed
                // lease (owner dead or cut off) ends the wait.
                let gaveUp = granted ? presence.live(agent, nowMs: now) == nil
                    : now - since >= configuration.remoteReplyTimeoutMs
                if gaveUp {
                    out.append(.cancelRemote(id, agent: agent, site: at))
                    // Granted means our gateway rings the agent: stop that ring too.
                    if granted { out.append(.withdrawOffer(id, agent: agent)) }
                    backToQueue(id, refusing: agent)
                }
            default: break
            }
            let q = configuration.queues[call.slot]
            guard calls[id]?.phase == .waiting, now - call.arrivedMs >= q.maxWaitMs else { continue }
            calls.remove(id)
            out.append(.sendToVoicemail(id, reason: .maxWaitReached))
        }
    }

    mutating func backToQueue(_ id: CallID, refusing agent: AgentID) {
        calls.update(id) { call in
            call.phase = .waiting
            call.rememberRefused(agent)
        }
    }

    // MARK: Matching

    /// Matches waiting calls to agents, in service order across queues. What a call's match
    /// depends on — the free local agents, the remote agents already asked for, the
    /// available remote agents per skill — is computed once per pass and updated as offers
    /// are made, so a pass costs O(calls + agents) cheap work, not O(calls × agents), and
    /// the decisions are the same as recomputing everything for each call. A queue no free
    /// agent can serve and that never overflows is left out of the pass, but for its calls
    /// with a sticky agent (nothing else could happen to them).
    private mutating func route(into out: inout [ACDDirective]) {
        let queues = configuration.queues
        guard queues.indices.contains(where: { !calls.waitingKeys(slot: $0).isEmpty }) else { return }
        var free = agentOrder.filter { agents[$0]!.acceptsOffers(nowMs: nowMs) && !reservations.isReserved($0) }
        var live: [Int] = []
        var stickyOnly: [WaitKey] = []
        for slot in queues.indices where !calls.waitingKeys(slot: slot).isEmpty {
            let q = queues[slot]
            if q.overflowAfterMs != nil || free.contains(where: { agents[$0]!.profile.level(of: q.skill) != nil }) {
                live.append(slot)
            } else {
                stickyOnly += calls.waitingKeys(slot: slot).filter(\.sticky)
            }
        }
        var order = mergedWaiting(slots: live)
        if !stickyOnly.isEmpty { order = (order + stickyOnly).sorted() }
        guard !order.isEmpty else { return }
        var pending: Set<AgentID>?
        var remote: [SkillID: [PresenceRecord]] = [:]
        // (queue slot, admitted level) pairs with no free agent: `free` only shrinks in a
        // pass, so the next call of the same queue and level finds none either.
        var exhausted: Set<Int> = []
        for key in order {
            let q = queues[key.slot]
            if key.sticky, let call = calls[key.call], offerSticky(call, queue: q, into: &out) {
                if case .ringing(let ringing, _)? = calls[key.call]?.phase { free.removeAll { ringing.contains($0) } }
                continue
            }
            let waited = nowMs - key.arrivedMs
            let level = q.levelAdmitted(waitedMs: waited)
            let levelKey = key.slot &* (SkillLevel.levelMax + 1) &+ level
            if !free.isEmpty, !exhausted.contains(levelKey) {
                var noneEligible = false
                if offerLocal(calls[key.call]!, queue: q, free: free, noneEligible: &noneEligible, into: &out) {
                    if case .ringing(let ringing, _)? = calls[key.call]?.phase { free.removeAll { ringing.contains($0) } }
                    continue
                }
                if noneEligible { exhausted.insert(levelKey) }
            }
            guard let after = q.overflowAfterMs, waited >= after else { continue }
            if pending == nil {
                pending = Set(calls.inFlight.compactMap { id -> AgentID? in
                    if case .remote(let a, _, _, _)? = calls[id]?.phase { return a } else { return nil }
                })
            }
            overflow(calls[key.call]!, queue: q, pending: &pending!, remote: &remote, into: &out)
        }
    }

    /// Within the sticky window, offers the call to the caller's last agent if available;
    /// otherwise the call falls back to the queue at once.
    private mutating func offerSticky(_ call: QueuedCall, queue q: QueueConfiguration, into out: inout [ACDDirective]) -> Bool {
        guard let last = call.stickyAgent else { return false }
        guard nowMs < call.stickyUntilMs, let agent = agents[last], agent.acceptsOffers(nowMs: nowMs),
              agent.profile.level(of: q.skill) != nil, !reservations.isReserved(last) else {
            calls.update(call.call) { $0.stickyAgent = nil }
            return false
        }
        let deadline = min(nowMs + configuration.offerTimeoutMs, call.stickyUntilMs)
        return offer(call, to: [last], ringAll: false, deadlineMs: deadline, into: &out)
    }

    /// Offers to local agents by the queue's strategy, among the best level admitted so far.
    /// `free`: the agents, sorted by id, who accept offers and are not reserved.
    /// `noneEligible` is set when no free agent has the skill at an admitted level.
    private mutating func offerLocal(_ call: QueuedCall, queue q: QueueConfiguration, free: [AgentID],
                                     noneEligible: inout Bool, into out: inout [ACDDirective]) -> Bool {
        let admitted = q.levelAdmitted(waitedMs: nowMs - call.arrivedMs)
        let eligible = free.compactMap { id -> (Agent, Int)? in
            guard let a = agents[id], let level = a.profile.level(of: q.skill), level <= admitted else { return nil }
            return (a, level)
        }
        guard let best = eligible.map(\.1).min() else {
            noneEligible = true
            return false
        }
        let pool = eligible.filter { $0.1 == best }.map(\.0)
        let chosen = AgentSelection.pick(q.strategy, from: pool, lastOffered: lastOffered[q.id])
        if q.strategy != .ringAll { lastOffered[q.id] = chosen.first }
        return offer(call, to: chosen, ringAll: q.strategy == .ringAll, deadlineMs: nowMs + configuration.offerTimeoutMs,
                     into: &out)
    }

    /// Reserves and rings the chosen agents; agents the ledger refuses are skipped.
    private mutating func offer(_ call: QueuedCall, to chosen: [AgentID], ringAll: Bool, deadlineMs: Int64,
                                into out: inout [ACDDirective]) -> Bool {
        let now = nowMs
        var ringing: [AgentID] = []
        for id in chosen {
            do { try reservations.reserve(agent: id, call: call.call, nowMs: now, ringAll: ringAll) } catch { continue }
            do {
                try transition(id, into: &out) { a throws(AgentTransitionError) in
                    try a.reserve(call: call.call, deadlineMs: deadlineMs, nowMs: now)
                }
            } catch {
                try? reservations.release(agent: id, call: call.call)
                continue
            }
            ringing.append(id)
            out.append(.offer(call.call, agent: id, caller: call.caller, deadlineMs: deadlineMs))
        }
        guard !ringing.isEmpty else { return false }
        calls.update(call.call) { $0.phase = .ringing(agents: ringing, deadlineMs: deadlineMs) }
        return true
    }

    /// After the queue's overflow wait, asks the owner of a remote available agent.
    /// `pending`: remote agents already asked for (grows as this pass asks); `remote`: the
    /// available remote agents per skill, filled on first use in the pass.
    private mutating func overflow(_ call: QueuedCall, queue q: QueueConfiguration, pending: inout Set<AgentID>,
                                   remote: inout [SkillID: [PresenceRecord]], into out: inout [ACDDirective]) {
        if remote[q.skill] == nil { remote[q.skill] = presence.availableRemote(skill: q.skill, excludingSite: site, nowMs: nowMs) }
        guard let target = remote[q.skill]!.first(where: {
            !call.refusedRemote.contains($0.agent) && !pending.contains($0.agent) && agents[$0.agent] == nil
        }) else { return }
        pending.insert(target.agent)
        let now = nowMs
        calls.update(call.call) { $0.phase = .remote(agent: target.agent, site: target.site, sinceMs: now, granted: false) }
        out.append(.reserveRemote(call.call, agent: target.agent, site: target.site, caller: call.caller))
    }

    // MARK: Announcements and presence

    /// "You are number N": every waiting call whose last announcement is `every` old hears
    /// its place; a scan of each queue's order, which carries the last announcement time.
    private mutating func announce(into out: inout [ACDDirective]) {
        let every = configuration.positionAnnounceIntervalMs
        guard every > 0 else { return }
        for slot in configuration.queues.indices {
            let keys = calls.waitingKeys(slot: slot)
            for i in keys.indices where nowMs - keys[i].lastAnnouncedMs >= every {
                calls.markAnnounced(slot: slot, index: i, nowMs: nowMs)
                out.append(.announcePosition(keys[i].call, position: i + 1))
            }
        }
    }

    private mutating func renewPresence(into out: inout [ACDDirective]) {
        let half = configuration.presenceLeaseMs / 2
        for id in agentOrder {
            guard let record = presence.records[id], record.site == site,
                  record.leaseExpiresMs - nowMs > half else {
                publish(agents[id]!, into: &out)
                continue
            }
        }
    }
}
