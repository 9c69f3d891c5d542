import CourtyardCRDT

// MARK: - Ticket drill-down

/// One ticket behind a figure.
public struct TicketDrillRow: Hashable, Sendable, Codable {
    public var id: TicketID
    public var number: String
    public var site: ReplicaID
    public var category: TicketCategory
    public var priority: TicketPriority
    public var status: TicketStatus
    public var title: String
    public var department: String?
    public var assignee: String?
    public var escalationLevel: Int
    public var createdAtMs: Int64
    public var resolvedAtMs: Int64?
    public var closedAtMs: Int64?
    /// Resolution time when resolved in the range.
    public var resolutionMs: Int64?
    /// `1`…`5` or `notSolved`, when the callback is part of the report.
    public var satisfaction: String?
    public var callID: String?
    /// In the numerator of the figure (always true for counts and means).
    public var counted: Bool
}

/// The tickets behind one figure of one ticket report, optionally restricted to one key of
/// one breakdown (`dimension` = `key`, e.g. the repairs of the by-category chart).
public struct TicketDrill: Hashable, Sendable, Codable {
    public static let rowsMax = 5_000

    public var metric: TicketDrillMetric
    public var fromMs: Int64
    public var toMs: Int64
    public var site: ReplicaID?
    public var dimension: TicketDimension?
    public var key: String?
    public var total: Int
    public var counted: Int
    public var truncated: Bool
    /// Oldest first (creation time, then id).
    public var rows: [TicketDrillRow]

    /// The list for `metric` from the same input as `TicketReport.compute`: `total` equals
    /// the figure's count or denominator, `counted` its numerator.
    public static func compute(metric: TicketDrillMetric, tickets: [TicketState], window: TicketReportWindow,
                               site: ReplicaID?, clock: SLAClock, filter: (dimension: TicketDimension, key: String)? = nil,
                               rowsMax: Int = TicketDrill.rowsMax) -> TicketDrill {
        let facts = TicketReport.reportFacts(tickets, window: window, site: site, clock: clock)
            .filter { filter == nil || filter!.dimension.key(of: $0.state) == filter!.key }
            .sorted { ($0.state.createdAtMs, $0.state.id) < ($1.state.createdAtMs, $1.state.id) }
        var rows: [TicketDrillRow] = []
        for f in facts {
            let m = metric.membership(f)
            guard m.listed else { continue }
            rows.append(row(f, counted: m.counted))
        }
        let limit = max(0, rowsMax)
        return TicketDrill(metric: metric, fromMs: window.fromMs, toMs: window.toMs, site: site,
                           dimension: filter?.dimension, key: filter?.key, total: rows.count,
                           counted: rows.filter(\.counted).count, truncated: rows.count > limit,
                           rows: Array(rows.prefix(limit)))
    }

    static func row(_ f: TicketReportFacts, counted: Bool) -> TicketDrillRow {
        let s = f.state
        let satisfaction: String? = switch f.callback {
        case .score(let n): String(n)
        case .notSolved: "notSolved"
        case nil: nil
        }
        return TicketDrillRow(id: s.id, number: s.created.number.description, site: s.created.site,
                              category: s.created.category, priority: s.created.priority, status: s.status,
                              title: s.created.title, department: s.department, assignee: s.assignee,
                              escalationLevel: s.escalationLevel, createdAtMs: s.createdAtMs,
                              resolvedAtMs: s.resolvedAtMs, closedAtMs: s.closedAtMs, resolutionMs: f.resolutionMs,
                              satisfaction: satisfaction, callID: s.created.callID, counted: counted)
    }
}
