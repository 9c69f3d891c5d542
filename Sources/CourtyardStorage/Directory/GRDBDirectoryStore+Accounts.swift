import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

// MARK: - Replicated accounts (the node's `account` table, same database)

extension GRDBDirectoryStore {
    public func account(username: Username) async throws -> AccountRecord? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [username.rawValue])
                .map(GRDBAccountStore.account)
        }
    }

    /// An account, last-writer-wins by version (`LastWriterWins`) into `account`. `admin`
    /// is node-local and never written from here; a new account beyond
    /// `AccountLimits.accountsMax` is skipped. When the stored account's password hash, role
    /// or site changes, or it becomes disabled, its sessions on this node end in the same
    /// transaction. Returns whether it wrote.
    static func write(_ a: AccountRecord, _ db: Database) throws -> Bool {
        guard a.username != AccountRecord.localAdmin else { return false }
        let storedRow = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?",
                                         arguments: [a.username.rawValue])
        let stored = try storedRow.map(GRDBAccountStore.account)
        let storedVersion: EventID?? = stored.map { .some($0.version) } ?? .none
        guard LastWriterWins.shouldWrite(incoming: a.version, stored: storedVersion) else { return false }
        if stored == nil {
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0
            guard count < AccountLimits.accountsMax else { return false }
        }
        try db.execute(sql: """
            INSERT INTO account (username, display_name, role, site, password_hash, disabled, created_at_ms, updated_at_ms,
                                 version_hlc, version_origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
                site = excluded.site, password_hash = excluded.password_hash, disabled = excluded.disabled,
                created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms,
                version_hlc = excluded.version_hlc, version_origin = excluded.version_origin
            """, arguments: [a.username.rawValue, a.displayName, a.role.rawValue, a.site.description, a.passwordHash,
                             a.disabled, a.createdAtMs, a.updatedAtMs,
                             try a.version?.hlc.storageValue(), a.version?.origin.rawValue])
        if let stored, stored.passwordHash != a.passwordHash || stored.role != a.role || stored.site != a.site
            || (a.disabled && !stored.disabled) {
            try db.execute(sql: "DELETE FROM account_session WHERE username = ?", arguments: [a.username.rawValue])
        }
        return true
    }

    /// The versioned accounts (never `admin`), by username, at most `limit`.
    static func versionedAccounts(limit: Int, _ db: Database) throws -> [AccountRecord] {
        guard limit > 0 else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT * FROM account WHERE version_hlc IS NOT NULL AND username != ? ORDER BY username LIMIT ?
            """, arguments: [AccountRecord.localAdmin.rawValue, limit]).map(GRDBAccountStore.account)
    }
}
