import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - ACD shell

extension Simulator {
    /// Feeds one input to site `i`'s ACD on that node's clock, executes the directives, and
    /// runs the call-center safety checks. Returns false when the node is down or the ACD
    /// refused the input (recorded in the trace; refusals of late or stale inputs are normal).
    @discardableResult
    mutating func acd(_ i: Int, _ input: ACDInput) -> Bool {
        guard nodes[i].up else { return false }
        let out: [ACDDirective]
        do {
            out = try cc.centers[i].acd.handle(input)
        } catch {
            record("acd-refused", "\(siteIDs[i]) \(CallCenterLabels.input(input)): \(error)")
            return false
        }
        switch input {
        case .tick, .presenceReceived: if !out.isEmpty { record("acd", "\(siteIDs[i]) \(CallCenterLabels.input(input)) -> \(out.count)") }
        default: record("acd", "\(siteIDs[i]) \(CallCenterLabels.input(input)) -> \(out.count)")
        }
        executeACD(out, at: i)
        if let id = CallCenterLabels.call(of: input) { reconcile(id, at: i) }
        // Presence renewals and announcements never touch a reservation ledger.
        if out.contains(where: Self.touchesLedgers) { checkCallCenter() }
        return true
    }

    static func touchesLedgers(_ d: ACDDirective) -> Bool {
        switch d {
        case .publishPresence, .announcePosition: false
        default: true
        }
    }

    /// The node's ACD clock (its own wall clock, skew included).
    func acdNow(_ i: Int) -> Int64 { nodes[i].nowMs(nowMs) }

    mutating func executeACD(_ out: [ACDDirective], at i: Int) {
        var presence: [PresenceRecord] = []
        for d in out {
            switch d {
            case .offer(let call, let agent, _, _): agentWillRespond(call, agent, at: i)
            // The simulated agents answer at their owner (the console path), so a remote ring
            // through the caller's gateway is not modelled.
            case .withdrawOffer, .announcePosition, .ringRemote, .answerRemote: break
            case .connect(let call, let agent, let site): connected(call, agent: agent, agentSite: site, at: i)
            case .reserveRemote(let call, let agent, let site, let caller):
                stats.overflowRequests += 1
                sendACD(.reserve(call, agent: agent, caller: caller), from: i, to: site)
            case .confirmRemote(let call, let agent, let site, let ok): sendACD(.confirm(call, agent: agent, connected: ok), from: i, to: site)
            case .cancelRemote(let call, let agent, let site): sendACD(.cancel(call, agent: agent), from: i, to: site)
            case .replyRemote(let call, let agent, let to, let outcome): sendACD(.reply(call, agent: agent, outcome), from: i, to: to)
            case .sendToVoicemail(let call, let reason):
                record("voicemail", "\(call) \(reason.rawValue)")
                if cc.calls.removeValue(forKey: call) != nil { stats.voicemails += 1 }
            case .recordAgentChange(let c): record("agent", "\(c.agent) \(c.from.kind.rawValue)->\(c.to.kind.rawValue) \(c.cause.rawValue)")
            case .recordMissedCall(let m):
                queue.push(atMs: nowMs + rng.int(in: 300_000...900_000),
                           .callCenter(.callback(site: i, life: nodes[i].life, m.call, attempt: 0)))
            case .publishPresence(let r): presence.append(r)
            }
        }
        guard !presence.isEmpty else { return }
        for peer in nodes.indices where peer != i { sendACD(.presence(presence), from: i, toIndex: peer) }
    }

    // MARK: Network

    mutating func sendACD(_ m: ACDMessage, from i: Int, to site: SiteID) {
        guard let j = siteIDs.firstIndex(of: site) else { return }
        sendACD(m, from: i, toIndex: j)
    }

    mutating func sendACD(_ m: ACDMessage, from i: Int, toIndex j: Int) {
        var r = rng
        switch network.route(from: i, to: j, nowMs: nowMs, extraDelayMs: 0, rng: &r) {
        case .lostInPartition, .dropped:
            stats.messagesLost += 1
        case .deliver(let times):
            for t in times { queue.push(atMs: t, .callCenter(.acdDeliver(to: j, from: i, m))) }
        }
        rng = r
    }

    mutating func deliverACD(to j: Int, from i: Int, _ m: ACDMessage) {
        guard nodes[j].up, !network.isCut(i, j, atMs: nowMs) else {
            stats.messagesLost += 1
            return
        }
        stats.messagesDelivered += 1
        record("deliver", "a \(siteIDs[i])>\(siteIDs[j]) \(m.label)")
        let now = acdNow(j), from = siteIDs[i]
        switch m {
        case .presence(let rs): acd(j, .presenceReceived(rs, nowMs: now))
        case .reserve(let c, let a, let caller): acd(j, .remoteReserveRequested(c, agent: a, from: from, caller: caller, nowMs: now))
        case .reply(let c, let a, let o): acd(j, .remoteReservationResult(c, agent: a, outcome: o, nowMs: now))
        case .confirm(let c, let a, let ok): acd(j, .remoteConnectConfirmed(c, agent: a, connected: ok, nowMs: now))
        case .cancel(let c, let a): acd(j, .remoteReservationCancelled(c, agent: a, nowMs: now))
        }
    }

    // MARK: Ticks

    /// How often each ACD's timers run (offer and reply time-outs, wrap-up, leases).
    static let acdTickMs: Int64 = 2_000

    /// Starts the ACD tick of node `i`'s current life.
    mutating func bootCallCenter(_ i: Int) {
        queue.push(atMs: nowMs + rng.int(in: 1...Self.acdTickMs), .callCenter(.acdTick(site: i, life: nodes[i].life)))
    }

    mutating func acdTick(_ i: Int, _ life: Int) {
        guard isLive(i, life) else { return }
        acd(i, .tick(nowMs: acdNow(i)))
        queue.push(atMs: nowMs + Self.acdTickMs, .callCenter(.acdTick(site: i, life: life)))
    }

    // MARK: Agents answering

    /// An offer rings an agent's console: the agent answers or declines after a few seconds,
    /// or lets it ring out (the ACD's offer timeout takes over).
    mutating func agentWillRespond(_ call: CallID, _ agent: AgentID, at i: Int) {
        let c = scenario.callCenter
        if rng.chance(c.noAnswerRate) { return }
        let decline = rng.chance(c.declineRate)
        let at = nowMs + rng.int(in: 1_000...8_000)
        queue.push(atMs: at, .callCenter(.agentResponds(site: i, life: nodes[i].life, call, agent, answer: !decline)))
    }

    mutating func agentResponds(_ i: Int, _ life: Int, _ call: CallID, _ agent: AgentID, answer: Bool) {
        guard isLive(i, life) else { return }
        let acdNow = acdNow(i)
        let center = cc.centers[i].acd
        let ringingHere: Bool
        if case .reserved(call, _)? = center.agents[agent]?.state { ringingHere = true } else {
            ringingHere = center.remoteHolds[call].map { $0.agent == agent && !$0.answering } ?? false
        }
        guard ringingHere else { return }
        acd(i, answer ? .offerAnswered(call, agent: agent, nowMs: acdNow) : .offerDeclined(call, agent: agent, nowMs: acdNow))
    }

    // MARK: Bridges

    /// The call's owner bridged the caller to `agent` (at `agentSite`): talk starts, the
    /// agent opens the work order, the caller's number remembers the agent.
    mutating func connected(_ id: CallID, agent: AgentID, agentSite site: SiteID, at i: Int) {
        guard var call = cc.calls[id], let agentSite = siteIDs.firstIndex(of: site) else {
            record("bridge-unknown", "\(id) \(agent)")
            return
        }
        if let other = cc.bridges[id], other != agent {
            reportCallCenter("one-agent-per-call", "call \(id) bridged to \(agent) while still bridged to \(other)")
        }
        cc.bridges[id] = agent
        call.state = .connected(agent, site: agentSite)
        call.token += 1
        if !call.answered {
            call.answered = true
            stats.callsAnswered += 1
            if agentSite != i { stats.callsOverflowed += 1 }
            if call.previousAgent == agent { stats.stickyHits += 1 }
        }
        _ = try? call.session.offerToAgent(agent, nowMs: acdNow(i))
        _ = try? call.session.onAnswered(agent, nowMs: acdNow(i))
        _ = try? call.session.onBridged(agent, nowMs: acdNow(i))
        rememberCaller(call, agent: agent)
        let talk = rng.int(in: scenario.callCenter.talkMinMs...scenario.callCenter.talkMaxMs)
        queue.push(atMs: nowMs + talk, .callCenter(.talkEnds(id, token: call.token)))
        let needsTicket = !call.ticketOpened
        call.ticketOpened = true
        cc.calls[id] = call
        record("bridge", "\(id) \(agent)@\(site)")
        if needsTicket { openTicket(home: call.home, at: i, request: nil) }
    }

    mutating func rememberCaller(_ call: SimCall, agent: AgentID) {
        cc.lastAgentOf[call.number] = agent
        var recent = cc.recentCallers[call.home]
        if !recent.contains(call.number) {
            if recent.count >= CallCenterWorld.recentCallersMax { recent.removeFirst() }
            recent.append(call.number)
        }
        cc.recentCallers[call.home] = recent
    }

    /// The talk ends: both ends' gateways see the hang-up, so both ACDs hear `callEnded`.
    mutating func talkEnds(_ id: CallID, token: Int) {
        guard let call = cc.calls[id], call.token == token, case .connected(_, let agentSite) = call.state else { return }
        cc.calls[id] = nil
        cc.bridges[id] = nil
        if isLive(call.owner, call.ownerLife) { acd(call.owner, .callEnded(id, nowMs: acdNow(call.owner))) }
        if agentSite != call.owner { acd(agentSite, .callEnded(id, nowMs: acdNow(agentSite))) }
    }

    /// After an input about call `id` at its owner: when the ACD took a bridged call back
    /// (the remote agent's owner released the agent), the shell drops that leg and the
    /// caller waits again.
    mutating func reconcile(_ id: CallID, at i: Int) {
        guard var call = cc.calls[id], call.owner == i, case .connected(let agent, _) = call.state else { return }
        if case .connected(agent, _)? = cc.centers[i].acd.calls[id]?.phase { return }
        record("unbridge", "\(id) \(agent): the ACD took the call back")
        cc.bridges[id] = nil
        call.state = .queued
        call.token += 1
        cc.calls[id] = call
        armPatience(id)
    }
}
