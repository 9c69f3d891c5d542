import GRDB

extension AppDatabase {
    // MARK: v4 — accounts, sessions, audit log

    /// Accounts of this node (replicated since v9, except `admin`), their sessions (only a
    /// SHA-256 of each token), and the audit log of state-changing requests.
    static func createAccountTables(_ db: Database) throws {
        try db.create(table: "account") { t in
            t.column("username", .text).primaryKey()
            t.column("display_name", .text).notNull()
            t.column("role", .text).notNull()
            t.column("site", .text).notNull()
            t.column("password_hash", .text).notNull()
            t.column("disabled", .boolean).notNull().defaults(to: false)
            t.column("created_at_ms", .integer).notNull()
            t.column("updated_at_ms", .integer).notNull()
        }
        try db.create(table: "account_session") { t in
            t.column("token_sha256", .text).primaryKey()
            t.column("username", .text).notNull().references("account", column: "username", onDelete: .cascade)
            t.column("created_at_ms", .integer).notNull()
            t.column("last_seen_ms", .integer).notNull()
        }
        try db.create(index: "account_session_by_user", on: "account_session", columns: ["username", "created_at_ms"])
    }

    // MARK: v9 — replicated accounts

    /// The LWW version of a replicated account (like the directory tables): null for a
    /// node-local account (the bootstrap `admin`, demo logins, accounts made before v9).
    static func addAccountVersion(_ db: Database) throws {
        try db.alter(table: "account") { t in
            t.add(column: "version_hlc", .integer)
            t.add(column: "version_origin", .text)
        }
    }

    static func createAuditTables(_ db: Database) throws {
        try db.create(table: "audit_log") { t in
            t.autoIncrementedPrimaryKey("rid")
            t.column("at_ms", .integer).notNull()
            t.column("actor", .text).notNull()
            t.column("role", .text)
            t.column("method", .text).notNull()
            t.column("path", .text).notNull()
            t.column("target", .text)
            t.column("status", .integer).notNull()
            t.column("address", .text)
        }
        try db.create(index: "audit_log_by_time", on: "audit_log", columns: ["at_ms"])
        try db.create(index: "audit_log_by_actor", on: "audit_log", columns: ["actor", "at_ms"])
    }
}
