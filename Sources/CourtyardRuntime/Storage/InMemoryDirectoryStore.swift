import CourtyardCRDT
import CourtyardDomain

/// A `DirectoryStore` held in memory: runtime tests, the simulator and `--ephemeral` nodes.
///
/// Records are last-writer-wins by `version` (`DirectoryVersioning`); a batch is applied in one step, so readers see all of it or none. Search is a
/// plain case-insensitive substring match, which already finds 漏水 in 厨房水龙头漏水.
public actor InMemoryDirectoryStore: DirectoryStore {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    // MARK: State

    private var residentsByID: [String: Resident] = [:]
    private var roomsByID: [String: Room] = [:]
    /// Links by (resident id, room id).
    private var occupancies: [OccupancyKey: Occupancy] = [:]
    private var suppliersByID: [String: Supplier] = [:]
    private var fixturesByID: [String: Fixture] = [:]
    private var casesByID: [String: KnowledgeCase] = [:]
    private var rulesByID: [String: DispatchRule] = [:]
    /// Replicated accounts by username (this store has no sessions to revoke).
    private var accountsByName: [String: AccountRecord] = [:]

    private struct OccupancyKey: Hashable, Comparable {
        var residentID: String
        var roomID: String
        static func < (a: Self, b: Self) -> Bool { (a.residentID, a.roomID) < (b.residentID, b.roomID) }
    }

    /// `executors` places the store on the simulator's run queue; nil is a default actor.
    public init(executors: (any ActorExecutorFactory)? = nil) {
        unownedExecutor = ActorExecutors.executor("directory-store", factory: executors, lane: lane)
    }

    // MARK: Writes

    public func apply(_ batch: DirectoryBatch) async throws -> DirectoryApplyResult {
        var result = DirectoryApplyResult(written: 0, stale: 0)
        Self.merge(batch.residents, into: &residentsByID, id: \.id, version: \.version, result: &result)
        Self.merge(batch.rooms, into: &roomsByID, id: \.id, version: \.version, result: &result)
        Self.merge(batch.suppliers, into: &suppliersByID, id: \.id, version: \.version, result: &result)
        Self.merge(batch.fixtures, into: &fixturesByID, id: \.id, version: \.version, result: &result)
        Self.merge(batch.cases, into: &casesByID, id: \.id, version: \.version, result: &result)
        Self.merge(batch.dispatchRules, into: &rulesByID, id: \.id, version: \.version, result: &result)
        for account in batch.accounts {
            guard account.username != AccountRecord.localAdmin,
                  DirectoryVersioning.replaces(account.version, stored: accountsByName[account.username.rawValue]?.version)
            else {
                result.stale += 1
                continue
            }
            accountsByName[account.username.rawValue] = account
            result.written += 1
        }
        for occupancy in batch.occupancies {
            let key = OccupancyKey(residentID: occupancy.residentID, roomID: occupancy.roomID)
            if let stored = occupancies[key], !DirectoryVersioning.replaces(occupancy.version, stored: stored.version) {
                result.stale += 1
                continue
            }
            occupancies[key] = occupancy
            result.written += 1
        }
        return result
    }

    /// Last-writer-wins: a record replaces the stored one only when its version is newer.
    private static func merge<R>(_ records: [R], into table: inout [String: R],
                                 id: KeyPath<R, String>, version: KeyPath<R, EventID?>,
                                 result: inout DirectoryApplyResult) {
        for record in records {
            if let stored = table[record[keyPath: id]],
               !DirectoryVersioning.replaces(record[keyPath: version], stored: stored[keyPath: version]) {
                result.stale += 1
                continue
            }
            table[record[keyPath: id]] = record
            result.written += 1
        }
    }

    // MARK: Reads by id

    public func resident(id: String) async throws -> Resident? { residentsByID[id] }
    public func room(id: String) async throws -> Room? { roomsByID[id] }
    public func supplier(id: String) async throws -> Supplier? { suppliersByID[id] }
    public func fixture(id: String) async throws -> Fixture? { fixturesByID[id] }
    public func knowledgeCase(id: String) async throws -> KnowledgeCase? { casesByID[id] }
    public func dispatchRule(id: String) async throws -> DispatchRule? { rulesByID[id] }

    // MARK: Queries

    public func residents(phone: String) async throws -> [Resident] {
        residentsByID.values.filter { $0.phones.contains(phone) }.sorted { $0.id < $1.id }
    }

    public func searchResidents(_ text: String, limit: Int) async throws -> [Resident] {
        let needle = text.trimmedWhitespace.lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        let hits = residentsByID.values.filter { r in
            r.name.lowercased().contains(needle)
                || r.phones.contains { $0.contains(needle) }
                || (r.note?.lowercased().contains(needle) ?? false)
        }
        return Array(hits.sorted { $0.id < $1.id }.prefix(limit))
    }

    public func residents(site: ReplicaID?, limit: Int, offset: Int) async throws -> [Resident] {
        let all = residentsByID.values.filter { site == nil || $0.site == site }.sorted { $0.id < $1.id }
        return Array(all.dropFirst(max(offset, 0)).prefix(max(limit, 0)))
    }

    public func rooms(site: ReplicaID?, building: String?, limit: Int, offset: Int) async throws -> [Room] {
        let all = roomsByID.values
            .filter { (site == nil || $0.site == site) && (building == nil || $0.building == building) }
            .sorted { $0.id < $1.id }
        return Array(all.dropFirst(max(offset, 0)).prefix(max(limit, 0)))
    }

    public func rooms(ofResident residentID: String) async throws -> [RoomMembership] {
        occupancies.keys.filter { $0.residentID == residentID }.sorted().compactMap { key in
            guard let room = roomsByID[key.roomID], let role = occupancies[key]?.role else { return nil }
            return RoomMembership(room: room, role: role)
        }
    }

    public func residents(ofRoom roomID: String) async throws -> [ResidentMembership] {
        occupancies.keys.filter { $0.roomID == roomID }.sorted().compactMap { key in
            guard let resident = residentsByID[key.residentID], let role = occupancies[key]?.role else { return nil }
            return ResidentMembership(resident: resident, role: role)
        }
    }

    public func fixtures(roomID: String) async throws -> [Fixture] {
        fixturesByID.values.filter { $0.roomID == roomID }.sorted { $0.id < $1.id }
    }

    public func fixtures(site: ReplicaID, building: String) async throws -> [Fixture] {
        fixturesByID.values.filter { $0.site == site && $0.building == building }.sorted { $0.id < $1.id }
    }

    public func suppliers(limit: Int, offset: Int) async throws -> [Supplier] {
        let all = suppliersByID.values.sorted { $0.id < $1.id }
        return Array(all.dropFirst(max(offset, 0)).prefix(max(limit, 0)))
    }

    public func searchCases(_ text: String, limit: Int) async throws -> [KnowledgeCase] {
        let needle = text.trimmedWhitespace.lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        let hits = casesByID.values.filter { c in
            c.title.lowercased().contains(needle) || c.symptom.lowercased().contains(needle)
                || c.solution.lowercased().contains(needle) || c.tags.contains { $0.lowercased().contains(needle) }
        }
        return Array(hits.sorted { $0.id < $1.id }.prefix(limit))
    }

    public func dispatchRules(site: ReplicaID) async throws -> [DispatchRule] {
        rulesByID.values.filter { $0.site == site }.sorted { $0.id < $1.id }
    }

    public func allRecords(limit: Int) async throws -> DirectoryBatch {
        func sorted<R>(_ table: [String: R]) -> [R] { table.keys.sorted().compactMap { table[$0] } }
        let full = DirectoryBatch(residents: sorted(residentsByID), rooms: sorted(roomsByID),
                                  occupancies: occupancies.keys.sorted().compactMap { occupancies[$0] },
                                  suppliers: sorted(suppliersByID), fixtures: sorted(fixturesByID),
                                  cases: sorted(casesByID), dispatchRules: sorted(rulesByID),
                                  accounts: sorted(accountsByName))
        var left = max(0, limit)
        func take<R>(_ records: [R]) -> [R] {
            let part = Array(records.prefix(left))
            left -= part.count
            return part
        }
        return DirectoryBatch(residents: take(full.residents), rooms: take(full.rooms),
                              occupancies: take(full.occupancies), suppliers: take(full.suppliers),
                              fixtures: take(full.fixtures), cases: take(full.cases),
                              dispatchRules: take(full.dispatchRules), accounts: take(full.accounts))
    }

    public func account(username: Username) async throws -> AccountRecord? {
        accountsByName[username.rawValue]
    }

    public func counts() async throws -> DirectoryCounts {
        DirectoryCounts(residents: residentsByID.count, rooms: roomsByID.count, suppliers: suppliersByID.count,
                        fixtures: fixturesByID.count, cases: casesByID.count, dispatchRules: rulesByID.count)
    }
}
