import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Logging
import Testing

/// A node's campaign pieces on one data directory: the SQLite store, the outbox file, a
/// runner. Building a second one on the same directory is a restart.
struct CampaignNode {
    static let tenAMBeijing: Int64 = 1_772_330_400_000  // 2026-03-01T10:00+08:00
    let dataDirectory: URL
    let database: AppDatabase
    let store: GRDBCampaignStore
    let outbox: CampaignOutboxProvider
    let runner: CampaignRunner

    init(dataDirectory: URL, directory: InMemoryDirectoryStore, wall: ManualWallClock) throws {
        self.dataDirectory = dataDirectory
        database = try AppDatabase.open(directory: dataDirectory)
        store = GRDBCampaignStore(database: database)
        outbox = CampaignOutboxProvider(dataDirectory: dataDirectory, wallClock: wall)
        let environment = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: 9),
                                          logger: Logger(label: "campaign-storage-test"))
        runner = CampaignRunner(site: ReplicaID("north-bay"), store: store, directory: directory, provider: outbox,
                                environment: environment)
    }

    static func seededDirectory(count: Int) async throws -> InMemoryDirectoryStore {
        let directory = InMemoryDirectoryStore()
        var batch = DirectoryBatch()
        for i in 1...count {
            let id = "r\(i)"
            batch.residents.append(Resident(id: id, site: ReplicaID("north-bay"), name: "住户\(i)",
                                            phones: ["+861380000\(1000 + i)"]))
            batch.rooms.append(Room(id: "room-\(i)", site: ReplicaID("north-bay"), building: "2栋", unit: "1单元", floor: 3,
                                    number: "30\(i)", arrearsCents: 10_000 * i))
            batch.occupancies.append(Occupancy(residentID: id, roomID: "room-\(i)", role: .owner))
        }
        _ = try await directory.apply(batch)
        return directory
    }

    static func freshDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("courtyard-campaign-\(ProcessInfo.processInfo.globallyUniqueString)")
    }
}

@Suite struct CampaignStoreTests {
    func plan(_ id: String = "north-bay.c1", messages: Int = 3) -> CampaignPlan {
        let c = Campaign(id: CampaignID(id), site: ReplicaID("north-bay"), name: "停电通知", channel: .sms,
                         template: "{name}您好", window: .always, createdAtMs: 1_000)
        let ms = (1...max(messages, 1)).prefix(messages).map {
            CampaignMessage(id: .make(c.id, sequence: $0), campaignID: c.id, residentID: "r\($0)", phone: "+86138000000\($0)0",
                            body: "住户\($0)您好", nextAttemptAtMs: 1_000, updatedAtMs: 1_000)
        }
        return CampaignPlan(campaign: c, messages: ms, skipped: [:])
    }

    @Test(arguments: DatabaseKind.allCases)
    func store_roundTrips_campaignsMessagesAndOptOuts(_ kind: DatabaseKind) async throws {
        let db = try TestDatabase(kind)
        let store = GRDBCampaignStore(database: db.database)
        let p = plan()
        try await store.create(p)
        await #expect(throws: ServiceError.self) { try await store.create(p) }
        #expect(try await store.campaign(p.campaign.id) == p.campaign)
        #expect(try await store.messages(p.campaign.id, state: nil, limit: 10, offset: 0) == p.messages)
        #expect(try await store.counts(p.campaign.id) == [.queued: 3])

        var m = try p.messages[0].beginningAttempt(nowMs: 2_000)
        m = try m.applying(.accepted(providerMessageID: "gw-1"), retry: RetryPolicy(), nowMs: 2_001)
        try await store.update(m)
        #expect(try await store.message(providerMessageID: "gw-1") == m)
        var retried = try p.messages[1].beginningAttempt(nowMs: 2_000)
        retried = try retried.applying(.transient(detail: "503"), retry: RetryPolicy(), nowMs: 2_000)
        try await store.update(retried)
        #expect(try await store.dueMessages(p.campaign.id, nowMs: 2_000, limit: 10).map(\.id) == [p.messages[2].id])
        #expect(try await store.nextAttemptMs(p.campaign.id, after: 2_000) == retried.nextAttemptAtMs)

        try await store.setStatus(p.campaign.id, to: .cancelled, failingUnsent: .cancelled, nowMs: 3_000)
        #expect(try await store.campaign(p.campaign.id)?.status == .cancelled)
        #expect(try await store.counts(p.campaign.id) == [.sent: 1, .failed: 2])
        #expect(try await store.campaigns(site: ReplicaID("north-bay"), status: .cancelled, limit: 5).map(\.id) == [p.campaign.id])
        #expect(try await store.campaigns(site: ReplicaID("hq"), status: nil, limit: 5).isEmpty)

        try await store.addOptOut(OptOut(residentID: "r1", channel: .sms, atMs: 1))
        try await store.addOptOut(OptOut(residentID: "r1", channel: .sms, atMs: 2))
        try await store.addOptOut(OptOut(residentID: "r2", channel: .all, atMs: 3))
        #expect(try await store.optOuts(residentIDs: ["r1"]) == [OptOut(residentID: "r1", channel: .sms, atMs: 2)])
        #expect(try await store.optOuts(residentIDs: nil).count == 2)
        #expect(try await store.optOuts(residentIDs: []).isEmpty)
    }

    @Test func outbox_writesExactlyThePlannedMessages_once_andReportsThemDelivered() async throws {
        let dir = CampaignNode.freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wall = ManualWallClock(nowMs: CampaignNode.tenAMBeijing)
        let node = try CampaignNode(dataDirectory: dir, directory: try await CampaignNode.seededDirectory(count: 4), wall: wall)
        let request = CampaignRequest(name: "欠费催缴", templateKey: "arrears-reminder",
                                      variables: ["site": "北湾花园", "dueDate": "3月31日", "contact": "0755-88886666"],
                                      audience: AudienceFilter(arrearsAtLeastCents: 20_000), window: .always, ratePerMinute: 600)
        let id = try await node.runner.create(request, dryRun: false).campaign.id
        _ = try await node.runner.command(id, .start)
        for _ in 0..<20 { wall.advance(byMs: await node.runner.runOnce()) }

        let planned = try await node.store.messages(id, state: nil, limit: 100, offset: 0)
        let lines = try await node.outbox.lines()
        #expect(planned.count == 3, "r2…r4 owe at least 200.00")
        #expect(lines.map(\.messageID) == planned.map(\.id.rawValue))
        #expect(lines.map(\.body) == planned.map(\.body))
        #expect(lines.map(\.to) == planned.map(\.phone))
        #expect(lines[0].body.contains("住户2") && lines[0].body.contains("200.00元"))
        #expect(try await node.store.counts(id) == [.delivered: 3], "the outbox's simulated receipts")
        #expect(try await node.store.campaign(id)?.status == .completed)
    }

    @Test func restart_resumesFromTheDatabase_withoutDuplicatesInTheOutbox() async throws {
        let dir = CampaignNode.freshDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wall = ManualWallClock(nowMs: CampaignNode.tenAMBeijing)
        let directory = try await CampaignNode.seededDirectory(count: 6)
        let id: CampaignID
        do {
            let node = try CampaignNode(dataDirectory: dir, directory: directory, wall: wall)
            let request = CampaignRequest(name: "停水通知", channel: .sms, template: "{name}：{room}明日停水", window: .always,
                                          ratePerMinute: 60)
            id = try await node.runner.create(request, dryRun: false).campaign.id
            _ = try await node.runner.command(id, .start)
            for _ in 0..<2 { wall.advance(byMs: await node.runner.runOnce()) }
            // Crash after the outbox write of message 3 but before its outcome was recorded.
            let third = try #require(try await node.store.message(.make(id, sequence: 3)))
            let sending = try third.beginningAttempt(nowMs: wall.nowMs())
            try await node.store.update(sending)
            _ = await node.outbox.send(OutgoingMessage(messageID: sending.id, campaignID: id, site: ReplicaID("north-bay"),
                                                       channel: .sms, to: sending.phone, body: sending.body, attempt: 1))
            #expect(try await node.outbox.lines().count == 3)
        }
        let restarted = try CampaignNode(dataDirectory: dir, directory: directory, wall: wall)
        for _ in 0..<20 { wall.advance(byMs: await restarted.runner.runOnce()) }
        let lines = try await restarted.outbox.lines()
        #expect(lines.map(\.messageID) == (1...6).map { "\(id):\($0)" }, "each message exactly once, in order")
        #expect(try await restarted.store.campaign(id)?.status == .completed)
        #expect(try await restarted.store.counts(id)[.queued] == nil)
    }
}
