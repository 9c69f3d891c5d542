import CourtyardCRDT
import CourtyardDomain

// MARK: - The SLA board of the supervisor wall

extension TicketService {
    /// Open tickets read for one board, at most (the wall polls every few seconds; a site
    /// with more open tickets than this has the board of the oldest `boardScanMax`).
    public static let boardScanMax = 5_000

    /// The SLA board of `site` (default: this node's site) at the current wall time: counts per
    /// escalation level and the `rowsMax` most urgent open tickets.
    public func slaBoard(site: ReplicaID? = nil, rowsMax: Int = SLABoard.rowsMax)
        async throws(ServiceError) -> (board: SLABoard, nowMs: Int64, truncated: Bool) {
        var states: [TicketState] = []
        var offset = 0
        var total = 0
        while states.count < Self.boardScanMax {
            let query = TicketQuery(site: site ?? self.site, statuses: EscalationPlanner.runningStatuses,
                                    limit: min(TicketQuery.limitMax, Self.boardScanMax - states.count), offset: offset)
            let page = try await withStore("listing open tickets") { try await store.tickets(query) }
            states += page.tickets
            total = page.total
            offset += page.tickets.count
            if page.tickets.isEmpty || offset >= page.total { break }
        }
        let nowMs = environment.wallClock.nowMs()
        let c = configuration
        let board = SLABoard.build(states: states, policy: c.slaPolicy, calendar: c.calendar, ladder: c.ladder,
                                   nowMs: nowMs, rowsMax: rowsMax)
        return (board, nowMs, total > states.count)
    }
}
