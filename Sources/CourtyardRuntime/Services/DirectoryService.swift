import CourtyardCRDT
import CourtyardDomain
import Logging

/// Owns the writes of the customer–room–supplier database: validates every record, stamps
/// it with a version from the node's HLC (last-writer-wins across sites), applies it in one
/// batch. Bad input yields field errors and writes nothing.
public actor DirectoryService {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    // MARK: State

    public nonisolated let site: ReplicaID
    let store: any DirectoryStore
    let tickets: any TicketStore
    let environment: NodeEnvironment
    var hlc = HybridLogicalClock()
    /// Whether `hlc` has seen the highest stored version (done once, before the first stamp).
    var clockRestored = false
    /// Told about every batch this service wrote, after the store committed it.
    var onCommitted: (@Sendable (DirectoryBatch) async -> Void)?

    /// Bounds on untrusted input.
    public static let importBytesMax = 16 * 1024 * 1024
    public static let importRowsMax = 100_000
    public static let pageLimitMax = 500

    /// `onCommitted` is told about every batch this service writes (every record stamped
    /// with a version), after the store committed it: the directory replication's hook.
    public init(site: ReplicaID, store: any DirectoryStore, tickets: any TicketStore, environment: NodeEnvironment,
                onCommitted: (@Sendable (DirectoryBatch) async -> Void)? = nil) {
        unownedExecutor = environment.actorExecutor("directory-service", lane: lane)
        self.site = site
        self.store = store
        self.tickets = tickets
        self.environment = environment
        self.onCommitted = onCommitted
    }

    /// Sets (or clears) the commit hook, e.g. when the cluster node starts a new life.
    public func setOnCommitted(_ hook: (@Sendable (DirectoryBatch) async -> Void)?) {
        onCommitted = hook
    }

    // MARK: Upserts

    @discardableResult
    public func upsert(resident: Resident) async throws(ServiceError) -> Resident {
        var r = try Self.validated(resident, "resident")
        r.version = try await stamp(after: { [id = r.id] in try await $0.resident(id: id)?.version })
        try await apply(DirectoryBatch(residents: [r]))
        return r
    }

    @discardableResult
    public func upsert(room: Room) async throws(ServiceError) -> Room {
        var r = try Self.validated(room, "room")
        r.version = try await stamp(after: { [id = r.id] in try await $0.room(id: id)?.version })
        try await apply(DirectoryBatch(rooms: [r]))
        return r
    }

    @discardableResult
    public func upsert(supplier: Supplier) async throws(ServiceError) -> Supplier {
        var s = try Self.validated(supplier, "supplier")
        s.version = try await stamp(after: { [id = s.id] in try await $0.supplier(id: id)?.version })
        try await apply(DirectoryBatch(suppliers: [s]))
        return s
    }

    @discardableResult
    public func upsert(fixture: Fixture) async throws(ServiceError) -> Fixture {
        var f = try Self.validated(fixture, "fixture")
        f.version = try await stamp(after: { [id = f.id] in try await $0.fixture(id: id)?.version })
        try await apply(DirectoryBatch(fixtures: [f]))
        return f
    }

    @discardableResult
    public func upsert(case record: KnowledgeCase) async throws(ServiceError) -> KnowledgeCase {
        var c = try Self.validated(record, "case")
        c.version = try await stamp(after: { [id = c.id] in try await $0.knowledgeCase(id: id)?.version })
        try await apply(DirectoryBatch(cases: [c]))
        return c
    }

    @discardableResult
    public func upsert(rule: DispatchRule) async throws(ServiceError) -> DispatchRule {
        var r = try Self.validated(rule, "dispatch rule")
        r.version = try await stamp(after: { [id = r.id] in try await $0.dispatchRule(id: id)?.version })
        try await apply(DirectoryBatch(dispatchRules: [r]))
        return r
    }

    /// Links a resident to a room in a role; both must exist.
    public func link(_ occupancy: Occupancy) async throws(ServiceError) {
        let resident = try await withStore("loading a resident") { try await store.resident(id: occupancy.residentID) }
        guard resident != nil else { throw .notFound("resident", occupancy.residentID) }
        let room = try await withStore("loading a room") { try await store.room(id: occupancy.roomID) }
        guard room != nil else { throw .notFound("room", occupancy.roomID) }
        var checked = try Self.validated(occupancy, "occupancy")
        try await restoreClock()
        checked.version = try stamp()
        try await apply(DirectoryBatch(occupancies: [checked]))
    }

    /// Applies a stamped batch, then hands it to the commit hook (only once committed).
    @discardableResult
    func apply(_ batch: DirectoryBatch) async throws(ServiceError) -> DirectoryApplyResult {
        let result = try await withStore("writing directory records") { try await store.apply(batch) }
        if let onCommitted { await onCommitted(batch) }
        return result
    }

    /// Versions stored records were read at most, to restore the clock.
    static let clockRestoreRecordsMax = 10_000_000

    /// Restores the clock from the highest stored version once, so a restarted node never
    /// stamps a version at or below one it (or a peer) stored before. Every write calls it
    /// before stamping.
    func restoreClock() async throws(ServiceError) {
        guard !clockRestored else { return }
        let all = try await withStore("reading stored versions") {
            try await store.allRecords(limit: Self.clockRestoreRecordsMax)
        }
        if let highest = DirectoryEntry.entries(of: all).compactMap(\.version).max() {
            hlc.restore(atLeast: highest.hlc)
        }
        clockRestored = true
    }

    /// A version for a write of a stored record: after every stored version (`restoreClock`)
    /// and after the version this node holds of the record (perhaps a peer's, from a clock
    /// ahead of ours), so an edit made here always supersedes the value it replaced.
    func stamp(after stored: @Sendable (any DirectoryStore) async throws -> EventID?) async throws(ServiceError) -> EventID {
        try await restoreClock()
        let seen = try await withStore("reading the stored version") { [store] in try await stored(store) }
        if let seen { hlc.restore(atLeast: seen.hlc) }
        return try stamp()
    }

    func stamp() throws(ServiceError) -> EventID {
        do {
            return EventID(hlc: try hlc.now(physicalMs: environment.wallClock.nowMs()), origin: site)
        } catch {
            throw ServiceError(.storage, "clock refused to advance: \(error)")
        }
    }

    // MARK: Reads

    public func resident(id: String) async throws(ServiceError) -> ResidentDetail {
        let r = try await withStore("loading a resident") { try await store.resident(id: id) }
        guard let r else { throw .notFound("resident", id) }
        let rooms = try await withStore("loading rooms") { try await store.rooms(ofResident: id) }
        return ResidentDetail(resident: r, rooms: rooms)
    }

    public func room(id: String) async throws(ServiceError) -> RoomDetail {
        let room = try await withStore("loading a room") { try await store.room(id: id) }
        guard let room else { throw .notFound("room", id) }
        let residents = try await withStore("loading residents") { try await store.residents(ofRoom: id) }
        let fixtures = try await withStore("loading fixtures") { try await store.fixtures(roomID: id) }
        return RoomDetail(room: room, residents: residents, fixtures: fixtures)
    }

    public func supplier(id: String) async throws(ServiceError) -> Supplier {
        let s = try await withStore("loading a supplier") { try await store.supplier(id: id) }
        guard let s else { throw .notFound("supplier", id) }
        return s
    }

    public func fixture(id: String) async throws(ServiceError) -> Fixture {
        let f = try await withStore("loading a fixture") { try await store.fixture(id: id) }
        guard let f else { throw .notFound("fixture", id) }
        return f
    }

    public func knowledgeCase(id: String) async throws(ServiceError) -> KnowledgeCase {
        let c = try await withStore("loading a case") { try await store.knowledgeCase(id: id) }
        guard let c else { throw .notFound("case", id) }
        return c
    }

    public func dispatchRule(id: String) async throws(ServiceError) -> DispatchRule {
        let r = try await withStore("loading a dispatch rule") { try await store.dispatchRule(id: id) }
        guard let r else { throw .notFound("dispatch rule", id) }
        return r
    }

    public func dispatchRules(site: ReplicaID) async throws(ServiceError) -> [DispatchRule] {
        try await withStore("loading dispatch rules") { try await store.dispatchRules(site: site) }
    }

    public func rooms(site: ReplicaID?, building: String?, limit: Int, offset: Int) async throws(ServiceError) -> [Room] {
        let l = min(max(limit, 1), Self.pageLimitMax), o = max(offset, 0)
        return try await withStore("listing rooms") { try await store.rooms(site: site, building: building, limit: l, offset: o) }
    }

    public func suppliers(limit: Int, offset: Int) async throws(ServiceError) -> [Supplier] {
        let l = min(max(limit, 1), Self.pageLimitMax), o = max(offset, 0)
        return try await withStore("listing suppliers") { try await store.suppliers(limit: l, offset: o) }
    }

    public func counts() async throws(ServiceError) -> DirectoryCounts {
        try await withStore("counting records") { try await store.counts() }
    }

    /// Residents with this phone number, however it was typed (spaces, dashes, +86).
    public func residents(byPhone raw: String) async throws(ServiceError) -> [Resident] {
        let phone = try Self.canonicalPhone(raw)
        return try await withStore("looking up a phone") { try await store.residents(phone: phone) }
    }

    /// The screen pop (来电弹屏): every resident with this number, their rooms and roles,
    /// and their open tickets.
    public func lookup(phone raw: String) async throws(ServiceError) -> CallerLookup {
        let phone = try Self.canonicalPhone(raw)
        let residents = try await residents(byPhone: raw)
        var cards: [CallerLookup.Card] = []
        for r in residents {
            let rooms = try await withStore("loading rooms") { try await store.rooms(ofResident: r.id) }
            let query = TicketQuery(statuses: [.open, .dispatched, .accepted, .onSite, .suspended, .resolved], residentID: r.id, limit: 50)
            let open = try await withStore("loading open tickets") { try await tickets.tickets(query) }
            cards.append(.init(resident: r, rooms: rooms, openTickets: open.tickets))
        }
        return CallerLookup(phone: phone, residents: cards)
    }

    public func searchResidents(_ text: String, limit: Int) async throws(ServiceError) -> [Resident] {
        let l = min(max(limit, 1), 100)
        return try await withStore("searching residents") { try await store.searchResidents(text, limit: l) }
    }

    public func searchCases(_ text: String, limit: Int) async throws(ServiceError) -> [KnowledgeCase] {
        let l = min(max(limit, 1), 100)
        return try await withStore("searching cases") { try await store.searchCases(text, limit: l) }
    }
}

// MARK: - Read models

/// A resident with the rooms they hold and in which role.
public struct ResidentDetail: Sendable, Hashable, Codable {
    public var resident: Resident
    public var rooms: [RoomMembership]
}

/// A room with its residents and its fixtures (and through them, suppliers and warranty).
public struct RoomDetail: Sendable, Hashable, Codable {
    public var room: Room
    public var residents: [ResidentMembership]
    public var fixtures: [Fixture]
}

/// What an agent sees when a call is offered.
public struct CallerLookup: Sendable, Hashable {
    public struct Card: Sendable, Hashable {
        public var resident: Resident
        public var rooms: [RoomMembership]
        public var openTickets: [TicketState]
    }
    public var phone: String
    public var residents: [Card]
}
