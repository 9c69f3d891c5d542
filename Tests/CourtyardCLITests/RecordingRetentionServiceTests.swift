import CourtyardCallCenter
import CourtyardDomain
import CourtyardCLI
import CourtyardCRDT
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Logging
import Testing

/// `[recordings] retention_days` drives the node's purge of old recordings.
@Suite struct RecordingRetentionServiceTests {
    static let wav: [UInt8] = Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + Array(repeating: 7, count: 100)

    struct Fixture {
        let dir: URL
        let store: GRDBRecordingStore
        let environment: NodeEnvironment
        let nowMs: Int64

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("ret-\(UInt64.random(in: 0...UInt64.max))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            store = GRDBRecordingStore(database: try AppDatabase.open(directory: dir), dataDirectory: dir)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            environment = .system(logger: logger)
            nowMs = environment.wallClock.nowMs()
        }

        func add(_ call: String, daysAgo: Int64) async throws {
            let upload = RecordingUpload(callID: CallID(call), site: ReplicaID("north-bay"), caller: "+8613812345678",
                                         agent: nil, startedAtMs: nowMs - daysAgo * 86_400_000, durationMs: 60_000,
                                         format: .wav)
            _ = try await store.store(upload, audio: RecordingRetentionServiceTests.wav, nowMs: nowMs)
        }
    }

    @Test func purgeOnce_deletesOnlyRecordingsOlderThanTheRetention() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try await f.add("old", daysAgo: 200)
        try await f.add("recent", daysAgo: 10)
        let service = RetentionService.recordings(f.store, retentionDays: 180, environment: f.environment)
        #expect(await service.purgeOnce() == 1)
        #expect(try await f.store.search(RecordingQuery()).map(\.callID) == [CallID("recent")])
        #expect(await service.purgeOnce() == 0)
    }

    @Test func retentionZero_keepsEverything_andTheServiceEndsAtOnce() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try await f.add("ancient", daysAgo: 3_000)
        try await RetentionService.recordings(f.store, retentionDays: 0, environment: f.environment).run()
        #expect(try await f.store.search(RecordingQuery()).count == 1)
    }

    @Test func auditRetention_deletesOnlyEntriesOlderThanTheRetention_inBatches() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let accounts = try AppDatabase.open(directory: f.dir).accountStore
        func entry(_ actor: String, daysAgo: Int64) -> AuditEntry {
            AuditEntry(atMs: f.nowMs - daysAgo * 86_400_000, actor: actor, role: nil, method: "POST", path: "/api/v1/tickets",
                       target: nil, status: 201, address: nil)
        }
        // More old entries than one delete batch, so the purge has to loop.
        for i in 0..<(GRDBAccountStore.auditPurgeBatch + 7) { try await accounts.appendAudit(entry("old-\(i)", daysAgo: 400)) }
        try await accounts.appendAudit(entry("recent", daysAgo: 30))
        let service = RetentionService.audit(accounts, retentionDays: 365, environment: f.environment)
        #expect(await service.purgeOnce() == GRDBAccountStore.auditPurgeBatch + 7)
        #expect(try await accounts.audit(AuditQuery(limit: 10)).map(\.actor) == ["recent"])
        #expect(await service.purgeOnce() == 0)
        await #expect(throws: StorageError.self) { try await accounts.purgeAudit(olderThanDays: 0, nowMs: f.nowMs) }
    }
}
