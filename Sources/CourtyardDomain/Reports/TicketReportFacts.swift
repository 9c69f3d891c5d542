import CourtyardCRDT

// MARK: - What one ticket amounted to in a range

/// The facts of one ticket for a report window: which of the report's sets it is in.
/// `TicketReport.compute` and `TicketDrill.compute` both classify through this, so a
/// figure and its drill-down list cannot disagree.
struct TicketReportFacts: Sendable {
    let state: TicketState
    var opened = false
    var closed = false
    var resolved = false
    var cancelled = false
    var overdue = false
    var completionDecided = false
    var onTime = false
    /// Levels (1…3) escalated to inside the window.
    var escalatedLevels: Set<Int> = []
    var resolutionMs: Int64?
    var callback: Satisfaction?

    init(_ state: TicketState, window: TicketReportWindow, clock: SLAClock) {
        self.state = state
        let inRange = { (ms: Int64?) in ms.map { $0 >= window.fromMs && $0 < window.toMs } ?? false }
        opened = inRange(state.createdAtMs)
        closed = state.status == .closed && inRange(state.closedAtMs)
        resolved = inRange(state.resolvedAtMs)
        cancelled = state.status == .cancelled
            && inRange(state.timeline.last(where: { $0.status == .cancelled })?.sinceMs)
        if opened {
            switch clock.deadlines(of: state).completion.outcome(nowMs: window.measuredToMs) {
            case .met: completionDecided = true; onTime = true
            case .metLate, .breached: completionDecided = true; overdue = true
            case .pending, .paused, .void: break
            }
        }
        escalatedLevels = Set(state.escalations.filter { inRange($0.atMs) }.map(\.mark.level))
        if resolved, let at = state.resolvedAtMs {
            resolutionMs = max(0, at - state.createdAtMs)
            callback = state.satisfaction
        }
    }

    var isSatisfied: Bool {
        if case .score(let s) = callback { return s >= 4 }
        return false
    }

    /// In any set of the report (else the ticket is not part of it).
    var isReported: Bool {
        opened || closed || resolved || cancelled || !escalatedLevels.isEmpty
    }
}

/// The window of a ticket report: `[fromMs, toMs)`, judged at `measuredToMs`.
public struct TicketReportWindow: Hashable, Sendable {
    public var fromMs: Int64
    public var toMs: Int64
    public var measuredToMs: Int64
    /// Local time for day buckets (China: +480).
    public var utcOffsetMinutes: Int

    /// `measuredToMs` is `min(toMs, nowMs)`, never before `fromMs`.
    public init(fromMs: Int64, toMs: Int64, nowMs: Int64, utcOffsetMinutes: Int = 480) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.measuredToMs = max(fromMs, min(toMs, nowMs))
        self.utcOffsetMinutes = utcOffsetMinutes
    }
}

// MARK: - Drill-down metrics

/// A figure of the ticket report whose tickets can be listed: for a count the counted
/// tickets, for a rate its denominator with `counted` marking the numerator, for a mean the
/// tickets averaged.
public enum TicketDrillMetric: String, CaseIterable, Sendable, Codable, Hashable {
    case opened, closed, resolved, cancelled, overdue
    case onTime = "on-time"
    case escalated1 = "escalated-1", escalated2 = "escalated-2", escalated3 = "escalated-3"
    case resolution, satisfaction

    func membership(_ f: TicketReportFacts) -> (listed: Bool, counted: Bool) {
        switch self {
        case .opened: (f.opened, true)
        case .closed: (f.closed, true)
        case .resolved, .resolution: (f.resolved, true)
        case .cancelled: (f.cancelled, true)
        case .overdue: (f.overdue, true)
        case .onTime: (f.completionDecided, f.onTime)
        case .escalated1: (f.escalatedLevels.contains(1), true)
        case .escalated2: (f.escalatedLevels.contains(2), true)
        case .escalated3: (f.escalatedLevels.contains(3), true)
        case .satisfaction: (f.callback != nil, f.isSatisfied)
        }
    }
}

/// A breakdown dimension of the ticket report, and the key of a ticket in it.
public enum TicketDimension: String, CaseIterable, Sendable, Codable, Hashable {
    case category, site, priority
    case escalationLevel = "level"
    case department, assignee, building, room

    /// The ticket's key; empty when the ticket has none (not dispatched, no room given).
    public func key(of state: TicketState) -> String {
        switch self {
        case .category: state.created.category.rawValue
        case .site: state.created.site.rawValue
        case .priority: state.created.priority.rawValue
        case .escalationLevel: String(state.escalationLevel)
        case .department: state.department ?? ""
        case .assignee: state.assignee ?? ""
        case .building: state.created.buildingID ?? ""
        case .room: state.created.roomID ?? ""
        }
    }
}
