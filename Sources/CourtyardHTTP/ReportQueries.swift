import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime

// MARK: - Reading a report's input

/// What the report and export routes share: the query (range, site, settings) and loading
/// the ledger events and ticket states a report is computed from.
struct ReportQueries: Sendable {
    let services: CallReportingServices?
    let tickets: TicketService

    /// Most tickets one report reads; beyond it the range or site must be narrowed.
    static let ticketsScanMax = 50_000
    static let ticketPage = 500

    /// A parsed report query.
    struct Query: Sendable {
        var range: LedgerRange
        var site: SiteID?
        var settings: ReportSettings
        var nowMs: Int64
        var window: TicketReportWindow {
            TicketReportWindow(fromMs: range.fromMs, toMs: range.toMs, nowMs: nowMs,
                               utcOffsetMinutes: settings.utcOffsetMinutes)
        }
    }

    func reporting() throws -> CallReportingServices {
        guard let services else { throw APIError.callRecordsDisabled }
        return services
    }

    /// `from`, `to` (epoch ms, required), `site`, and the settings overrides
    /// `shortAbandonMs`, `serviceLevelMs`, `serviceLevelTarget` (percent), `utcOffsetMinutes`,
    /// `fcrWindowHours`.
    func query(_ q: QueryReader) throws -> Query {
        let services = try reporting()
        let range = try ReportRoutes.range(q)
        var settings = services.reportSettings
        if let ms = try q.int("shortAbandonMs", in: 0...3_600_000) { settings.shortAbandonMs = Int64(ms) }
        if let ms = try q.int("serviceLevelMs", in: 1...3_600_000) { settings.serviceLevelThresholdMs = Int64(ms) }
        if let pct = try q.int("serviceLevelTarget", in: 1...99) { settings.serviceLevelTarget = Double(pct) / 100 }
        if let minutes = try q.int("utcOffsetMinutes", in: -720...840) { settings.utcOffsetMinutes = minutes }
        if let hours = try q.int("fcrWindowHours", in: 1...168) { settings.fcrWindowMs = Int64(hours) * 3_600_000 }
        do { try settings.validate() } catch { throw APIError(error) }
        return Query(range: range, site: try q.site(), settings: settings, nowMs: services.wallClock.nowMs())
    }

    /// The report's ledger events, plus the calls entered in the FCR window after the range
    /// (so a repeat call just after `to` is seen) when that window has begun.
    func callEvents(_ query: Query) async throws -> [LedgerEvent] {
        let ledger = try reporting().ledger
        do {
            return try await SiteCallReporter.reportEvents(ledger, range: query.range, site: query.site,
                                                           settings: query.settings, nowMs: query.nowMs)
        } catch let error as LedgerError {
            throw APIError(error)
        }
    }

    /// Where a call report of `query` comes from.
    enum Source {
        /// This node's ledger (a node alone, or this node's own site).
        case local
        /// Every site's, merged (a cluster, no site named).
        case allSites(CallReportGatherer)
        /// Another site's node.
        case site(SiteID, CallReportGatherer)
    }

    func source(_ query: Query) throws -> Source {
        guard let sites = try reporting().sites else { return .local }
        guard let site = query.site else { return .allSites(sites) }
        return site == sites.site ? .local : .site(site, sites)
    }

    func siteRequest(_ q: Query, rowsMax: Int = SiteReportRequest.rowsMaxRemote) -> SiteReportRequest {
        SiteReportRequest(range: q.range, nowMs: q.nowMs, settings: q.settings,
                          rowsMax: min(rowsMax, SiteReportRequest.rowsMaxRemote))
    }

    /// Runs a gathering, with this node's own errors as API errors.
    private func gathered<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw APIError(error)
        } catch let error as SiteReportError {
            throw APIError(.badRequest, code: "invalid_input", error.message)
        } catch let gap as SiteReportUnavailable {
            throw APIError(gap)
        }
    }

    /// Every ticket (at the site) created before `to` with an event at or after `from`: a
    /// superset of the tickets any set of the ticket report can hold.
    func ticketStates(_ query: Query) async throws -> [TicketState] {
        try await pagedTickets(TicketQuery(site: query.site, createdToMs: query.range.toMs,
                                           updatedFromMs: query.range.fromMs, limit: Self.ticketPage))
    }

    /// The tickets (at the site) a call of the range may have opened: created from `from`
    /// until a day after `to`.
    func ticketsOpenedFromCalls(_ query: Query) async throws -> [TicketState] {
        try await pagedTickets(TicketQuery(site: query.site, createdFromMs: query.range.fromMs,
                                           createdToMs: query.range.toMs + 86_400_000, limit: Self.ticketPage))
    }

    private func pagedTickets(_ base: TicketQuery) async throws -> [TicketState] {
        var states: [TicketState] = []
        var query = base
        while true {
            let page: TicketPage
            do { page = try await tickets.list(query) } catch { throw APIError(error) }
            guard page.total <= Self.ticketsScanMax else {
                throw APIError(.badRequest, code: "range_too_large",
                               "more than \(Self.ticketsScanMax) tickets in range; narrow the range or choose a site")
            }
            states += page.tickets
            query.offset += page.tickets.count
            if page.tickets.isEmpty || query.offset >= page.total { return states }
        }
    }

    /// The ticket deadlines as this node's SLA policy and calendar compute them.
    var slaClock: SLAClock {
        SLAClock(policy: tickets.configuration.slaPolicy, calendar: tickets.configuration.calendar)
    }

    /// Fills each drill row's tickets: those opened from the call (`callID`), by ticket id.
    func linkTickets(_ drill: inout CallDrill, _ states: [TicketState]) {
        var byCall: [String: [String]] = [:]
        for state in states {
            if let call = state.created.callID { byCall[call, default: []].append(state.id.rawValue) }
        }
        for i in drill.rows.indices {
            drill.rows[i].tickets = (byCall[drill.rows[i].callID.rawValue] ?? []).sorted()
        }
    }

    // MARK: Computed documents

    /// The call report: this node's ledger, every site's merged (`sites`, `missingSites`),
    /// or another site's as its node answers (503/502 when it cannot).
    func callReport(_ q: Query) async throws -> CallReport {
        switch try source(q) {
        case .local:
            return CallReport.compute(events: try await callEvents(q), range: q.range, site: q.site, nowMs: q.nowMs,
                                      settings: q.settings)
        case .allSites(let sites):
            return try await gathered { try await sites.report(siteRequest(q)) }
        case .site(let site, let sites):
            return try await gathered { try await sites.report(of: site, siteRequest(q)) }
        }
    }

    /// The calls behind `metric`, from where `callReport` reads; the rows carry the tickets
    /// opened from each call (tickets are replicated: this node links every site's).
    func callDrill(_ q: Query, metric: CallDrillMetric, rowsMax: Int) async throws -> CallDrill {
        var drill: CallDrill
        switch try source(q) {
        case .local:
            drill = CallDrill.compute(metric: metric, events: try await callEvents(q), range: q.range, site: q.site,
                                      nowMs: q.nowMs, settings: q.settings, rowsMax: rowsMax)
        case .allSites(let sites):
            drill = try await gathered {
                try await sites.drill(siteRequest(q, rowsMax: rowsMax), metric: metric, localRowsMax: rowsMax, rowsMax: rowsMax)
            }
        case .site(let site, let sites):
            drill = try await gathered { try await sites.drill(of: site, siteRequest(q, rowsMax: rowsMax), metric: metric) }
        }
        linkTickets(&drill, try await ticketsOpenedFromCalls(q))
        return drill
    }

    func ticketReport(_ q: Query) async throws -> TicketReport {
        TicketReport.compute(tickets: try await ticketStates(q), window: q.window, site: q.site, clock: slaClock)
    }

    func ticketDrill(_ q: Query, metric: TicketDrillMetric, filter: (dimension: TicketDimension, key: String)?,
                     rowsMax: Int) async throws -> TicketDrill {
        TicketDrill.compute(metric: metric, tickets: try await ticketStates(q), window: q.window, site: q.site,
                            clock: slaClock, filter: filter, rowsMax: rowsMax)
    }

    /// `metric` (required, one of the drill metrics).
    func metric<M: RawRepresentable & CaseIterable>(_ q: QueryReader, _ type: M.Type) throws -> M where M.RawValue == String {
        guard let metric = try q.enumValue("metric", M.self) else {
            let allowed = M.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("query 'metric' is required (one of: \(allowed))", field: "metric")
        }
        return metric
    }

    /// `dimension` with an optional `key` (empty or absent: the empty key, e.g. tickets not
    /// yet dispatched by department); `key` alone is refused.
    func ticketFilter(_ q: QueryReader) throws -> (dimension: TicketDimension, key: String)? {
        let dimension = try q.enumValue("dimension", TicketDimension.self)
        let key = try q.string("key")
        guard let dimension else {
            if key != nil { throw APIError.badRequest("query 'key' needs 'dimension'", field: "dimension") }
            return nil
        }
        return (dimension, key ?? "")
    }
}
