import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Logging
import Synchronization
import Testing

/// `AccountManager` with a directory writer: accounts are versioned and handed to the
/// directory replication's hook; `admin` stays local.
@Suite struct AccountReplicationTests {
    final class Recorder: Sendable {
        private let state = Mutex<[DirectoryBatch]>([])
        var accounts: [AccountRecord] { state.withLock { $0.flatMap(\.accounts) } }
        func record(_ batch: DirectoryBatch) { state.withLock { $0.append(batch) } }
    }

    struct Fixture {
        let database: AppDatabase
        let manager: AccountManager
        let recorder = Recorder()

        init() async throws {
            database = try AppDatabase.inMemory()
            let wall = ManualWallClock(nowMs: 1_772_323_200_000)
            let env = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: 5),
                                      logger: Logger(label: "account-replication-test"))
            let directory = DirectoryService(site: ReplicaID("north-bay"), store: GRDBDirectoryStore(database: database),
                                             tickets: InMemoryTicketStore(), environment: env)
            await directory.setOnCommitted { [recorder] in recorder.record($0) }
            manager = AccountManager(store: database.accountStore, hasher: BcryptPasswordHasher(cost: 4), wallClock: wall,
                                     directory: directory)
        }
    }

    @Test func create_andChanges_areVersionedAndHandedToTheHook_passwordResetEndsSessions() async throws {
        let f = try await Fixture()
        let created = try await f.manager.create(.init(username: "cs-li", role: "agent", site: "north-bay",
                                                       password: "first-password"))
        let v1 = try #require(created.version)
        #expect(v1.origin == ReplicaID("north-bay"))
        #expect(try await f.database.accountStore.account(Username("cs-li")) == created)
        await #expect(throws: AccountStoreError.exists(Username("cs-li"))) {
            try await f.manager.create(.init(username: "cs-li", role: "agent", site: "north-bay", password: "other-password"))
        }
        try await f.database.accountStore.createSession(
            token: "tok", SessionRecord(username: Username("cs-li"), createdAtMs: 1, lastSeenMs: 1))
        let reset = try await f.manager.update(Username("cs-li"), .init(password: "second-password"))
        #expect(try #require(reset.version) > v1)
        #expect(try await f.database.accountStore.session(token: "tok") == nil, "a new password ends the sessions")
        #expect(f.recorder.accounts == [created, reset])
        await #expect(throws: AccountError.self) {
            try await f.manager.update(Username("cs-li"), .init(role: "nobody"))
        }
    }

    @Test func bootstrapAdmin_andItsChanges_stayLocal() async throws {
        let f = try await Fixture()
        #expect(try await f.manager.bootstrapAdmin(password: "admin-password", random: SeededRandom(seed: 1)) != nil)
        let admin = try await f.manager.update(Username("admin"), .init(displayName: "Root"))
        #expect(admin.version == nil)
        let demo = try await f.manager.create(.init(username: "cs-chen", role: "agent", site: "north-bay",
                                                    password: "courtyard-demo"), replicated: false)
        #expect(demo.version == nil)
        #expect(f.recorder.accounts.isEmpty)
        #expect(try await f.database.accountStore.account(Username("admin"))?.displayName == "Root")
    }
}
