import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Testing

/// Replicated accounts in the SQLite directory store: last-writer-wins into the node's
/// `account` table, sessions ended on a password change or disabling, `admin` never touched.
@Suite("GRDBDirectoryStore replicated accounts")
struct AccountReplicationStorageTests {
    static let hashA = "$2b$04$" + String(repeating: "a", count: 53)
    static let hashB = "$2b$04$" + String(repeating: "B", count: 53)

    static func version(_ wallMs: Int64, _ origin: ReplicaID = Sites.northBay) -> EventID {
        EventID(hlc: HLCTimestamp(wallMs: wallMs), origin: origin)
    }

    static func account(_ name: String = "cs-li", displayName: String = "李客服", hash: String = hashA,
                        disabled: Bool = false, version v: Int64?) -> AccountRecord {
        AccountRecord(username: Username(name), displayName: displayName, role: .agent, site: .site(Sites.northBay),
                      passwordHash: hash, disabled: disabled, createdAtMs: 1, updatedAtMs: v ?? 1,
                      version: v.map { version($0) })
    }

    @Test(arguments: DatabaseKind.allCases)
    func newerVersionWins_olderAndEqualAreStale(kind: DatabaseKind) async throws {
        let db = try TestDatabase(kind)
        let store = db.directoryStore
        #expect(try await store.apply(DirectoryBatch(accounts: [Self.account(version: 5)])).written == 1)
        let older = try await store.apply(DirectoryBatch(accounts: [Self.account(displayName: "旧", version: 4)]))
        let again = try await store.apply(DirectoryBatch(accounts: [Self.account(displayName: "同", version: 5)]))
        #expect(older.stale == 1 && again.stale == 1)
        #expect(try await db.database.accountStore.account(Username("cs-li"))?.displayName == "李客服")
        _ = try await store.apply(DirectoryBatch(accounts: [Self.account(displayName: "新", version: 6)]))
        let stored = try await db.database.accountStore.account(Username("cs-li"))
        #expect(stored == Self.account(displayName: "新", version: 6))
        #expect(try await store.account(username: Username("cs-li"))?.version == Self.version(6))
    }

    @Test func passwordChange_orDisabling_endsTheSessionsOnThisNode_aRenameDoesNot() async throws {
        let db = try TestDatabase(.inMemory)
        let store = db.directoryStore, accounts = db.database.accountStore
        _ = try await store.apply(DirectoryBatch(accounts: [Self.account(version: 1)]))
        let user = Username("cs-li")
        try await accounts.createSession(token: "t1", SessionRecord(username: user, createdAtMs: 2, lastSeenMs: 2))
        _ = try await store.apply(DirectoryBatch(accounts: [Self.account(displayName: "改名", version: 2)]))
        #expect(try await accounts.session(token: "t1") != nil, "a display-name change keeps the session")
        _ = try await store.apply(DirectoryBatch(accounts: [Self.account(hash: Self.hashB, version: 3)]))
        #expect(try await accounts.session(token: "t1") == nil, "a new password hash ends the session")
        try await accounts.createSession(token: "t2", SessionRecord(username: user, createdAtMs: 4, lastSeenMs: 4))
        _ = try await store.apply(DirectoryBatch(accounts: [Self.account(hash: Self.hashB, disabled: true, version: 4)]))
        #expect(try await accounts.session(token: "t2") == nil, "disabling ends the session")
    }

    @Test func admin_isNeverApplied_norListed_andUnversionedAccountsAreNotListed() async throws {
        let db = try TestDatabase(.inMemory)
        let store = db.directoryStore, accounts = db.database.accountStore
        let local = AccountRecord(username: Username("admin"), displayName: "Administrator", role: .admin, site: .all,
                                  passwordHash: Self.hashA, createdAtMs: 1, updatedAtMs: 1)
        try await accounts.insert(local)
        try await accounts.insert(Self.account("legacy", version: nil))
        var forged = local
        forged.passwordHash = Self.hashB
        forged.version = Self.version(9)
        let result = try await store.apply(DirectoryBatch(accounts: [forged, Self.account(version: 3)]))
        #expect(result.written == 1 && result.stale == 1)
        #expect(try await accounts.account(Username("admin")) == local)
        #expect(try await store.allRecords(limit: 100).accounts == [Self.account(version: 3)])
        #expect(!forged.replicationErrors.isEmpty)
    }

    @Test func replicationErrors_refuseABadHash_andASiteThatDoesNotFitTheRole() {
        #expect(Self.account(version: 1).replicationErrors.isEmpty)
        #expect(!Self.account(hash: "plaintext", version: 1).replicationErrors.isEmpty)
        #expect(!Self.account(hash: "$2b$99$" + String(repeating: "a", count: 53), version: 1).replicationErrors.isEmpty)
        var hq = Self.account(version: 1)
        hq.role = .hqAnalyst
        #expect(hq.replicationErrors.map(\.field) == ["site"])
    }
}
