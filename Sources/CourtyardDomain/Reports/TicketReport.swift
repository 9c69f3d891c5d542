import CourtyardCRDT

// MARK: - The ticket report

/// The work-order statistics (工单统计) of one time range and optionally one site, computed
/// purely from ticket states by `TicketReport.compute`. docs/metrics.md defines each field.
/// Rates are percentages (0–100), nil when their denominator is zero; times are in ms.
public struct TicketReport: Hashable, Sendable, Codable {
    public static let roomsMax = 20

    public var fromMs: Int64
    public var toMs: Int64
    /// `min(toMs, nowMs)`: deadlines are judged at this instant.
    public var measuredToMs: Int64
    public var site: ReplicaID?
    public var counts: TicketCounts
    public var figures: TicketFigures
    /// Per category, most opened first (ties by name): the ranking of issues.
    public var byCategory: [TicketBreakdownRow]
    public var bySite: [TicketBreakdownRow]
    /// `ordinary`, `major`, `emergency`.
    public var byPriority: [TicketBreakdownRow]
    /// By the ticket's current escalation level, `0` … `3`.
    public var byEscalationLevel: [TicketBreakdownRow]
    /// By the current department (empty key: not dispatched): the on-time rate per department.
    public var byDepartment: [TicketBreakdownRow]
    /// By the current assignee (empty key: none): who let tickets reach level 3 (`escalated3`).
    public var byAssignee: [TicketBreakdownRow]
    /// By building, and the rooms with the most tickets opened (at most `roomsMax`, most
    /// first, ties by key; tickets without a room are left out): where problems repeat.
    public var byBuilding: [TicketBreakdownRow]
    public var topRooms: [TicketBreakdownRow]
    /// Callback results (回访): how many callbacks scored 1, 2, 3, 4, 5 (index 0 … 4).
    public var satisfactionScores: [Int]
    /// Every local day of the range, oldest first, zeros included.
    public var daily: [TicketDay]
}

/// How many tickets did what in the range.
public struct TicketCounts: Hashable, Sendable, Codable {
    /// Created in the range.
    public var opened = 0
    /// Closed in the range.
    public var closed = 0
    /// Resolved in the range.
    public var resolved = 0
    /// Cancelled in the range.
    public var cancelled = 0
    /// Opened in the range and past their completion deadline (breached, or met late).
    public var overdue = 0
    /// Opened in the range whose completion deadline is decided (met, met late or breached).
    public var completionDecided = 0
    /// Opened in the range and completed by the deadline.
    public var onTime = 0
    /// Tickets escalated to level 1, 2, 3 in the range (三级督办).
    public var escalated1 = 0
    public var escalated2 = 0
    public var escalated3 = 0
    /// Resolved in the range with a callback (回访) recorded.
    public var callbacks = 0
    /// Of those, scored 4 or 5.
    public var satisfied = 0
    /// Of those, "not solved".
    public var notSolved = 0
    /// Of those, with a score 1–5.
    public var scored = 0

    public init() {}
}

/// The headline figures of the ticket report.
public struct TicketFigures: Hashable, Sendable, Codable {
    /// 100 × onTime / completionDecided.
    public var onTimeRatePercent: Double?
    /// Resolution time (resolved − created, wall clock) of the tickets resolved in the range.
    public var meanResolutionMs: Double?
    /// Nearest-rank 50th and 90th percentiles of the same.
    public var medianResolutionMs: Int64?
    public var p90ResolutionMs: Int64?
    /// Mean score (1–5) of the scored callbacks.
    public var meanSatisfaction: Double?
    /// 100 × satisfied / callbacks ("not solved" counts as not satisfied).
    public var satisfiedRatePercent: Double?

    public init() {}
}

/// One row of a breakdown: the sets of the report restricted to one key.
public struct TicketBreakdownRow: Hashable, Sendable, Codable {
    public var key: String
    public var opened = 0
    public var closed = 0
    public var resolved = 0
    public var overdue = 0
    public var onTime = 0
    public var completionDecided = 0
    public var onTimeRatePercent: Double?
    /// Tickets of the row escalated to level 3 in the range.
    public var escalated3 = 0

    public init(key: String) { self.key = key }
}

public struct TicketDay: Hashable, Sendable, Codable {
    /// The local date, `YYYY-MM-DD`.
    public var date: String
    public var opened = 0
    public var closed = 0
    public var resolved = 0

    public init(date: String) { self.date = date }
}
