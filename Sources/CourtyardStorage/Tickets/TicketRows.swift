import CourtyardCRDT
import CourtyardDomain
import GRDB

// MARK: - ticket_event

/// One row of the event log: a `TicketEvent` with its id split into sortable columns.
struct TicketEventRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ticket_event"

    var hlc: Int64
    var origin: String
    var ticketID: String
    var kind: String
    var actor: String
    /// JSON array of `EventID`.
    var parents: String
    /// JSON of `TicketEventBody`.
    var body: String

    enum CodingKeys: String, CodingKey {
        case hlc, origin, ticketID = "ticket_id", kind, actor, parents, body
    }

    enum Columns {
        static let hlc = Column(CodingKeys.hlc)
        static let origin = Column(CodingKeys.origin)
        static let ticketID = Column(CodingKeys.ticketID)
    }

    init(_ event: TicketEvent) throws {
        hlc = try event.id.hlc.storageValue()
        origin = event.id.origin.rawValue
        ticketID = event.ticketID.rawValue
        kind = event.body.kind
        actor = event.actor
        parents = try JSONCodec.encode(event.parents)
        body = try JSONCodec.encode(event.body)
    }

    func event() throws -> TicketEvent {
        guard let id = EventID(storageHLC: hlc, origin: origin),
              let ticket = TicketID(validating: ticketID) else {
            throw StorageError(.corruptRow, "ticket_event row \(hlc)@\(origin) has an invalid id")
        }
        return TicketEvent(id: id, ticketID: ticket, actor: actor,
                           parents: try JSONCodec.decode([EventID].self, from: parents),
                           body: try JSONCodec.decode(TicketEventBody.self, from: body))
    }
}

// MARK: - ticket

/// The materialised current state of one ticket: filter columns plus the whole state as JSON.
struct TicketRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ticket"

    var id: String
    var number: String
    var siteCode: String
    var year: Int
    var sequence: Int
    var site: String
    var category: String
    var priority: String
    var status: String
    var assignee: String?
    var department: String?
    var resident: String?
    var room: String?
    var building: String?
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var escalationLevel: Int
    var state: String

    enum CodingKeys: String, CodingKey {
        case id, number, siteCode = "site_code", year, sequence, site, category, priority, status
        case assignee, department, resident, room, building
        case createdAtMs = "created_at_ms", updatedAtMs = "updated_at_ms"
        case escalationLevel = "escalation_level", state
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let number = Column(CodingKeys.number)
        static let siteCode = Column(CodingKeys.siteCode)
        static let year = Column(CodingKeys.year)
        static let sequence = Column(CodingKeys.sequence)
        static let site = Column(CodingKeys.site)
        static let category = Column(CodingKeys.category)
        static let priority = Column(CodingKeys.priority)
        static let status = Column(CodingKeys.status)
        static let assignee = Column(CodingKeys.assignee)
        static let department = Column(CodingKeys.department)
        static let resident = Column(CodingKeys.resident)
        static let room = Column(CodingKeys.room)
        static let createdAtMs = Column(CodingKeys.createdAtMs)
        static let updatedAtMs = Column(CodingKeys.updatedAtMs)
        static let escalationLevel = Column(CodingKeys.escalationLevel)
        static let state = Column(CodingKeys.state)
    }

    init(_ state: TicketState) throws {
        id = state.id.rawValue
        number = state.created.number.description
        siteCode = state.created.number.siteCode
        year = state.created.number.year
        sequence = state.created.number.sequence
        site = state.created.site.rawValue
        category = state.created.category.rawValue
        priority = state.created.priority.rawValue
        status = state.status.rawValue
        assignee = state.assignee
        department = state.department
        resident = state.created.residentID
        room = state.created.roomID
        building = state.created.buildingID
        createdAtMs = state.createdAtMs
        updatedAtMs = state.updatedAtMs
        escalationLevel = state.escalationLevel
        self.state = try JSONCodec.encode(state)
    }

    func ticketState() throws -> TicketState {
        try JSONCodec.decode(TicketState.self, from: state)
    }
}
