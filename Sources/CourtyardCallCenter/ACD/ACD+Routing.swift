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
        // Only calls a timer can touch: an offer past its deadline, a remote request, a wait
        // past the queue's maximum (the rest would pass through the loop untouched), sorted
        // by id as before.
        let due = calls.values.compactMap { c -> CallID? in
            switch c.phase {
            case .ringing(_, let deadline) where now >= deadline: return c.call
            case .remote: return c.call
            case .waiting:
                guard let q = configuration.queue(c.queue), now - c.arrivedMs >= q.maxWaitMs else { return nil }
                return c.call
            default: return nil
            }
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
                    backToQueue(id, refusing: agent)
                }
            default: break
            }
            guard let q = configuration.queue(call.queue), calls[id]?.phase == .waiting,
                  now - call.arrivedMs >= q.maxWaitMs else { continue }
            calls[id] = nil
            out.append(.sendToVoicemail(id, reason: .maxWaitReached))
        }
    }

    mutating func backToQueue(_ id: CallID, refusing agent: AgentID) {
        guard var call = calls[id] else { return }
        call.phase = .waiting
        call.rememberRefused(agent)
        calls[id] = call
    }

    // MARK: Matching

    /// Matches waiting calls to agents, in queue order. What a call's match depends on —
    /// the free local agents, the remote agents already asked for, the available remote
    /// agents per skill — is computed once per pass and updated as offers are made, so a
    /// pass costs O(calls + agents) set work, not O(calls × agents) (the decisions are the
    /// same as recomputing everything for each call).
    private mutating func route(into out: inout [ACDDirective]) {
        let waitingCalls = waitingIDs().map { calls[$0]! }
        guard !waitingCalls.isEmpty else { return }
        var free = agentOrder.filter { agents[$0]!.acceptsOffers(nowMs: nowMs) && !reservations.isReserved($0) }
        var pending = Set(calls.values.compactMap { c -> AgentID? in
            if case .remote(let a, _, _, _) = c.phase { return a } else { return nil }
        })
        var remote: [SkillID: [PresenceRecord]] = [:]
        // (queue, admitted level) pairs with no free agent: `free` only shrinks in a pass, so
        // the next call of the same queue and level finds none either.
        var exhausted: Set<QueueLevel> = []
        for call in waitingCalls {
            guard let q = configuration.queue(call.queue) else { continue }
            if offerSticky(call, queue: q, into: &out) {
                if case .ringing(let ringing, _)? = calls[call.call]?.phase { free.removeAll { ringing.contains($0) } }
                continue
            }
            let key = QueueLevel(queue: q.id, level: q.levelAdmitted(waitedMs: nowMs - call.arrivedMs))
            if !free.isEmpty, !exhausted.contains(key) {
                var noneEligible = false
                if offerLocal(call, queue: q, free: free, noneEligible: &noneEligible, into: &out) {
                    if case .ringing(let ringing, _)? = calls[call.call]?.phase { free.removeAll { ringing.contains($0) } }
                    continue
                }
                if noneEligible { exhausted.insert(key) }
            }
            overflow(call, queue: q, pending: &pending, remote: &remote, into: &out)
        }
    }

    /// Within the sticky window, offers the call to the caller's last agent if available;
    /// otherwise the call falls back to the queue at once.
    private mutating func offerSticky(_ call: QueuedCall, queue q: QueueConfiguration, into out: inout [ACDDirective]) -> Bool {
        guard let last = call.stickyAgent else { return false }
        guard nowMs < call.stickyUntilMs, let agent = agents[last], agent.acceptsOffers(nowMs: nowMs),
              agent.profile.level(of: q.skill) != nil, !reservations.isReserved(last) else {
            calls[call.call]?.stickyAgent = nil
            return false
        }
        let deadline = min(nowMs + configuration.offerTimeoutMs, call.stickyUntilMs)
        return offer(call, to: [last], ringAll: false, deadlineMs: deadline, into: &out)
    }

    /// Offers to local agents by the queue's strategy, among the best level admitted so far.
    struct QueueLevel: Hashable {
        let queue: QueueID
        let level: Int
    }

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
        calls[call.call]?.phase = .ringing(agents: ringing, deadlineMs: deadlineMs)
        return true
    }

    /// After the queue's overflow wait, asks the owner of a remote available agent.
    /// `pending`: remote agents already asked for (grows as this pass asks); `remote`: the
    /// available remote agents per skill, filled on first use in the pass.
    private mutating func overflow(_ call: QueuedCall, queue q: QueueConfiguration, pending: inout Set<AgentID>,
                                   remote: inout [SkillID: [PresenceRecord]], into out: inout [ACDDirective]) {
        guard let after = q.overflowAfterMs, nowMs - call.arrivedMs >= after else { return }
        if remote[q.skill] == nil { remote[q.skill] = presence.availableRemote(skill: q.skill, excludingSite: site, nowMs: nowMs) }
        guard let target = remote[q.skill]!.first(where: {
            !call.refusedRemote.contains($0.agent) && !pending.contains($0.agent) && agents[$0.agent] == nil
        }) else { return }
        pending.insert(target.agent)
        calls[call.call]?.phase = .remote(agent: target.agent, site: target.site, sinceMs: nowMs, granted: false)
        out.append(.reserveRemote(call.call, agent: target.agent, site: target.site, caller: call.caller))
    }

    // MARK: Announcements and presence

    private mutating func announce(into out: inout [ACDDirective]) {
        let every = configuration.positionAnnounceIntervalMs
        guard every > 0 else { return }
        // Sorting the queue only when one of its calls is due (most inputs announce nothing).
        // (Cheapest test first: the clock, then the phase, then the queue id's string.)
        for q in configuration.queues where calls.values.contains(where: {
            nowMs - $0.lastAnnouncedMs >= every && $0.phase == .waiting && $0.queue == q.id
        }) {
            for (i, call) in waiting(in: q.id).enumerated() where nowMs - call.lastAnnouncedMs >= every {
                calls[call.call]?.lastAnnouncedMs = nowMs
                out.append(.announcePosition(call.call, position: i + 1))
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
