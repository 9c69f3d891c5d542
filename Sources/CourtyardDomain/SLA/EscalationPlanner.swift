// MARK: - Directives

/// What the planner asks the ticket's home node to write.
public enum EscalationDirective: Hashable, Sendable {
    /// Warn that `level` falls due at `dueAtMs`.
    case warn(level: Int, dueAtMs: Int64)
    /// Escalate to `level`; it fell due at `dueAtMs`.
    case escalate(level: Int, dueAtMs: Int64)

    public var level: Int {
        switch self {
        case .warn(let level, _), .escalate(let level, _): level
        }
    }

    /// The event to append (idempotent by (ticket, level): a duplicate merges away).
    public func eventBody(ladder: EscalationLadder) -> TicketEventBody {
        switch self {
        case .warn(let level, let due):
            .warned(EscalationMark(level: level, deadline: .completion, dueAtMs: due, notify: ladder.notify(level: level)))
        case .escalate(let level, let due):
            .escalated(EscalationMark(level: level, deadline: .completion, dueAtMs: due, notify: ladder.notify(level: level)))
        }
    }
}

/// One level's absolute times for a ticket; nil while suspended before it.
public struct EscalationTimes: Hashable, Sendable {
    public var level: Int
    public var warnAtMs: Int64?
    public var dueAtMs: Int64?
}

// MARK: - Planner

/// Decides which warnings and escalations are due for a ticket (三级督办). Pure: the home
/// node calls `evaluate` when its timer fires and writes the directives as events, then
/// arms the timer for `nextCheckMs`.
public enum EscalationPlanner {
    /// Statuses whose completion clock runs.
    public static let runningStatuses: [TicketStatus] = [.open, .dispatched, .accepted, .onSite]

    /// The directives due at `nowMs`, levels in order. Never a level already recorded in the
    /// state, nothing for a resolved, closed or cancelled ticket, nothing while suspended.
    /// A level already due is escalated without its (late) warning.
    public static func evaluate(state: TicketState, policy: SLAPolicy, calendar: BusinessCalendar,
                                ladder: EscalationLadder, nowMs: Int64) -> [EscalationDirective] {
        guard runningStatuses.contains(state.status) else { return [] }
        var out: [EscalationDirective] = []
        for t in times(state: state, policy: policy, calendar: calendar, ladder: ladder)
        where t.level > state.escalationLevel {
            guard let due = t.dueAtMs else { break }
            if nowMs >= due {
                out.append(.escalate(level: t.level, dueAtMs: due))
                continue
            }
            if t.level > state.warnedLevel, let warn = t.warnAtMs, nowMs >= warn {
                out.append(.warn(level: t.level, dueAtMs: due))
            }
            break
        }
        return out
    }

    /// The next instant after `nowMs` at which `evaluate` could return something it does
    /// not return at `nowMs`; nil when nothing can fire (all levels recorded, or the ticket is
    /// finished or suspended — a resume is a new event, re-evaluate then).
    public static func nextCheckMs(state: TicketState, policy: SLAPolicy, calendar: BusinessCalendar,
                                   ladder: EscalationLadder, nowMs: Int64) -> Int64? {
        guard runningStatuses.contains(state.status) else { return nil }
        var candidates: [Int64] = []
        for t in times(state: state, policy: policy, calendar: calendar, ladder: ladder)
        where t.level > state.escalationLevel {
            guard let due = t.dueAtMs else { continue }
            if due > nowMs { candidates.append(due) }
            if t.level > state.warnedLevel, let warn = t.warnAtMs, warn > nowMs, warn < due {
                candidates.append(warn)
            }
        }
        return candidates.min()
    }

    /// Absolute warning and escalation times of every level, suspensions excluded.
    public static func times(state: TicketState, policy: SLAPolicy, calendar: BusinessCalendar,
                             ladder: EscalationLadder) -> [EscalationTimes] {
        let clock = SLAClock(policy: policy, calendar: calendar)
        let completion = policy.targets(for: state.created).completionMs
        return ladder.offsets(completionMs: completion).map { o in
            EscalationTimes(level: o.level,
                            warnAtMs: clock.dueAtMs(afterWorkingMs: o.warnAtMs, of: state),
                            dueAtMs: clock.dueAtMs(afterWorkingMs: o.escalateAtMs, of: state))
        }
    }
}
