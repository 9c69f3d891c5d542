import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

// MARK: - Every record (directory replication's start-up load)

extension GRDBDirectoryStore {
    /// Every stored record in one read transaction, at most `limit` in total, each table by
    /// id. Occupancy rows store no version, so they come back unversioned (and are not
    /// offered to replication until written again; peers' anti-entropy re-delivers theirs).
    public func allRecords(limit: Int) async throws -> DirectoryBatch {
        try await database.reader.read { db in
            var left = max(0, limit)
            func table<R: DirectoryRecordStorage>(_ type: R.Type) throws -> [R] {
                guard left > 0 else { return [] }
                let rows = try String.fetchAll(db, sql: "SELECT record FROM \(R.tableName) ORDER BY id LIMIT ?",
                                               arguments: [left])
                left -= rows.count
                return try rows.map { try JSONCodec.decode(R.self, from: $0) }
            }
            var batch = DirectoryBatch()
            batch.residents = try table(Resident.self)
            batch.rooms = try table(Room.self)
            if left > 0 {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT resident_id, room_id, role FROM occupancy ORDER BY resident_id, room_id LIMIT ?
                    """, arguments: [left])
                left -= rows.count
                batch.occupancies = try rows.map { row in
                    let raw: String = row[2]
                    guard let role = RoomRole(rawValue: raw) else {
                        throw StorageError(.corruptRow, "occupancy has an unknown role '\(raw)'")
                    }
                    return Occupancy(residentID: row[0], roomID: row[1], role: role)
                }
            }
            batch.suppliers = try table(Supplier.self)
            batch.fixtures = try table(Fixture.self)
            batch.cases = try table(KnowledgeCase.self)
            batch.dispatchRules = try table(DispatchRule.self)
            return batch
        }
    }
}
