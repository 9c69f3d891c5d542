// MARK: - The supervisor wall's SLA board

/// The SLA board of one site (督办看板): how many open tickets sit at each escalation level
/// or were warned for it, and the most urgent open tickets with their due times. Pure: built
/// from folded states at `nowMs`.
public struct SLABoard: Hashable, Sendable {
    /// One escalation level: tickets escalated to it (and not further) and tickets warned for
    /// it but not yet escalated.
    public struct Level: Hashable, Sendable {
        public var level: Int
        public var escalated: Int
        public var warned: Int
    }

    /// One open ticket on the board.
    public struct Row: Hashable, Sendable {
        public var ticketID: TicketID
        public var number: String
        public var title: String
        public var status: TicketStatus
        public var priority: TicketPriority
        public var assignee: String?
        public var department: String?
        public var escalationLevel: Int
        public var warnedLevel: Int
        /// The completion deadline; nil while suspended before it.
        public var completionDueAtMs: Int64?
        /// The next level not yet reached, its warning and due times; nil once level 3 is reached.
        public var nextLevel: Int?
        public var nextWarnAtMs: Int64?
        public var nextDueAtMs: Int64?
        /// The completion deadline has passed.
        public var overdue: Bool
    }

    /// Open tickets considered (statuses whose SLA clock runs).
    public var open: Int
    /// Open tickets past their completion deadline.
    public var overdue: Int
    /// Levels 1...3, in order.
    public var levels: [Level]
    /// The most urgent open tickets: highest escalation level first, then warned ones, then
    /// the soonest next due time, then id.
    public var rows: [Row]

    /// Default bound on `rows`.
    public static let rowsMax = 200

    /// Builds the board from the states of open tickets (others are ignored).
    public static func build(states: [TicketState], policy: SLAPolicy, calendar: BusinessCalendar,
                             ladder: EscalationLadder, nowMs: Int64, rowsMax: Int = rowsMax) -> SLABoard {
        let running = states.filter { EscalationPlanner.runningStatuses.contains($0.status) }
        let clock = SLAClock(policy: policy, calendar: calendar)
        var rows: [Row] = []
        rows.reserveCapacity(running.count)
        for state in running {
            rows.append(row(state, clock: clock, policy: policy, calendar: calendar, ladder: ladder, nowMs: nowMs))
        }
        let levels = (1...TicketLimits.escalationLevelMax).map { n in
            Level(level: n,
                  escalated: rows.filter { $0.escalationLevel == n }.count,
                  warned: rows.filter { $0.warnedLevel == n && $0.escalationLevel < n }.count)
        }
        rows.sort(by: precedes)
        return SLABoard(open: rows.count, overdue: rows.filter(\.overdue).count, levels: levels,
                        rows: Array(rows.prefix(max(0, rowsMax))))
    }

    static func row(_ state: TicketState, clock: SLAClock, policy: SLAPolicy, calendar: BusinessCalendar,
                    ladder: EscalationLadder, nowMs: Int64) -> Row {
        let completion = clock.deadlines(of: state).completion.dueAtMs
        let next = EscalationPlanner.times(state: state, policy: policy, calendar: calendar, ladder: ladder)
            .first { $0.level > state.escalationLevel }
        return Row(ticketID: state.id, number: state.created.number.description, title: state.created.title,
                   status: state.status, priority: state.created.priority, assignee: state.assignee,
                   department: state.department, escalationLevel: state.escalationLevel,
                   warnedLevel: state.warnedLevel, completionDueAtMs: completion, nextLevel: next?.level,
                   nextWarnAtMs: next?.warnAtMs, nextDueAtMs: next?.dueAtMs,
                   overdue: completion.map { nowMs >= $0 } ?? false)
    }

    /// Urgency order: escalation level, then warned, then next due (unknown last), then id.
    static func precedes(_ a: Row, _ b: Row) -> Bool {
        if a.escalationLevel != b.escalationLevel { return a.escalationLevel > b.escalationLevel }
        let aw = a.warnedLevel > a.escalationLevel, bw = b.warnedLevel > b.escalationLevel
        if aw != bw { return aw }
        let ad = a.nextDueAtMs ?? .max, bd = b.nextDueAtMs ?? .max
        if ad != bd { return ad < bd }
        return a.ticketID < b.ticketID
    }
}
