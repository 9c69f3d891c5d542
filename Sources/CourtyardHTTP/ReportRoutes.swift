import CourtyardCallCenter
import CourtyardCRDT
import Hummingbird

// MARK: - /api/v1/reports

/// The call report (统计报表): counts, SL, ASA, AHT, abandonment, occupancy, IVR hits,
/// volume and staffing, computed from the ledger on request.
struct ReportRoutes {
    let services: CallReportingServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("reports/calls", use: calls)
    }

    /// `from` and `to` (epoch ms, required) bound when calls entered; `site` filters by entry
    /// site; `shortAbandonMs`, `serviceLevelMs`, `serviceLevelTarget` (percent) and
    /// `utcOffsetMinutes` override the node's defaults.
    @Sendable func calls(_ request: Request, context: AppRequestContext) async throws -> JSONBody<CallReport> {
        guard let services else { throw APIError.callRecordsDisabled }
        let q = QueryReader(request: request)
        let range = try Self.range(q)
        var settings = services.reportSettings
        if let ms = try q.int("shortAbandonMs", in: 0...3_600_000) { settings.shortAbandonMs = Int64(ms) }
        if let ms = try q.int("serviceLevelMs", in: 1...3_600_000) { settings.serviceLevelThresholdMs = Int64(ms) }
        if let pct = try q.int("serviceLevelTarget", in: 1...99) { settings.serviceLevelTarget = Double(pct) / 100 }
        if let minutes = try q.int("utcOffsetMinutes", in: -720...840) { settings.utcOffsetMinutes = minutes }
        do { try settings.validate() } catch { throw APIError(error) }
        let site = try q.site()
        let events: [LedgerEvent]
        do { events = try await services.ledger.reportEvents(in: range, site: site) } catch let error as LedgerError {
            throw APIError(error)
        }
        return JSONBody(CallReport.compute(events: events, range: range, site: site,
                                           nowMs: services.wallClock.nowMs(), settings: settings))
    }

    /// Both bounds required, as epoch milliseconds, `from < to`, at most 366 days apart.
    static func range(_ q: QueryReader) throws -> LedgerRange {
        guard let from = try q.int64("from") else { throw APIError.badRequest("query 'from' is required (epoch milliseconds)", field: "from") }
        guard let to = try q.int64("to") else { throw APIError.badRequest("query 'to' is required (epoch milliseconds)", field: "to") }
        do { return try LedgerRange(fromMs: from, toMs: to) } catch { throw APIError(error) }
    }
}
