import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardSimulation

// MARK: - ActorCheckers

/// The invariants an actor-simulation run is judged by, after the heal-and-quiesce phase
/// (durability of each acknowledgement is checked when it is given, in `recordAck`):
///
/// - determinism: no job escaped to the global executor; no node's runtime ended by itself;
/// - convergence: every node holds the same ticket events, the union of all of them;
/// - no acknowledged write lost: every acknowledged event is in that converged space;
/// - HLC monotone: a restarted node never issues an event id at or below one it issued in
///   an earlier life;
/// - escalation: no (ticket, level) escalated twice; on a site that stayed up and unfaulted,
///   every level is escalated within `escalationLatenessMaxMs` of its deadline;
/// - failure detection: a node crashed for longer than the detection bound is seen down by
///   every live, unfaulted node within the bound; a healthy node is seen down no more often
///   than the scenario's false-positive budget.
struct ActorCheckers {
    let world: SimWorld
    let scenario: Scenario

    func runFinalChecks() {
        checkDeterminism()
        let converged = checkConvergence()
        checkAcknowledged(in: converged)
        checkHLC()
        checkEscalations(converged)
        checkDetection()
    }

    private func checkDeterminism() {
        let escapes = world.scheduler.escapes
        if escapes > 0 {
            world.violate("determinism", "\(escapes) job(s) escaped to the global executor: some code runs outside the simulator's queue (a Task.detached, a real clock's sleep, or a hop without the run's executor preference)")
        }
        for site in world.sites {
            if let why = site.stoppedWith { world.violate("runtime", "\(site.site): \(why)") }
        }
    }

    /// Returns the converged events by id (empty when the sites disagree).
    private func checkConvergence() -> [EventID: TicketEvent] {
        var union: [EventID: TicketEvent] = [:]
        for site in world.sites {
            for event in site.log.committed { union[event.id] = event }
        }
        for site in world.sites {
            guard site.isUp else {
                world.violate("convergence", "\(site.site) is not up after the heal phase")
                continue
            }
            let ids = site.log.committedIDs
            let missing = union.count - ids.count
            if missing > 0 {
                let example = union.keys.sorted().first { !ids.contains($0) }.map { " (e.g. \($0))" } ?? ""
                world.violate("convergence", "\(site.site) lacks \(missing) of \(union.count) events after quiesce\(example)")
            }
        }
        return union
    }

    private func checkAcknowledged(in converged: [EventID: TicketEvent]) {
        let acked = world.records.withLock { $0.acked }
        var lost = 0
        var example: String?
        for ack in acked {
            for id in ack.events where !world.sites.allSatisfy({ $0.log.contains(id) }) {
                lost += 1
                if example == nil { example = "\(id) of \(ack.ticket), acknowledged at \(ack.consistency) by \(ack.site) at \(SimTime.format(ack.atMs))" }
            }
        }
        if lost > 0 {
            world.violate("acknowledged", "\(lost) acknowledged event(s) missing from some replica after quiesce, e.g. \(example ?? "?")")
        }
    }

    private func checkHLC() {
        let restarts = world.records.withLock { $0.restarts }
        for site in world.sites {
            let log = site.log.committed
            for restart in restarts[site.index] ?? [] {
                guard let floor = restart.floor, restart.logCount < log.count else { continue }
                let later = log[restart.logCount...].filter { $0.id.origin == site.site && $0.id.hlc <= floor }
                if let first = later.first {
                    world.violate("hlc", "\(site.site) issued \(first.id) after a restart, not above \(floor) issued in an earlier life (\(later.count) such events)")
                }
            }
        }
    }

    private func checkEscalations(_ converged: [EventID: TicketEvent]) {
        let config = TicketService.Configuration(site: world.sites[0].site, siteCode: "X")
        var byTicket: [TicketID: [TicketEvent]] = [:]
        for event in converged.values { byTicket[event.ticketID, default: []].append(event) }
        let windows = world.records.withLock { r in (r.downtimes, r.faultWindows) }
        for (ticket, events) in byTicket.sorted(by: { $0.key < $1.key }) {
            var levels: [Int: Int] = [:]
            for case .escalated(let mark) in events.map(\.body) { levels[mark.level, default: 0] += 1 }
            for (level, count) in levels.sorted(by: { $0.key < $1.key }) where count > 1 {
                world.violate("escalation", "\(ticket) escalated to level \(level) \(count) times")
            }
            guard let home = world.site(named: ticket.site), windows.0[home.index] == nil,
                  windows.1[home.index] == nil, let state = TicketState.fold(events.sorted { $0.id < $1.id }) else { continue }
            for event in events {
                guard case .escalated(let mark) = event.body else { continue }
                let late = event.id.hlc.wallMs - mark.dueAtMs
                if late > world.settings.escalationLatenessMaxMs {
                    world.violate("escalation", "\(ticket) level \(mark.level) escalated \(late) ms after its deadline")
                }
            }
            let overdue = EscalationPlanner.evaluate(state: state, policy: config.slaPolicy, calendar: config.calendar,
                                                     ladder: config.ladder,
                                                     nowMs: home.wallNowMs - world.settings.escalationLatenessMaxMs)
            for case .escalate(let level, let due) in overdue {
                world.violate("escalation", "\(ticket) level \(level) fell due at \(due) and was never escalated by \(home.site)")
            }
        }
    }
}
