import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Hummingbird

// MARK: - JSON bodies of the directory routes
//
// Each input omits `version` (the server stamps it) and lets `id` come from the path on
// PUT. `site` defaults to the node's site.

/// Wraps any encodable value as a JSON response.
struct JSONBody<T: Encodable & Sendable>: ResponseEncodable {
    var value: T
    init(_ value: T) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// An input that becomes a record once its id and site are known.
protocol RecordInput: Decodable, SendableMetatype {
    associatedtype Record
    var id: String? { get }
    func record(id: String, site: ReplicaID) -> Record
}

struct ResidentInput: RecordInput {
    var id: String?
    var site: ReplicaID?
    var name: String
    var phones: [String]
    var note: String?
    var optOut: Bool?
    func record(id: String, site: ReplicaID) -> Resident {
        Resident(id: id, site: self.site ?? site, name: name, phones: phones, note: note, optOut: optOut ?? false)
    }
}

struct RoomInput: RecordInput {
    var id: String?
    var site: ReplicaID?
    var building: String
    var unit: String
    var floor: Int
    var number: String
    var areaM2: Double?
    var arrearsCents: Int?
    func record(id: String, site: ReplicaID) -> Room {
        Room(id: id, site: self.site ?? site, building: building, unit: unit, floor: floor, number: number,
             areaM2: areaM2, arrearsCents: arrearsCents ?? 0)
    }
}

struct SupplierInput: RecordInput {
    var id: String?
    var name: String
    var contact: String?
    var phone: String?
    var trade: String
    func record(id: String, site: ReplicaID) -> Supplier {
        Supplier(id: id, name: name, contact: contact, phone: phone, trade: trade)
    }
}

struct FixtureInput: RecordInput {
    var id: String?
    var site: ReplicaID?
    var roomID: String?
    var building: String?
    var name: String
    var location: String?
    var supplierID: String?
    var warrantyEnd: String?
    func record(id: String, site: ReplicaID) -> Fixture {
        Fixture(id: id, site: self.site ?? site, roomID: roomID, building: building, name: name,
                location: location, supplierID: supplierID, warrantyEnd: warrantyEnd)
    }
}

struct CaseInput: RecordInput {
    var id: String?
    var title: String
    var category: TicketCategory
    var symptom: String
    var solution: String
    var tags: [String]?
    func record(id: String, site: ReplicaID) -> KnowledgeCase {
        KnowledgeCase(id: id, title: title, category: category, symptom: symptom, solution: solution, tags: tags ?? [])
    }
}

struct DispatchRuleInput: RecordInput {
    var id: String?
    var site: ReplicaID?
    var building: String?
    var category: TicketCategory
    var department: String
    var assignees: [String]
    var mode: DispatchMode
    func record(id: String, site: ReplicaID) -> DispatchRule {
        DispatchRule(id: id, site: self.site ?? site, building: building, category: category,
                     department: department, assignees: assignees, mode: mode)
    }
}

struct OccupancyInput: Decodable {
    var roomID: String
    var role: RoomRole
}

/// The screen-pop answer of `GET /residents/by-phone/{phone}`.
struct CallerLookupJSON: ResponseEncodable {
    struct Card: Encodable {
        var resident: Resident
        var rooms: [RoomMembership]
        var openTickets: [TicketJSON]
    }
    var phone: String
    var residents: [Card]

    init(_ l: CallerLookup) {
        phone = l.phone
        residents = l.residents.map { Card(resident: $0.resident, rooms: $0.rooms, openTickets: $0.openTickets.map(TicketJSON.init)) }
    }
}

struct SearchJSON: ResponseEncodable {
    var query: String
    var tickets: [TicketJSON]
    var residents: [Resident]
    var cases: [KnowledgeCase]
}

struct HealthJSON: ResponseEncodable {
    var status: String
    var site: String
    var events: Int
    var directory: DirectoryCounts
}
