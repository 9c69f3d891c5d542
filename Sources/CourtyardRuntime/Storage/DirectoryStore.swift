import CourtyardCRDT
import CourtyardDomain

/// Durable storage of the customer–room–supplier database, the case library and the
/// dispatch rules. Records are last-writer-wins by `version` (DESIGN §3): applying a record
/// whose version is older than the stored one leaves the stored one in place.
public protocol DirectoryStore: Sendable {
    /// Applies every record of the batch in one transaction (all or nothing).
    func apply(_ batch: DirectoryBatch) async throws -> DirectoryApplyResult

    func resident(id: String) async throws -> Resident?
    func room(id: String) async throws -> Room?
    func supplier(id: String) async throws -> Supplier?
    func fixture(id: String) async throws -> Fixture?
    func knowledgeCase(id: String) async throws -> KnowledgeCase?
    func dispatchRule(id: String) async throws -> DispatchRule?
    /// The stored account of this name (replicated or local), to stamp an edit after its version.
    func account(username: Username) async throws -> AccountRecord?

    /// Residents with this phone, given in canonical form (`PhoneNumber` normalised).
    func residents(phone: String) async throws -> [Resident]
    /// Full-text search over names, phones and notes (CJK-aware).
    func searchResidents(_ text: String, limit: Int) async throws -> [Resident]
    func residents(site: ReplicaID?, limit: Int, offset: Int) async throws -> [Resident]
    func rooms(site: ReplicaID?, building: String?, limit: Int, offset: Int) async throws -> [Room]
    func rooms(ofResident residentID: String) async throws -> [RoomMembership]
    func residents(ofRoom roomID: String) async throws -> [ResidentMembership]
    func fixtures(roomID: String) async throws -> [Fixture]
    func fixtures(site: ReplicaID, building: String) async throws -> [Fixture]
    func suppliers(limit: Int, offset: Int) async throws -> [Supplier]
    func searchCases(_ text: String, limit: Int) async throws -> [KnowledgeCase]
    func dispatchRules(site: ReplicaID) async throws -> [DispatchRule]
    func counts() async throws -> DirectoryCounts
    /// Every stored record, at most `limit` in total (directory replication loads them at
    /// start-up, and `DirectoryService` restores its clock from their versions).
    func allRecords(limit: Int) async throws -> DirectoryBatch
}

extension DirectoryStore {
    /// A default built from the paged queries: residents, rooms, suppliers, the rooms'
    /// fixtures and occupancies, and the dispatch rules of every site seen. Knowledge cases
    /// cannot be listed through the protocol's queries and are missing: a store should
    /// implement this itself.
    public func allRecords(limit: Int) async throws -> DirectoryBatch {
        let page = 500
        var batch = DirectoryBatch()
        func left() -> Int { max(0, limit - batch.recordCount) }
        while left() > 0 {
            let next = try await residents(site: nil, limit: min(page, left()), offset: batch.residents.count)
            batch.residents += next
            if next.count < page { break }
        }
        var roomsRead = 0
        while left() > 0 {
            let next = try await rooms(site: nil, building: nil, limit: min(page, left()), offset: roomsRead)
            roomsRead += next.count
            batch.rooms += next
            if next.count < page { break }
        }
        while left() > 0 {
            let next = try await suppliers(limit: min(page, left()), offset: batch.suppliers.count)
            batch.suppliers += next
            if next.count < page { break }
        }
        for r in batch.rooms where left() > 0 {
            batch.fixtures += try await fixtures(roomID: r.id).prefix(left())
            let links = try await residents(ofRoom: r.id).prefix(left())
            batch.occupancies += links.map { Occupancy(residentID: $0.resident.id, roomID: r.id, role: $0.role) }
        }
        let sites = Set(batch.rooms.map(\.site) + batch.residents.map(\.site)).sorted()
        for site in sites where left() > 0 {
            batch.dispatchRules += try await dispatchRules(site: site).prefix(left())
        }
        return batch
    }
}

/// A set of directory writes applied atomically (an import, an API write, a replicated delta).
public struct DirectoryBatch: Sendable, Hashable {
    public var residents: [Resident] = []
    public var rooms: [Room] = []
    public var occupancies: [Occupancy] = []
    public var suppliers: [Supplier] = []
    public var fixtures: [Fixture] = []
    public var cases: [KnowledgeCase] = []
    public var dispatchRules: [DispatchRule] = []
    /// Replicated accounts (versioned, never `admin`): a store applies them last-writer-wins
    /// to the node's accounts and ends the sessions of one whose password, role or site
    /// changed or that was disabled.
    public var accounts: [AccountRecord] = []

    public init(residents: [Resident] = [], rooms: [Room] = [], occupancies: [Occupancy] = [],
                suppliers: [Supplier] = [], fixtures: [Fixture] = [], cases: [KnowledgeCase] = [],
                dispatchRules: [DispatchRule] = [], accounts: [AccountRecord] = []) {
        self.residents = residents
        self.rooms = rooms
        self.occupancies = occupancies
        self.suppliers = suppliers
        self.fixtures = fixtures
        self.cases = cases
        self.dispatchRules = dispatchRules
        self.accounts = accounts
    }

    public var recordCount: Int {
        residents.count + rooms.count + occupancies.count + suppliers.count + fixtures.count
            + cases.count + dispatchRules.count + accounts.count
    }
}

public struct DirectoryApplyResult: Sendable, Hashable {
    /// Records written (new, or newer than the stored version).
    public var written: Int
    /// Records skipped because the stored version was newer or equal.
    public var stale: Int

    public init(written: Int, stale: Int) {
        self.written = written
        self.stale = stale
    }
}

public struct RoomMembership: Sendable, Hashable, Codable {
    public var room: Room
    public var role: RoomRole
    public init(room: Room, role: RoomRole) {
        self.room = room
        self.role = role
    }
}

public struct ResidentMembership: Sendable, Hashable, Codable {
    public var resident: Resident
    public var role: RoomRole
    public init(resident: Resident, role: RoomRole) {
        self.resident = resident
        self.role = role
    }
}

public struct DirectoryCounts: Sendable, Hashable, Codable {
    public var residents: Int
    public var rooms: Int
    public var suppliers: Int
    public var fixtures: Int
    public var cases: Int
    public var dispatchRules: Int

    public init(residents: Int, rooms: Int, suppliers: Int, fixtures: Int, cases: Int, dispatchRules: Int) {
        self.residents = residents
        self.rooms = rooms
        self.suppliers = suppliers
        self.fixtures = fixtures
        self.cases = cases
        self.dispatchRules = dispatchRules
    }
}

/// The last-writer-wins rule every `DirectoryStore` applies, in one place:
///
/// | stored version | incoming version | result |
/// |---|---|---|
/// | no record | any | write |
/// | nil | any | write (an unversioned record is a local, pre-replication value) |
/// | set | nil | skip (never let an unversioned write clobber a replicated one) |
/// | set | set | write only if incoming > stored (equal is a duplicate: skip) |
public enum DirectoryVersioning {
    public static func replaces(_ incoming: EventID?, stored: EventID?) -> Bool {
        switch (incoming, stored) {
        case (_, nil): true
        case (nil, .some): false
        case (.some(let i), .some(let s)): i > s
        }
    }
}
