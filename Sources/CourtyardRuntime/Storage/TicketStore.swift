import CourtyardCRDT
import CourtyardDomain

/// Durable storage of the ticket space: the event log (the truth) and the materialised
/// views derived from it (DESIGN §4). SQLite implements it today; keep it narrow enough
/// that a PostgreSQL backend can follow.
///
/// Contract for every implementation:
/// - `append` is atomic and durable: when it returns, every inserted event has committed;
///   when it throws, none of them has. Events already present (same `EventID`) are skipped,
///   so replaying or re-receiving a batch is harmless (the event set is grow-only).
/// - Views are updated in the same transaction as the events they derive from.
public protocol TicketStore: Sendable {
    func append(_ events: [TicketEvent]) async throws -> AppendResult
    /// Every stored event of one ticket, in `EventID` order.
    func events(of ticket: TicketID) async throws -> [TicketEvent]
    func ticket(_ id: TicketID) async throws -> TicketState?
    /// Looks a ticket up by its human number, e.g. `NB-2026-000123`.
    func ticket(number: String) async throws -> TicketState?
    func tickets(_ query: TicketQuery) async throws -> TicketPage
    /// Full-text search over ticket titles, descriptions and notes (CJK-aware).
    func searchTickets(_ text: String, limit: Int) async throws -> [TicketState]
    /// The highest ticket sequence number stored for a site code and year (0 when none).
    func lastSequence(siteCode: String, year: Int) async throws -> Int
    /// The highest HLC of any stored event issued by `origin`, so a restarted node's clock
    /// never reissues a timestamp.
    func maxHLC(origin: ReplicaID) async throws -> HLCTimestamp?
    func eventCount() async throws -> Int
}

public struct AppendResult: Sendable, Hashable {
    public var inserted: [EventID]
    public var duplicates: [EventID]

    public init(inserted: [EventID], duplicates: [EventID]) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}

/// A filter over the materialised ticket list. All fields are optional and combine with AND.
public struct TicketQuery: Sendable, Hashable {
    public var site: ReplicaID?
    public var statuses: [TicketStatus]
    public var category: TicketCategory?
    public var priority: TicketPriority?
    public var assignee: String?
    public var department: String?
    public var residentID: String?
    public var roomID: String?
    public var minEscalationLevel: Int?
    public var createdFromMs: Int64?
    public var createdToMs: Int64?
    /// Tickets whose latest event is at or after this time (reports: everything that
    /// happened to a ticket in a range).
    public var updatedFromMs: Int64?
    public var limit: Int
    public var offset: Int
    /// Newest created first (the default), or most recently changed first (the dashboard).
    public var order: TicketOrder = .newestCreated

    public static let limitMax = 500

    public init(site: ReplicaID? = nil, statuses: [TicketStatus] = [], category: TicketCategory? = nil,
                priority: TicketPriority? = nil, assignee: String? = nil, department: String? = nil,
                residentID: String? = nil, roomID: String? = nil, minEscalationLevel: Int? = nil,
                createdFromMs: Int64? = nil, createdToMs: Int64? = nil, updatedFromMs: Int64? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.site = site
        self.statuses = statuses
        self.category = category
        self.priority = priority
        self.assignee = assignee
        self.department = department
        self.residentID = residentID
        self.roomID = roomID
        self.minEscalationLevel = minEscalationLevel
        self.createdFromMs = createdFromMs
        self.createdToMs = createdToMs
        self.updatedFromMs = updatedFromMs
        self.limit = min(max(limit, 1), TicketQuery.limitMax)
        self.offset = max(offset, 0)
    }
}

/// How a ticket page is sorted; ties break on the id, descending.
public enum TicketOrder: String, Sendable, Hashable, CaseIterable {
    case newestCreated
    case recentlyUpdated
}

public struct TicketPage: Sendable, Hashable {
    /// In the query's order (newest created first by default).
    public var tickets: [TicketState]
    public var total: Int

    public init(tickets: [TicketState], total: Int) {
        self.tickets = tickets
        self.total = total
    }
}
