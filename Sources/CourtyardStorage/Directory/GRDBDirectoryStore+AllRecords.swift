import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

// MARK: - Every record (directory replication's start-up load)

extension GRDBDirectoryStore {
    /// Every stored record in one read transaction, at most `limit` in total, each table by
    /// id (occupancies by resident, then room), then the versioned accounts by username
    /// (node-local ones, `admin` among them, are not directory records).
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
                    SELECT resident_id, room_id, role, version_hlc, version_origin FROM occupancy
                    ORDER BY resident_id, room_id LIMIT ?
                    """, arguments: [left])
                left -= rows.count
                batch.occupancies = try rows.map { row in
                    let raw: String = row[2]
                    guard let role = RoomRole(rawValue: raw) else {
                        throw StorageError(.corruptRow, "occupancy has an unknown role '\(raw)'")
                    }
                    let residentID: String = row[0], roomID: String = row[1]
                    return Occupancy(residentID: residentID, roomID: roomID, role: role,
                                     version: try Self.occupancyVersion(row, residentID, roomID))
                }
            }
            batch.suppliers = try table(Supplier.self)
            batch.fixtures = try table(Fixture.self)
            batch.cases = try table(KnowledgeCase.self)
            batch.dispatchRules = try table(DispatchRule.self)
            batch.accounts = try Self.versionedAccounts(limit: left, db)
            return batch
        }
    }
}
