// MARK: - Deadlines

/// Where one deadline stands at a given instant.
public enum SLAOutcome: String, CaseIterable, Sendable, Codable, Hashable {
    /// Not met yet, not due yet.
    case pending
    /// Not met, and the clock is stopped (the ticket is suspended).
    case paused
    case met
    /// Met after its due time.
    case metLate
    /// Not met and past due.
    case breached
    /// Not met and never will be: the ticket was cancelled.
    case void
}

/// One deadline of a ticket.
public struct SLADeadline: Hashable, Sendable, Codable {
    public var kind: DeadlineKind
    /// Working time allowed.
    public var targetMs: Int64
    /// When it falls, suspensions excluded; nil while the ticket is suspended before it.
    public var dueAtMs: Int64?
    /// When it was met (first accept, first arrival, resolution).
    public var metAtMs: Int64?
    /// Whether the ticket was cancelled (a deadline not met by then is void).
    public var cancelled: Bool

    public init(kind: DeadlineKind, targetMs: Int64, dueAtMs: Int64?, metAtMs: Int64?, cancelled: Bool) {
        self.kind = kind
        self.targetMs = targetMs
        self.dueAtMs = dueAtMs
        self.metAtMs = metAtMs
        self.cancelled = cancelled
    }

    /// The outcome at `nowMs`. Due at `dueAtMs` means meeting it at that very instant is on time.
    public func outcome(nowMs: Int64) -> SLAOutcome {
        if let met = metAtMs, met <= nowMs {
            guard let due = dueAtMs else { return .met }
            return met <= due ? .met : .metLate
        }
        if cancelled { return .void }
        guard let due = dueAtMs else { return .paused }
        return nowMs > due ? .breached : .pending
    }
}

/// The deadlines of one ticket.
public struct SLADeadlines: Hashable, Sendable, Codable {
    public var response: SLADeadline
    /// Nil for categories handled without a visit.
    public var arrival: SLADeadline?
    public var completion: SLADeadline

    public var all: [SLADeadline] { [response] + (arrival.map { [$0] } ?? []) + [completion] }

    /// The deadlines breached (or met late) at `nowMs`.
    public func breached(nowMs: Int64) -> [DeadlineKind] {
        all.filter { [.breached, .metLate].contains($0.outcome(nowMs: nowMs)) }.map(\.kind)
    }
}

// MARK: - Clock

/// Computes a ticket's SLA deadlines from its state: targets from the policy, counted in
/// working time on the site's calendar (24×7 for emergencies), from creation, skipping every
/// span the ticket spent suspended.
public struct SLAClock: Hashable, Sendable {
    public var policy: SLAPolicy
    /// The site's calendar.
    public var calendar: BusinessCalendar

    public init(policy: SLAPolicy, calendar: BusinessCalendar) {
        self.policy = policy
        self.calendar = calendar
    }

    /// The calendar this ticket's clock runs on.
    public func calendar(for state: TicketState) -> BusinessCalendar {
        SLAPolicy.calendar(for: state.created, site: calendar)
    }

    public func deadlines(of state: TicketState) -> SLADeadlines {
        let t = policy.targets(for: state.created)
        let cancelled = state.status == .cancelled
        func deadline(_ kind: DeadlineKind, _ target: Int64, met: Int64?) -> SLADeadline {
            SLADeadline(kind: kind, targetMs: target, dueAtMs: dueAtMs(afterWorkingMs: target, of: state),
                        metAtMs: met, cancelled: cancelled)
        }
        let resolved = state.resolvedAtMs
        return SLADeadlines(
            response: deadline(.response, t.responseMs, met: Self.earliest(state.acceptedAtMs, resolved)),
            arrival: t.arrivalMs.map { deadline(.arrival, $0, met: Self.earliest(state.arrivedAtMs, resolved)) },
            completion: deadline(.completion, t.completionMs, met: resolved))
    }

    /// The instant the ticket will have used `workingMs` of its clock: working time from
    /// creation, suspended spans excluded. Nil when the ticket is suspended before reaching it
    /// (the instant is unknown until it resumes).
    public func dueAtMs(afterWorkingMs workingMs: Int64, of state: TicketState) -> Int64? {
        let cal = calendar(for: state)
        var cursor = state.createdAtMs
        var remaining = max(0, workingMs)
        for span in state.suspensions {
            let pauseStart = max(span.startMs, cursor)
            let candidate = cal.add(remaining, to: cursor)
            if candidate <= pauseStart { return candidate }
            remaining -= cal.businessDuration(from: cursor, to: pauseStart)
            guard let end = span.endMs else { return nil }
            cursor = max(cursor, end)
        }
        return cal.add(remaining, to: cursor)
    }

    /// Working time the ticket's clock has used by `nowMs` (suspended spans excluded).
    public func elapsedWorkingMs(of state: TicketState, nowMs: Int64) -> Int64 {
        let cal = calendar(for: state)
        var total = cal.businessDuration(from: state.createdAtMs, to: nowMs)
        for span in state.suspensions {
            let end = min(span.endMs ?? nowMs, nowMs)
            total -= cal.businessDuration(from: max(span.startMs, state.createdAtMs), to: end)
        }
        return max(0, total)
    }

    private static func earliest(_ a: Int64?, _ b: Int64?) -> Int64? {
        switch (a, b) {
        case let (x?, y?): min(x, y)
        case let (x?, nil): x
        case let (nil, y?): y
        case (nil, nil): nil
        }
    }
}
