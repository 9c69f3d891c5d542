import CourtyardCRDT
import CourtyardDomain
import Crypto
import Foundation
import GRDB

/// Accounts and sessions in the node's SQLite database. Session tokens are stored as their
/// SHA-256 only; a token is looked up by hashing what the client presents.
public struct GRDBAccountStore: AccountStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: Accounts

    public func accountCount() async throws -> Int {
        try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") ?? 0 }
    }

    public func account(_ username: Username) async throws -> AccountRecord? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [username.rawValue])
                .map(Self.account)
        }
    }

    public func accounts() async throws -> [AccountRecord] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY username LIMIT ?",
                             arguments: [AccountLimits.accountsMax]).map(Self.account)
        }
    }

    public func insert(_ a: AccountRecord) async throws {
        try await database.writer.write { db in
            let taken = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE username = ?",
                                         arguments: [a.username.rawValue]) ?? 0
            guard taken == 0 else { throw AccountStoreError.exists(a.username) }
            try db.execute(sql: """
                INSERT INTO account (username, display_name, role, site, password_hash, disabled, created_at_ms, updated_at_ms,
                                     version_hlc, version_origin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.username.rawValue, a.displayName, a.role.rawValue, a.site.description,
                                 a.passwordHash, a.disabled, a.createdAtMs, a.updatedAtMs,
                                 try a.version?.hlc.storageValue(), a.version?.origin.rawValue])
        }
    }

    public func update(_ a: AccountRecord, revokeSessions: Bool) async throws {
        try await database.writer.write { db in
            try db.execute(sql: """
                UPDATE account SET display_name = ?, role = ?, site = ?, password_hash = ?, disabled = ?, updated_at_ms = ?,
                    version_hlc = ?, version_origin = ?
                WHERE username = ?
                """, arguments: [a.displayName, a.role.rawValue, a.site.description, a.passwordHash, a.disabled,
                                 a.updatedAtMs, try a.version?.hlc.storageValue(), a.version?.origin.rawValue,
                                 a.username.rawValue])
            guard db.changesCount == 1 else { throw AccountStoreError.notFound(a.username) }
            if revokeSessions {
                try db.execute(sql: "DELETE FROM account_session WHERE username = ?", arguments: [a.username.rawValue])
            }
        }
    }

    static func account(_ row: Row) throws -> AccountRecord {
        let raw: String = row["username"]
        guard let username = try? Username(validating: raw), let role = Role(rawValue: row["role"]),
              let site = try? SiteScope(validating: row["site"]) else {
            throw StorageError(.corruptRow, "account row \(raw.prefix(40)) has an invalid username, role or site")
        }
        var version: EventID?
        if let hlc: Int64 = row["version_hlc"], let origin: String = row["version_origin"] {
            guard let v = EventID(storageHLC: hlc, origin: origin) else {
                throw StorageError(.corruptRow, "account \(raw.prefix(40)) has an invalid version origin")
            }
            version = v
        }
        return AccountRecord(username: username, displayName: row["display_name"], role: role, site: site,
                             passwordHash: row["password_hash"], disabled: row["disabled"],
                             createdAtMs: row["created_at_ms"], updatedAtMs: row["updated_at_ms"], version: version)
    }

    // MARK: Sessions

    /// Hex SHA-256 of a token.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func createSession(token: String, _ s: SessionRecord) async throws {
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO account_session (token_sha256, username, created_at_ms, last_seen_ms) VALUES (?, ?, ?, ?)
                """, arguments: [Self.hash(token), s.username.rawValue, s.createdAtMs, s.lastSeenMs])
            // Keep the newest sessions only.
            try db.execute(sql: """
                DELETE FROM account_session WHERE username = ? AND token_sha256 NOT IN (
                    SELECT token_sha256 FROM account_session WHERE username = ?
                    ORDER BY created_at_ms DESC, token_sha256 LIMIT ?)
                """, arguments: [s.username.rawValue, s.username.rawValue, AccountLimits.sessionsPerAccountMax])
        }
    }

    public func session(token: String) async throws -> (SessionRecord, AccountRecord)? {
        try await database.reader.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.created_at_ms AS s_created, s.last_seen_ms AS s_seen, a.*
                FROM account_session s JOIN account a ON a.username = s.username
                WHERE s.token_sha256 = ?
                """, arguments: [Self.hash(token)]) else { return nil }
            let account = try Self.account(row)
            return (SessionRecord(username: account.username, createdAtMs: row["s_created"], lastSeenMs: row["s_seen"]),
                    account)
        }
    }

    public func touchSession(token: String, lastSeenMs: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE account_session SET last_seen_ms = MAX(last_seen_ms, ?) WHERE token_sha256 = ?",
                           arguments: [lastSeenMs, Self.hash(token)])
        }
    }

    public func revokeSession(token: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM account_session WHERE token_sha256 = ?", arguments: [Self.hash(token)])
        }
    }

    public func purgeSessions(idleBeforeMs: Int64, createdBeforeMs: Int64) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM account_session WHERE last_seen_ms < ? OR created_at_ms < ?",
                           arguments: [idleBeforeMs, createdBeforeMs])
            return db.changesCount
        }
    }
}

extension AppDatabase {
    /// The accounts, sessions and audit log of this node.
    public var accountStore: GRDBAccountStore { GRDBAccountStore(database: self) }
}
