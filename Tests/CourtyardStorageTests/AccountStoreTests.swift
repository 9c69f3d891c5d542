import CourtyardDomain
import CourtyardStorage
import GRDB
import Testing

/// Accounts, sessions (only token hashes stored, bounded per account) and the audit log.
@Suite struct AccountStoreTests {
    static func account(_ name: String, role: Role = .agent) -> AccountRecord {
        AccountRecord(username: Username(name), displayName: "张伟", role: role,
                      site: role.isHQRole ? .all : .site(.init("north-bay")), passwordHash: "$2b$04$hash",
                      createdAtMs: 1, updatedAtMs: 1)
    }

    @Test func insert_read_update_andDuplicateRefused() async throws {
        let store = try AppDatabase.inMemory().accountStore
        try await store.insert(Self.account("li.wei"))
        await #expect(throws: AccountStoreError.exists(Username("li.wei"))) { try await store.insert(Self.account("li.wei")) }
        var a = try #require(try await store.account(Username("li.wei")))
        #expect(a == Self.account("li.wei"))
        a.role = .siteSupervisor
        a.disabled = true
        try await store.update(a, revokeSessions: false)
        #expect(try await store.account(Username("li.wei")) == a)
        await #expect(throws: AccountStoreError.notFound(Username("nobody"))) {
            try await store.update(Self.account("nobody"), revokeSessions: false)
        }
    }

    @Test func sessions_storeOnlyTheTokenHash_andRevokeWithTheAccount() async throws {
        let db = try AppDatabase.inMemory()
        let store = db.accountStore
        try await store.insert(Self.account("li.wei"))
        let token = String(repeating: "k", count: 43)
        try await store.createSession(token: token, SessionRecord(username: Username("li.wei"), createdAtMs: 10, lastSeenMs: 10))
        let stored = try await db.reader.read { db in try String.fetchAll(db, sql: "SELECT token_sha256 FROM account_session") }
        #expect(stored.count == 1)
        #expect(stored[0] != token && stored[0].count == 64)
        #expect(try await store.session(token: token)?.0.createdAtMs == 10)
        #expect(try await store.session(token: token + "x") == nil)

        try await store.touchSession(token: token, lastSeenMs: 50)
        try await store.touchSession(token: token, lastSeenMs: 20)  // never goes back
        #expect(try await store.session(token: token)?.0.lastSeenMs == 50)
        try await store.update(Self.account("li.wei"), revokeSessions: true)
        #expect(try await store.session(token: token) == nil)
    }

    @Test func sessions_areBoundedPerAccount_andPurged() async throws {
        let store = try AppDatabase.inMemory().accountStore
        try await store.insert(Self.account("li.wei"))
        for i in 0..<(AccountLimits.sessionsPerAccountMax + 5) {
            try await store.createSession(token: "t\(i)", SessionRecord(username: Username("li.wei"), createdAtMs: Int64(i),
                                                                        lastSeenMs: Int64(i)))
        }
        #expect(try await store.session(token: "t0") == nil, "the oldest went")
        #expect(try await store.session(token: "t24") != nil)
        let purged = try await store.purgeSessions(idleBeforeMs: 10, createdBeforeMs: 0)
        #expect(purged == 5)  // t5…t9 idle since before 10
        #expect(try await store.session(token: "t10") != nil)
    }

    @Test func audit_filtersByTimeAndActor_newestFirst_andCutsLongFields() async throws {
        let store = try AppDatabase.inMemory().accountStore
        for (at, actor) in [(100, "admin"), (200, "cs-chen"), (300, "admin"), (400, "admin")] {
            try await store.appendAudit(AuditEntry(atMs: Int64(at), actor: actor, role: .admin, method: "POST",
                                                   path: "/api/v1/x", target: nil, status: 201, address: "10.0.0.1"))
        }
        let admin = try await store.audit(AuditQuery(fromMs: 100, toMs: 400, actor: "admin"))
        #expect(admin.map(\.atMs) == [300, 100])
        #expect(try await store.audit(AuditQuery(limit: 2)).map(\.atMs) == [400, 300])
        try await store.appendAudit(AuditEntry(atMs: 500, actor: "a", role: nil, method: "PUT",
                                               path: "/" + String(repeating: "路", count: 400), target: nil, status: 403, address: nil))
        let long = try #require(try await store.audit(AuditQuery(fromMs: 500)).first)
        #expect(long.path.utf8.count <= AuditEntry.pathBytesMax)
        #expect(long.role == nil)
    }
}
