import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Hummingbird
import NIOCore

// MARK: - /api/v1/exports

/// CSV downloads of every report and drill-down list, with the same queries as
/// `/api/v1/reports/...` (the `exports` permission; a site account names its own site).
/// Drill exports hold every row up to `rowsMax`.
struct ExportRoutes {
    let queries: ReportQueries
    static let rowsMax = 100_000

    init(services: CallReportingServices?, tickets: TicketService) {
        queries = ReportQueries(services: services, tickets: tickets)
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("exports/reports/calls", use: calls)
        group.get("exports/reports/calls/drill", use: callDrill)
        group.get("exports/reports/tickets", use: tickets)
        group.get("exports/reports/tickets/drill", use: ticketDrill)
    }

    @Sendable func calls(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = try queries.query(QueryReader(request: request))
        return Self.csv(ReportCSV.callReport(try await queries.callReport(q)), name: "calls", q)
    }

    @Sendable func callDrill(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reader = QueryReader(request: request)
        let metric = try queries.metric(reader, CallDrillMetric.self)
        let q = try queries.query(reader)
        let drill = try await queries.callDrill(q, metric: metric, rowsMax: Self.rowsMax)
        return Self.csv(ReportCSV.callDrill(drill), name: "calls-\(metric.rawValue)", q)
    }

    @Sendable func tickets(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = try queries.query(QueryReader(request: request))
        return Self.csv(ReportCSV.ticketReport(try await queries.ticketReport(q)), name: "tickets", q)
    }

    @Sendable func ticketDrill(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reader = QueryReader(request: request)
        let metric = try queries.metric(reader, TicketDrillMetric.self)
        let filter = try queries.ticketFilter(reader)
        let q = try queries.query(reader)
        let drill = try await queries.ticketDrill(q, metric: metric, filter: filter, rowsMax: Self.rowsMax)
        return Self.csv(ReportCSV.ticketDrill(drill), name: "tickets-\(metric.rawValue)", q)
    }

    /// A `text/csv` attachment named `courtyard-<name>-<site|all>-<from>-<to>.csv`.
    static func csv(_ text: String, name: String, _ q: ReportQueries.Query) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        let file = "courtyard-\(name)-\(q.site?.rawValue ?? "all")-\(q.range.fromMs)-\(q.range.toMs).csv"
        headers[.contentDisposition] = "attachment; filename=\"\(file)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
