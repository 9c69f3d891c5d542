import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

/// The SQLite `DirectoryStore`: residents (with a phone index and search), rooms,
/// occupancies, suppliers, fixtures, knowledge-base cases (with search) and dispatch rules.
///
/// Lists are ordered deterministically (by id, or by location for rooms) and their `limit`
/// is clamped to `1...listLimitMax`; `offset` to `>= 0`.
public struct GRDBDirectoryStore: DirectoryStore {
    /// Bound on the rows of one list or search.
    public static let listLimitMax = 500

    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: By id

    public func resident(id: String) async throws -> Resident? { try await record(Resident.self, id: id) }
    public func room(id: String) async throws -> Room? { try await record(Room.self, id: id) }
    public func supplier(id: String) async throws -> Supplier? { try await record(Supplier.self, id: id) }
    public func fixture(id: String) async throws -> Fixture? { try await record(Fixture.self, id: id) }
    public func knowledgeCase(id: String) async throws -> KnowledgeCase? {
        try await record(KnowledgeCase.self, id: id)
    }
    public func dispatchRule(id: String) async throws -> DispatchRule? { try await record(DispatchRule.self, id: id) }

    private func record<R: DirectoryRecordStorage & Sendable>(_ type: R.Type, id: String) async throws -> R? {
        try await records(R.self, sql: "SELECT record FROM \(R.tableName) WHERE id = ?", [id]).first
    }

    // MARK: Residents

    /// Residents with this phone (canonical form), by id.
    public func residents(phone: String) async throws -> [Resident] {
        try await records(Resident.self, sql: """
            SELECT resident.record FROM resident_phone
            JOIN resident ON resident.id = resident_phone.resident_id
            WHERE resident_phone.phone = ?
            ORDER BY resident.id
            """, [phone])
    }

    /// Ranked by relevance (BM25, name weighted highest), then most recent version, then id.
    public func searchResidents(_ text: String, limit: Int) async throws -> [Resident] {
        guard let match = try SearchText.matchExpression(text) else { return [] }
        return try await records(Resident.self, sql: """
            SELECT resident.record FROM resident_fts
            JOIN resident ON resident.rid = resident_fts.rowid
            WHERE resident_fts MATCH ?
            ORDER BY bm25(resident_fts, 8.0, 4.0, 1.0), resident.version_hlc DESC, resident.id
            LIMIT ?
            """, [match, Self.clamp(limit)])
    }

    public func residents(site: ReplicaID?, limit: Int, offset: Int) async throws -> [Resident] {
        try await records(Resident.self, sql: """
            SELECT record FROM resident WHERE (?1 IS NULL OR site = ?1) ORDER BY id LIMIT ?2 OFFSET ?3
            """, [site?.rawValue, Self.clamp(limit), max(offset, 0)])
    }

    /// Residents linked to a room, by resident id.
    public func residents(ofRoom roomID: String) async throws -> [ResidentMembership] {
        let sql = """
            SELECT resident.record, occupancy.role FROM occupancy
            JOIN resident ON resident.id = occupancy.resident_id
            WHERE occupancy.room_id = ? ORDER BY resident.id
            """
        return try await database.reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [roomID]).map { row in
                ResidentMembership(resident: try JSONCodec.decode(Resident.self, from: row[0]),
                                   role: try Self.role(row[1]))
            }
        }
    }

    // MARK: Rooms

    /// Rooms by location: building, unit, floor, number, id.
    public func rooms(site: ReplicaID?, building: String?, limit: Int, offset: Int) async throws -> [Room] {
        try await records(Room.self, sql: """
            SELECT record FROM room
            WHERE (?1 IS NULL OR site = ?1) AND (?2 IS NULL OR building = ?2)
            ORDER BY site, building, unit, floor, number, id LIMIT ?3 OFFSET ?4
            """, [site?.rawValue, building, Self.clamp(limit), max(offset, 0)])
    }

    /// Rooms a resident is linked to, by room id.
    public func rooms(ofResident residentID: String) async throws -> [RoomMembership] {
        let sql = """
            SELECT room.record, occupancy.role FROM occupancy
            JOIN room ON room.id = occupancy.room_id
            WHERE occupancy.resident_id = ? ORDER BY room.id
            """
        return try await database.reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [residentID]).map { row in
                RoomMembership(room: try JSONCodec.decode(Room.self, from: row[0]), role: try Self.role(row[1]))
            }
        }
    }

    // MARK: Fixtures, suppliers, cases, rules

    public func fixtures(roomID: String) async throws -> [Fixture] {
        try await records(Fixture.self, sql: "SELECT record FROM fixture WHERE room_id = ? ORDER BY id", [roomID])
    }

    /// Fixtures recorded against this building (its common areas, and room fixtures whose
    /// record names the building), by id.
    public func fixtures(site: ReplicaID, building: String) async throws -> [Fixture] {
        try await records(Fixture.self, sql: "SELECT record FROM fixture WHERE site = ? AND building = ? ORDER BY id",
                          [site.rawValue, building])
    }

    public func suppliers(limit: Int, offset: Int) async throws -> [Supplier] {
        try await records(Supplier.self, sql: "SELECT record FROM supplier ORDER BY id LIMIT ? OFFSET ?",
                          [Self.clamp(limit), max(offset, 0)])
    }

    /// Ranked by relevance (BM25, title weighted highest), then most recent version, then id.
    public func searchCases(_ text: String, limit: Int) async throws -> [KnowledgeCase] {
        guard let match = try SearchText.matchExpression(text) else { return [] }
        return try await records(KnowledgeCase.self, sql: """
            SELECT knowledge_case.record FROM case_fts
            JOIN knowledge_case ON knowledge_case.rid = case_fts.rowid
            WHERE case_fts MATCH ?
            ORDER BY bm25(case_fts, 8.0, 4.0, 2.0, 4.0), knowledge_case.version_hlc DESC, knowledge_case.id
            LIMIT ?
            """, [match, Self.clamp(limit)])
    }

    public func dispatchRules(site: ReplicaID) async throws -> [DispatchRule] {
        try await records(DispatchRule.self, sql: "SELECT record FROM dispatch_rule WHERE site = ? ORDER BY id",
                          [site.rawValue])
    }

    public func counts() async throws -> DirectoryCounts {
        try await database.reader.read { db in
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return DirectoryCounts(residents: try count("resident"), rooms: try count("room"),
                                   suppliers: try count("supplier"), fixtures: try count("fixture"),
                                   cases: try count("knowledge_case"), dispatchRules: try count("dispatch_rule"))
        }
    }

    // MARK: Helpers

    /// Fetches the `record` JSON column (the first) of each row and decodes it.
    private func records<R: Decodable & Sendable>(_ type: R.Type, sql: String,
                                                  _ arguments: [(any DatabaseValueConvertible)?]) async throws -> [R] {
        let arguments = StatementArguments(arguments)
        return try await database.reader.read { db in
            try String.fetchAll(db, sql: sql, arguments: arguments).map { try JSONCodec.decode(R.self, from: $0) }
        }
    }

    private static func role(_ raw: String) throws -> RoomRole {
        guard let role = RoomRole(rawValue: raw) else {
            throw StorageError(.corruptRow, "occupancy has an unknown role '\(raw)'")
        }
        return role
    }

    static func clamp(_ limit: Int) -> Int { min(max(limit, 1), listLimitMax) }
}
