import CourtyardDomain
import GRDB

// MARK: - The audit log

extension GRDBAccountStore {
    /// Appends one entry, its text fields cut to their bounds.
    public func appendAudit(_ e: AuditEntry) async throws {
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO audit_log (at_ms, actor, role, method, path, target, status, address)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [e.atMs, Self.cut(e.actor, AuditEntry.fieldBytesMax), e.role?.rawValue,
                                 Self.cut(e.method, 16), Self.cut(e.path, AuditEntry.pathBytesMax),
                                 e.target.map { Self.cut($0, AuditEntry.fieldBytesMax) }, e.status,
                                 e.address.map { Self.cut($0, AuditEntry.fieldBytesMax) }])
        }
    }

    /// Entries in the range, newest first (ties by insertion order, newest first).
    public func audit(_ q: AuditQuery) async throws -> [AuditEntry] {
        var clauses: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let from = q.fromMs { clauses.append("at_ms >= ?"); values.append(from) }
        if let to = q.toMs { clauses.append("at_ms < ?"); values.append(to) }
        if let actor = q.actor { clauses.append("actor = ?"); values.append(actor) }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        values.append(q.limit)
        let arguments = StatementArguments(values)
        let sql = "SELECT * FROM audit_log \(whereSQL) ORDER BY at_ms DESC, rid DESC LIMIT ?"
        return try await database.reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(atMs: row["at_ms"], actor: row["actor"], role: (row["role"] as String?).flatMap { Role(rawValue: $0) },
                           method: row["method"], path: row["path"], target: row["target"], status: row["status"],
                           address: row["address"])
            }
        }
    }

    /// Rows deleted per write transaction when purging (keeps each write short).
    public static let auditPurgeBatch = 5_000

    /// Deletes entries older than `days` days before `nowMs`, in short batches; returns how
    /// many were deleted.
    public func purgeAudit(olderThanDays days: Int, nowMs: Int64) async throws -> Int {
        guard (1...36_500).contains(days) else {
            throw StorageError(.invalidArgument, "audit retention must be 1–36500 days (got \(days))")
        }
        let cutoff = nowMs - Int64(days) * 86_400_000
        var deleted = 0
        while true {
            let n = try await database.writer.write { db -> Int in
                try db.execute(sql: """
                    DELETE FROM audit_log WHERE rid IN (
                        SELECT rid FROM audit_log WHERE at_ms < ? ORDER BY at_ms LIMIT ?)
                    """, arguments: [cutoff, Self.auditPurgeBatch])
                return db.changesCount
            }
            deleted += n
            if n < Self.auditPurgeBatch { return deleted }
        }
    }

    /// `s` cut to at most `bytes` UTF-8 bytes, on a character boundary.
    static func cut(_ s: String, _ bytes: Int) -> String {
        guard s.utf8.count > bytes else { return s }
        var out = ""
        for ch in s {
            if out.utf8.count + ch.utf8.count > bytes { break }
            out.append(ch)
        }
        return out
    }
}
