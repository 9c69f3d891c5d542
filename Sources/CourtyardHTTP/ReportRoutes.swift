import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Hummingbird

// MARK: - /api/v1/reports

/// The reports (统计报表): the call report (counts, SL, ASA, AHT, abandonment, FCR,
/// occupancy, IVR hits, volume, staffing), the ticket report (opened, closed, overdue,
/// escalations, resolution time, satisfaction), and the drill-down lists behind every
/// figure. Computed from the ledger and the ticket store on request; docs/metrics.md
/// defines each figure.
struct ReportRoutes {
    let queries: ReportQueries

    init(services: CallReportingServices?, tickets: TicketService) {
        queries = ReportQueries(services: services, tickets: tickets)
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("reports/calls", use: calls)
        group.get("reports/calls/drill", use: callDrill)
        group.get("reports/tickets", use: tickets)
        group.get("reports/tickets/drill", use: ticketDrill)
    }

    /// `from` and `to` (epoch ms, required) bound when calls entered; `site` filters by entry
    /// site; `shortAbandonMs`, `serviceLevelMs`, `serviceLevelTarget` (percent),
    /// `utcOffsetMinutes` and `fcrWindowHours` override the node's defaults.
    @Sendable func calls(_ request: Request, context: AppRequestContext) async throws -> JSONBody<CallReport> {
        let q = try queries.query(QueryReader(request: request))
        return JSONBody(try await queries.callReport(q))
    }

    /// The calls behind one figure (`metric`), with the report's query; rows carry the
    /// tickets opened from each call.
    @Sendable func callDrill(_ request: Request, context: AppRequestContext) async throws -> JSONBody<CallDrill> {
        let reader = QueryReader(request: request)
        let metric = try queries.metric(reader, CallDrillMetric.self)
        let q = try queries.query(reader)
        return JSONBody(try await queries.callDrill(q, metric: metric, rowsMax: CallDrill.rowsMax))
    }

    /// The ticket report of the range (tickets of `site`, by where they were opened).
    @Sendable func tickets(_ request: Request, context: AppRequestContext) async throws -> JSONBody<TicketReport> {
        let q = try queries.query(QueryReader(request: request))
        return JSONBody(try await queries.ticketReport(q))
    }

    /// The tickets behind one figure (`metric`), optionally of one breakdown row
    /// (`dimension` = category, site, priority, level or department, with `key`).
    @Sendable func ticketDrill(_ request: Request, context: AppRequestContext) async throws -> JSONBody<TicketDrill> {
        let reader = QueryReader(request: request)
        let metric = try queries.metric(reader, TicketDrillMetric.self)
        let filter = try queries.ticketFilter(reader)
        let q = try queries.query(reader)
        return JSONBody(try await queries.ticketDrill(q, metric: metric, filter: filter, rowsMax: TicketDrill.rowsMax))
    }

    /// Both bounds required, as epoch milliseconds, `from < to`, at most 366 days apart.
    static func range(_ q: QueryReader) throws -> LedgerRange {
        guard let from = try q.int64("from") else { throw APIError.badRequest("query 'from' is required (epoch milliseconds)", field: "from") }
        guard let to = try q.int64("to") else { throw APIError.badRequest("query 'to' is required (epoch milliseconds)", field: "to") }
        do { return try LedgerRange(fromMs: from, toMs: to) } catch { throw APIError(error) }
    }
}
