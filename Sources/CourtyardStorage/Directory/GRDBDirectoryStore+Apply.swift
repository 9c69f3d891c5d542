import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

extension GRDBDirectoryStore {
    /// Bound on the records of one batch: a batch is one transaction held by the single
    /// writer. Larger imports are split by the caller.
    public static let applyRecordsMax = 100_000

    /// Applies the whole batch in one write transaction: if any record violates a constraint
    /// (an occupancy naming an unknown resident or room, an empty id, an empty phone), the
    /// transaction rolls back and nothing of the batch is written.
    ///
    /// Records are applied in dependency order (residents and rooms before occupancies), each
    /// under the LWW rule of `LastWriterWins`; within one kind, in batch order.
    public func apply(_ batch: DirectoryBatch) async throws -> DirectoryApplyResult {
        guard batch.recordCount <= Self.applyRecordsMax else {
            throw StorageError(.batchTooLarge,
                               "directory batch of \(batch.recordCount) records; the limit is \(Self.applyRecordsMax)")
        }
        return try await database.writer.write { db in
            var tally = Tally()
            for resident in batch.residents {
                tally.count(try Self.write(resident, db))
            }
            for room in batch.rooms { tally.count(try room.upsertIfNewer(db)) }
            for occupancy in batch.occupancies { tally.count(try Self.write(occupancy, db)) }
            for supplier in batch.suppliers { tally.count(try supplier.upsertIfNewer(db)) }
            for fixture in batch.fixtures { tally.count(try fixture.upsertIfNewer(db)) }
            for knowledgeCase in batch.cases { tally.count(try Self.write(knowledgeCase, db)) }
            for rule in batch.dispatchRules { tally.count(try rule.upsertIfNewer(db)) }
            for account in batch.accounts { tally.count(try Self.write(account, db)) }
            return DirectoryApplyResult(written: tally.written, stale: tally.stale)
        }
    }

    private struct Tally {
        var written = 0
        var stale = 0
        mutating func count(_ wrote: Bool) {
            if wrote { written += 1 } else { stale += 1 }
        }
    }

    // MARK: Records with side tables

    /// A resident, its phone index and its search row.
    private static func write(_ resident: Resident, _ db: Database) throws -> Bool {
        guard try resident.upsertIfNewer(db) else { return false }
        try db.execute(sql: "DELETE FROM resident_phone WHERE resident_id = ?", arguments: [resident.id])
        for phone in resident.phones {
            try db.execute(sql: """
                INSERT INTO resident_phone (phone, resident_id) VALUES (?, ?)
                ON CONFLICT (phone, resident_id) DO NOTHING
                """, arguments: [phone, resident.id])
        }
        guard let rid = try resident.rowID(db) else { return true }
        try db.execute(sql: "DELETE FROM resident_fts WHERE rowid = ?", arguments: [rid])
        try db.execute(sql: "INSERT INTO resident_fts (rowid, name, phones, note) VALUES (?, ?, ?, ?)",
                       arguments: [rid, SearchText.indexForm(resident.name),
                                   SearchText.indexForm(resident.phones),
                                   SearchText.indexForm(resident.note ?? "")])
        return true
    }

    /// A knowledge-base case and its search row.
    private static func write(_ knowledgeCase: KnowledgeCase, _ db: Database) throws -> Bool {
        guard try knowledgeCase.upsertIfNewer(db) else { return false }
        guard let rid = try knowledgeCase.rowID(db) else { return true }
        try db.execute(sql: "DELETE FROM case_fts WHERE rowid = ?", arguments: [rid])
        try db.execute(sql: "INSERT INTO case_fts (rowid, title, symptom, solution, tags) VALUES (?, ?, ?, ?, ?)",
                       arguments: [rid, SearchText.indexForm(knowledgeCase.title),
                                   SearchText.indexForm(knowledgeCase.symptom),
                                   SearchText.indexForm(knowledgeCase.solution),
                                   SearchText.indexForm(knowledgeCase.tags)])
        return true
    }

    /// An occupancy link, last-writer-wins by its version like every record (`LastWriterWins`).
    /// Its resident and room must exist (foreign keys), in the store or earlier in the batch.
    private static func write(_ occupancy: Occupancy, _ db: Database) throws -> Bool {
        let stored: EventID??
        if let row = try Row.fetchOne(db, sql: """
            SELECT version_hlc, version_origin FROM occupancy WHERE resident_id = ? AND room_id = ?
            """, arguments: [occupancy.residentID, occupancy.roomID]) {
            stored = .some(try occupancyVersion(row, occupancy.residentID, occupancy.roomID))
        } else {
            stored = .none
        }
        guard LastWriterWins.shouldWrite(incoming: occupancy.version, stored: stored) else { return false }
        try db.execute(sql: """
            INSERT INTO occupancy (resident_id, room_id, role, version_hlc, version_origin) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (resident_id, room_id) DO UPDATE SET role = excluded.role,
                version_hlc = excluded.version_hlc, version_origin = excluded.version_origin
            """, arguments: [occupancy.residentID, occupancy.roomID, occupancy.role.rawValue,
                             try occupancy.version?.hlc.storageValue(), occupancy.version?.origin.rawValue])
        return true
    }

    /// The version stored in an occupancy row (`version_hlc`, `version_origin`); nil when unversioned.
    static func occupancyVersion(_ row: Row, _ residentID: String, _ roomID: String) throws -> EventID? {
        guard let hlc: Int64 = row["version_hlc"], let origin: String = row["version_origin"] else { return nil }
        guard let version = EventID(storageHLC: hlc, origin: origin) else {
            throw StorageError(.corruptRow, "occupancy \(residentID)/\(roomID) has an invalid version origin '\(origin)'")
        }
        return version
    }
}
