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
        let report = try await queries.callReport(q)
        return Self.csv(ReportCSV.callReport(report), name: "calls", q,
                        sites: report.sites, missing: report.missingSites)
    }

    @Sendable func callDrill(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reader = QueryReader(request: request)
        let metric = try queries.metric(reader, CallDrillMetric.self)
        let q = try queries.query(reader)
        let drill = try await queries.callDrill(q, metric: metric, rowsMax: Self.rowsMax)
        return Self.csv(ReportCSV.callDrill(drill), name: "calls-\(metric.rawValue)", q,
                        sites: drill.sites, missing: drill.missingSites)
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

    /// The sites merged into an all-sites export (comma-separated site ids).
    static let sitesHeader = HTTPFields.Element.Name("X-Courtyard-Sites")!
    /// The sites an all-sites export is missing (`site: reason; ...`); absent when none is.
    static let missingSitesHeader = HTTPFields.Element.Name("X-Courtyard-Missing-Sites")!

    /// A `text/csv` attachment named `courtyard-<name>-<site|all>-<from>-<to>.csv`; an
    /// export gathered across sites says which were included and which were missing in
    /// `X-Courtyard-Sites` and `X-Courtyard-Missing-Sites` (the CSV itself is unchanged).
    static func csv(_ text: String, name: String, _ q: ReportQueries.Query, sites: [SiteID]? = nil,
                    missing: [MissingSite]? = nil) -> Response {
        var headers = HTTPFields()
        if let sites { headers[Self.sitesHeader] = sites.map(\.rawValue).joined(separator: ",") }
        if let missing, !missing.isEmpty {
            headers[Self.missingSitesHeader] = missing.map { "\($0.site): \(Self.headerSafe($0.reason))" }.joined(separator: "; ")
        }
        headers[.contentType] = "text/csv; charset=utf-8"
        let file = "courtyard-\(name)-\(q.site?.rawValue ?? "all")-\(q.range.fromMs)-\(q.range.toMs).csv"
        headers[.contentDisposition] = "attachment; filename=\"\(file)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A reason as a header value: printable ASCII without `;`, at most 200 characters.
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F && $0 != ";" ? $0 : "?" })
            .prefix(200))
    }
}
