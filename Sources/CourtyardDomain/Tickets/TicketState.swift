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
public struct TicketConflict: Hashable, Sendable, Codable {
    public var kind: String
    public var applied: EventID
    public var concurrent: [EventID]
    public var detail: String

    public init(kind: String, applied: EventID, concurrent: [EventID], detail: String) {
        self.kind = kind
        self.applied = applied
        self.concurrent = concurrent
        self.detail = detail
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
}
