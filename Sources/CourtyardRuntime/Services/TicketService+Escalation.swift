import CourtyardCRDT
import CourtyardDomain

// MARK: - Three-level escalation (三级督办)

/// What one escalation pass did, and when the next one is due.
public struct EscalationRun: Sendable, Hashable {
    /// The `warned` and `escalated` events appended by this pass.
    public var appended: [TicketEvent]
    /// The earliest wall time (ms) at which some open ticket reaches its next mark; nil
    /// when no open ticket has one.
    public var nextCheckMs: Int64?

    public init(appended: [TicketEvent], nextCheckMs: Int64?) {
        self.appended = appended
        self.nextCheckMs = nextCheckMs
    }
}

extension TicketService {
    /// Statuses whose SLA clock may still run out.
    static var escalatableStatuses: [TicketStatus] { EscalationPlanner.runningStatuses }

    /// Evaluates the escalation planner for every open ticket of this site and appends the
    /// warnings and escalations that are due. Idempotent: a mark already in the ticket is not
    /// planned again, and each ticket is re-folded under its lock before writing.
    public func runEscalations() async throws(ServiceError) -> EscalationRun {
        var appended: [TicketEvent] = []
        var nextCheck: Int64?
        for id in try await openTicketIDs() {
            try await withTicketLock(id) { () async throws(ServiceError) in
                var state = try await foldedState(id)
                let nowMs = environment.wallClock.nowMs()
                let c = configuration
                for directive in EscalationPlanner.evaluate(state: state, policy: c.slaPolicy, calendar: c.calendar,
                                                            ladder: c.ladder, nowMs: nowMs) {
                    let result = try await appendLocked(ticket: id, body: directive.eventBody(ladder: c.ladder),
                                                        actor: "system")
                    appended.append(result.event)
                    state = result.state
                }
                if let next = EscalationPlanner.nextCheckMs(state: state, policy: c.slaPolicy, calendar: c.calendar,
                                                            ladder: c.ladder, nowMs: nowMs) {
                    nextCheck = min(nextCheck ?? next, next)
                }
            }
        }
        if !appended.isEmpty {
            logger.notice("escalation pass", metadata: ["appended": "\(appended.count)"])
        }
        return EscalationRun(appended: appended, nextCheckMs: nextCheck)
    }

    /// Ids of this site's tickets that can still escalate, paged through the store.
    private func openTicketIDs() async throws(ServiceError) -> [TicketID] {
        var ids: [TicketID] = []
        var offset = 0
        while true {
            let query = TicketQuery(site: site, statuses: Self.escalatableStatuses,
                                    limit: TicketQuery.limitMax, offset: offset)
            let page = try await withStore("listing open tickets") { try await store.tickets(query) }
            ids += page.tickets.map(\.id)
            offset += page.tickets.count
            if page.tickets.isEmpty || offset >= page.total { break }
        }
        return ids.sorted()
    }
}
