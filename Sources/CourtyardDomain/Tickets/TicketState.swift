import CourtyardCRDT

/// Where a ticket stands in its lifecycle.
public enum TicketStatus: String, CaseIterable, Sendable, Codable, Hashable {
    case open         // created, not yet dispatched
    case dispatched   // assigned to someone, not yet accepted
    case accepted
    case onSite       // arrived
    case suspended    // SLA clock paused
    case resolved     // waiting for the callback
    case closed
    case cancelled
}

/// One step of the resident-facing timeline ("which step, which department, since when").
public struct TimelineStep: Hashable, Sendable, Codable {
    public var status: TicketStatus
    public var department: String?
    public var assignee: String?
    public var sinceMs: Int64
    public var eventID: EventID

    public init(status: TicketStatus, department: String?, assignee: String?, sinceMs: Int64, eventID: EventID) {
        self.status = status
        self.department = department
        self.assignee = assignee
        self.sinceMs = sinceMs
        self.eventID = eventID
    }
}

/// Two or more concurrent events the fold could not both apply as written (for instance two
/// sites assigning at once). Kept and surfaced, never hidden: the winner is the one the fold
/// applied, the others are listed so a supervisor can settle it.
///
/// `kind` is one of `TicketConflictKind`'s raw values (a string so stored conflicts survive new
/// kinds). `applied` is the event the fold applied; `concurrent` the rivals it did not let win
/// (or, for a skipped event, the skipped event itself); `skipped` the events the fold did not
/// apply at all (they stay in the event set, only the state ignores them).
public struct TicketConflict: Hashable, Sendable, Codable {
    public var kind: String
    public var applied: EventID
    public var concurrent: [EventID]
    public var detail: String
    public var skipped: [EventID]

    public init(kind: String, applied: EventID, concurrent: [EventID], detail: String, skipped: [EventID] = []) {
        self.kind = kind
        self.applied = applied
        self.concurrent = concurrent
        self.detail = detail
        self.skipped = skipped
    }

    public init(_ kind: TicketConflictKind, applied: EventID, concurrent: [EventID], detail: String,
                skipped: [EventID] = []) {
        self.init(kind: kind.rawValue, applied: applied, concurrent: concurrent, detail: detail, skipped: skipped)
    }
}

/// What went wrong between events of one ticket (the `kind` of a `TicketConflict`).
public enum TicketConflictKind: String, CaseIterable, Sendable, Codable, Hashable {
    /// Two assignments neither of which saw the other: the later in id order won.
    case concurrentAssignment
    /// An event concurrent with a status change it did not see: applied with the rivals listed,
    /// or skipped when it no longer fits (a `resolved` racing a `cancelled`, a note after a
    /// concurrent close).
    case concurrentTransition
    /// An event impossible in fold order although it saw everything before it: a corrupted or
    /// buggy history. Skipped.
    case invalidTransition
    /// An event that does not fit yet because some of its parents have not been delivered.
    /// Skipped until they arrive (the next fold settles it).
    case missingParents
    /// Two different events under one `EventID` (a broken writer): the first in a canonical
    /// order was kept.
    case duplicateEventID
    /// An event that names another ticket. Skipped.
    case foreignTicket
}

/// One stretch of time the ticket spent suspended (SLA clock paused). `endMs` is nil while it
/// lasts.
public struct SuspensionSpan: Hashable, Sendable, Codable {
    public var startMs: Int64
    public var endMs: Int64?
    public var reason: String

    public init(startMs: Int64, endMs: Int64?, reason: String) {
        self.startMs = startMs
        self.endMs = endMs
        self.reason = reason
    }
}

/// A recorded escalation level (三级督办): at most one per level, whatever the number of nodes
/// that fired it.
public struct EscalationRecord: Hashable, Sendable, Codable {
    public var mark: EscalationMark
    public var eventID: EventID
    public var atMs: Int64

    public init(mark: EscalationMark, eventID: EventID, atMs: Int64) {
        self.mark = mark
        self.eventID = eventID
        self.atMs = atMs
    }
}

/// The current state of a ticket: a deterministic fold of its events in `EventID` order.
public struct TicketState: Hashable, Sendable, Codable, Identifiable {
    public var id: TicketID
    public var created: TicketCreated
    public var createdBy: String
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
    public var status: TicketStatus
    public var assignee: String?
    public var department: String?
    public var escalationLevel: Int
    public var warnedLevel: Int
    public var satisfaction: Satisfaction?
    public var children: [ChildLink]
    public var resolvedAtMs: Int64?
    public var closedAtMs: Int64?
    /// Total milliseconds spent suspended (the SLA clock subtracts it).
    public var suspendedMs: Int64
    public var suspendedSinceMs: Int64?
    public var timeline: [TimelineStep]
    public var conflicts: [TicketConflict]
    /// The latest events seen (the causal frontier), to use as `parents` of the next write.
    public var frontier: [EventID]
    public var eventCount: Int

    // MARK: Added by the fold (SLA and follow-up bookkeeping)

    /// When the ticket was first accepted (the response deadline is met then).
    public var acceptedAtMs: Int64?
    /// When someone first arrived on site (the arrival deadline is met then).
    public var arrivedAtMs: Int64?
    /// The status to return to on `resumed`.
    public var statusBeforeSuspension: TicketStatus?
    /// Every suspension, in order; the SLA clock skips these spans.
    public var suspensions: [SuspensionSpan]
    /// One record per escalation level reached, by level.
    public var escalations: [EscalationRecord]
    /// The event of the assignment in force (accept and arrive must have seen it).
    public var assignmentEventID: EventID?
    /// A callback asked for a follow-up and no child ticket is linked yet: closing waits.
    public var followUpPending: Bool
    public var noteCount: Int
    /// Conflicts beyond `TicketState.conflictsMax`, counted but not listed.
    public var conflictsOmitted: Int

    /// The ticket this one follows up (后继子工单), if any.
    public var parentTicketID: TicketID? { created.parentTicketID }
}
