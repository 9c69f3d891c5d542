import CourtyardCRDT

// The customer–room–supplier database (SPEC §4 "Data"). Plain values; validation and
// normalisation live beside them (`PhoneNumber`, `DirectoryValidation`).
//
// Every record carries `version`: the event id of its last write, so replicas resolve
// concurrent edits last-writer-wins (DESIGN §3) and storage can refuse a stale overwrite.

public enum RoomRole: String, CaseIterable, Sendable, Codable, Hashable {
    case owner    // 业主
    case tenant   // 租户
    case family   // 家属
}

/// A resident (customer). Several phone numbers, each stored normalised (`PhoneNumber`).
public struct Resident: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var site: ReplicaID
    public var name: String
    public var phones: [String]
    public var note: String?
    /// Outbound campaigns skip residents who opted out.
    public var optOut: Bool
    public var version: EventID?

    public init(id: String, site: ReplicaID, name: String, phones: [String], note: String? = nil,
                optOut: Bool = false, version: EventID? = nil) {
        self.id = id
        self.site = site
        self.name = name
        self.phones = phones
        self.note = note
        self.optOut = optOut
        self.version = version
    }
}

/// A room: project (site) / building / unit / floor / number.
public struct Room: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var site: ReplicaID
    public var building: String
    public var unit: String
    public var floor: Int
    public var number: String
    public var areaM2: Double?
    /// Outstanding fees in cents (欠费); 0 when paid up.
    public var arrearsCents: Int
    public var version: EventID?

    public init(id: String, site: ReplicaID, building: String, unit: String, floor: Int, number: String,
                areaM2: Double? = nil, arrearsCents: Int = 0, version: EventID? = nil) {
        self.id = id
        self.site = site
        self.building = building
        self.unit = unit
        self.floor = floor
        self.number = number
        self.areaM2 = areaM2
        self.arrearsCents = arrearsCents
        self.version = version
    }
}

/// Links a resident to a room in a role. A resident may hold several rooms; a room
/// several residents.
public struct Occupancy: Hashable, Sendable, Codable {
    public var residentID: String
    public var roomID: String
    public var role: RoomRole
    /// The event id of the link's last write (last-writer-wins across sites); nil for a
    /// link written before directory replication. Absent in older JSON (decoded as nil).
    public var version: EventID?

    public init(residentID: String, roomID: String, role: RoomRole, version: EventID? = nil) {
        self.residentID = residentID
        self.roomID = roomID
        self.role = role
        self.version = version
    }
}

public struct Supplier: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var contact: String?
    public var phone: String?
    /// What they supply or service: "水龙头", "电梯", "防水".
    public var trade: String
    public var version: EventID?

    public init(id: String, name: String, contact: String? = nil, phone: String? = nil, trade: String,
                version: EventID? = nil) {
        self.id = id
        self.name = name
        self.contact = contact
        self.phone = phone
        self.trade = trade
        self.version = version
    }
}

/// A fixture or material installed in a room (or a building's common area when `roomID`
/// is nil): kitchen tap, water heater, lift. Its supplier and warranty end tell whether a
/// repair is in warranty.
public struct Fixture: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var site: ReplicaID
    public var roomID: String?
    public var building: String?
    public var name: String
    /// Where in the room: "厨房", "卫生间".
    public var location: String?
    public var supplierID: String?
    /// Warranty end as an ISO date `YYYY-MM-DD`; nil when unknown.
    public var warrantyEnd: String?
    public var version: EventID?

    public init(id: String, site: ReplicaID, roomID: String? = nil, building: String? = nil, name: String,
                location: String? = nil, supplierID: String? = nil, warrantyEnd: String? = nil,
                version: EventID? = nil) {
        self.id = id
        self.site = site
        self.roomID = roomID
        self.building = building
        self.name = name
        self.location = location
        self.supplierID = supplierID
        self.warrantyEnd = warrantyEnd
        self.version = version
    }
}

/// A case of the shared knowledge base (案例库).
public struct KnowledgeCase: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var category: TicketCategory
    public var symptom: String
    public var solution: String
    public var tags: [String]
    public var version: EventID?

    public init(id: String, title: String, category: TicketCategory, symptom: String, solution: String,
                tags: [String] = [], version: EventID? = nil) {
        self.id = id
        self.title = title
        self.category = category
        self.symptom = symptom
        self.solution = solution
        self.tags = tags
        self.version = version
    }
}

/// A dispatch rule: site × building × category → person, in a mode. `building == nil`
/// matches every building of the site; more specific rules win (see `DispatchRules`).
public struct DispatchRule: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var site: ReplicaID
    public var building: String?
    public var category: TicketCategory
    public var department: String
    /// Candidates: one for `assign`; the pool for `grab` and `roundRobin`.
    public var assignees: [String]
    public var mode: DispatchMode
    public var version: EventID?

    public init(id: String, site: ReplicaID, building: String? = nil, category: TicketCategory,
                department: String, assignees: [String], mode: DispatchMode, version: EventID? = nil) {
        self.id = id
        self.site = site
        self.building = building
        self.category = category
        self.department = department
        self.assignees = assignees
        self.mode = mode
        self.version = version
    }
}
