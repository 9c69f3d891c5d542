import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication

// MARK: - Workload

extension Simulator {
    /// Once a simulated minute: draw each site's calls for the minute.
    mutating func workloadMinute() {
        guard chaos, nowMs < scenario.durationMs else { return }
        for s in scenario.sites.indices {
            let lambda = scenario.workload.callsPerMinute(virtualMs: nowMs, startHour: scenario.startHour)
            var n = Int(lambda)
            if rng.chance(lambda - Double(n)) { n += 1 }
            for _ in 0..<min(n, 500) { queue.push(atMs: nowMs + rng.int(in: 0...59_999), .call(site: s)) }
        }
        runMinuteFaultPoints()
        agentsMinute()
        queue.push(atMs: nowMs + 60_000, .workloadMinute)
    }

    /// The node that serves `home`'s residents now: the home node, or the first node up in
    /// rendezvous order for `key` (calls and consoles fail over).
    func servingNode(home: Int, key: String) -> Int? {
        Rendezvous.order(home: home, key: key, sites: scenario.sites).first { nodes[$0].up }
    }

    /// Opens a work order for a call of a resident of `home` on node `i`: the agent's ticket
    /// for an answered call (`request` nil: category drawn from the mix), or the IVR's
    /// (voice mail, emergency help).
    mutating func openTicket(home: Int, at i: Int, request: CallSession.TicketRequest?) {
        guard nodes[i].up, let hlc = stamp(at: i) else { return }
        let w = scenario.workload
        let emergency = rng.chance(w.emergencyRate)
        let pick = rng.below(CallMix.categories.count)
        let level = w.consistencyMix[rng.below(w.consistencyMix.count)]
        let slow = rng.chance(w.slowTicketRate)
        nodes[i].ticketSequence += 1
        let category = request?.category ?? (emergency ? .emergency : CallMix.categories[pick])
        let priority = request?.priority ?? (emergency ? .emergency : .ordinary)
        let created = TicketCreated(
            number: TicketNumber(siteCode: siteIDs[i].rawValue.uppercased(), year: 2026, sequence: nodes[i].ticketSequence),
            site: siteIDs[home], category: category, priority: priority, channel: .phone,
            title: request?.title ?? CallMix.titles[pick],
            description: "住户来电", roomID: "\(siteIDs[home])-\(1 + stats.calls % 30)01")
        let id = TicketID(site: siteIDs[i], hlc: hlc)
        let event = TicketEvent(id: EventID(hlc: hlc, origin: siteIDs[i]), ticketID: id, actor: "agent-\(siteIDs[i])",
                                parents: [], body: .created(created))
        guard writeLocal([event], level: level, at: i) else { return }
        stats.ticketsCreated += 1
        let step = WorkStep.assign
        queue.push(atMs: nowMs + step.delay(slow: slow, rng: &rng), .work(id, home: home, step, attempt: slow ? 1_000 : 0))
    }

    /// A technician's step. `attempt` ≥ 1000 marks a slow technician (retries count from there).
    mutating func work(_ ticket: TicketID, home: Int, _ step: WorkStep, attempt: Int) {
        let slow = attempt >= 1_000
        guard nowMs < writesStopMs, let i = servingNode(home: home, key: ticket.rawValue) else { return }
        guard let state = nodes[i].tickets[ticket] else {
            // This node has not received the ticket yet: try again later, a bounded number of times.
            if attempt % 1_000 < 40 {
                queue.push(atMs: nowMs + 30_000, .work(ticket, home: home, step, attempt: attempt + 1))
            }
            return
        }
        let tech = "tech-\(siteIDs[home])-\(1 + Int(nowMs / 1_000) % 7)"
        let body: TicketEventBody?
        switch step {
        case .assign: body = .assigned(Assignment(assignee: tech, department: "maintenance", mode: .assign))
        case .accept: body = .accepted
        case .arrive: body = SLAPolicy.standard.onSiteCategories.contains(state.created.category) ? .arrived : nil
        case .resolve: body = .resolved(Resolution(summary: "已处理"))
        case .callback: body = .callback(CallbackResult(satisfaction: .score(1 + rng.below(5))))
        case .close: body = .closed(Closure(residentConfirmed: true))
        }
        if let body {
            if (try? state.validate(body, actor: state.assignee ?? tech)) != nil {
                writeTicketEvent(body, state: state, actor: state.assignee ?? tech, at: i)
            } else {
                record("work-skipped", "\(ticket) \(step) in \(state.status)")
            }
        }
        if let next = step.next {
            queue.push(atMs: nowMs + next.delay(slow: slow, rng: &rng), .work(ticket, home: home, next, attempt: slow ? 1_000 : 0))
        }
    }

    /// Appends one event to a ticket as node `i` sees it.
    @discardableResult
    mutating func writeTicketEvent(_ body: TicketEventBody, state: TicketState, actor: String, at i: Int,
                                   level: ConsistencyLevel = .local) -> Bool {
        guard let hlc = stamp(at: i) else { return false }
        let e = TicketEvent(id: EventID(hlc: hlc, origin: siteIDs[i]), ticketID: state.id, actor: actor,
                            parents: state.frontier, body: body)
        return writeLocal([e], level: level, at: i)
    }

    // MARK: Escalation duty

    /// Node `i` runs the escalation planner for every open ticket it is on duty for: the
    /// ticket's home site, or — when the home is not alive in `i`'s view — the first alive
    /// site in rendezvous order.
    mutating func escalationSweep(_ i: Int, _ life: Int) {
        guard isLive(i, life) else { return }
        queue.push(atMs: nowMs + Self.sweepIntervalMs, .escalationSweep(site: i, life: life))
        guard nowMs < writesStopMs else { return }
        let alive = nodes[i].sitesSeenAlive()
        let now = nodes[i].nowMs(nowMs)
        for ticket in nodes[i].open.sorted() {
            guard var state = nodes[i].tickets[ticket], let home = scenario.sites.firstIndex(of: state.created.site.rawValue),
                  Rendezvous.order(home: home, key: ticket.rawValue, sites: scenario.sites)
                    .first(where: { alive.contains(scenario.sites[$0]) }) == i else { continue }
            let calendar = SLAPolicy.calendar(for: state.created, site: .alwaysOpen)
            var evaluated = state
            if plant == .dropEscalationIdempotence {
                evaluated.escalationLevel = 0
                evaluated.warnedLevel = 0
            }
            let directives = EscalationPlanner.evaluate(state: evaluated, policy: .standard, calendar: calendar,
                                                        ladder: .standard, nowMs: now)
            for d in directives {
                let body = d.eventBody(ladder: .standard)
                let valid = (try? state.validate(body, actor: "system")) != nil
                guard valid || plant == .dropEscalationIdempotence else { continue }
                guard writeTicketEvent(body, state: state, actor: "system", at: i), let next = nodes[i].tickets[ticket] else { break }
                if case .escalated = body { stats.escalations += 1 }
                state = next
            }
        }
    }
}
