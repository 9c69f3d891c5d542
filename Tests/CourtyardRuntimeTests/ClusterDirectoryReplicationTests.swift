import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
@testable import CourtyardRuntime
import Foundation
import Synchronization
import Testing

// Directory replication across real cluster nodes: in-memory network, manual clock, one
// in-memory directory store per node.

@Suite(.serialized) struct ClusterDirectoryReplicationTests {
    static let sites = ["hq", "north", "south"]

    /// Three nodes, each with its own directory store, all seeing each other.
    static func cluster() async throws -> ClusterTestHarness {
        let h = ClusterTestHarness()
        for site in sites { try h.start(site, directoryStore: InMemoryDirectoryStore()) }
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        return h
    }

    static func resident(_ id: String = "r-001", name: String, site: String = "north") -> Resident {
        Resident(id: id, site: ReplicaID(site), name: name, phones: ["13800138000"])
    }

    static func partition(_ h: ClusterTestHarness, isolating lonely: String) throws {
        for other in sites where other != lonely {
            try h[lonely].faults.add(.partition(from: ReplicaID(other)))
            try h[other].faults.add(.partition(from: ReplicaID(lonely)))
        }
    }

    static func stored(_ h: ClusterTestHarness, _ site: String, _ id: String = "r-001") async -> Resident? {
        try? await h[site].directoryStore?.resident(id: id)
    }

    // MARK: Scenarios

    @Test func residentWrittenAtNorth_appearsAtHqAndSouth_withTheSameVersion() async throws {
        let h = try await Self.cluster()
        let written = try await h["north"].directory.upsert(resident: Self.resident(name: "张三"))
        #expect(written.version?.origin == ReplicaID("north"))
        let took = await h.run(untilWithinMs: 5_000) {
            let atHq = await Self.stored(h, "hq"), atSouth = await Self.stored(h, "south")
            return atHq == written && atSouth == written
        }
        #expect(took != nil, "the resident did not reach hq and south")
        #expect(await Self.stored(h, "south")?.version == written.version)
        await h.stopAll()
    }

    @Test func concurrentEditsOfOneRecordAtTwoSites_convergeToTheHigherVersionEverywhere() async throws {
        let h = try await Self.cluster()
        try Self.partition(h, isolating: "south")
        let atNorth = try await h["north"].directory.upsert(resident: Self.resident(name: "张三（北区改）"))
        let atSouth = try await h["south"].directory.upsert(resident: Self.resident(name: "张三（南区改）"))
        #expect(atNorth.version != atSouth.version)
        await h.run(forMs: 1_000)
        #expect(await Self.stored(h, "south") == atSouth, "nothing crosses the partition")
        for site in Self.sites { h[site].faults.clear() }
        let winner = try #require(atNorth.version) > #require(atSouth.version) ? atNorth : atSouth
        let took = await h.run(untilWithinMs: 15_000) {
            for site in Self.sites where await Self.stored(h, site) != winner { return false }
            return true
        }
        #expect(took != nil, "the sites did not converge on the higher version \(String(describing: winner.version))")
        await h.stopAll()
    }

    @Test func partitionedNode_catchesUpOnEveryRecordKind_afterHeal() async throws {
        let h = try await Self.cluster()
        try Self.partition(h, isolating: "south")
        let north = h["north"].directory
        try await north.upsert(resident: Self.resident(name: "李四"))
        try await north.upsert(room: Room(id: "B3-1201", site: ReplicaID("north"), building: "B3", unit: "1",
                                          floor: 12, number: "1201"))
        try await north.link(Occupancy(residentID: "r-001", roomID: "B3-1201", role: .owner))
        try await north.upsert(supplier: Supplier(id: "s-01", name: "美的售后", contact: "王工", phone: "13900139000",
                                                  trade: "空调"))
        await h.run(forMs: 2_000)
        #expect(await Self.stored(h, "south") == nil, "nothing crosses the partition")
        #expect(await Self.stored(h, "hq") != nil)

        for site in Self.sites { h[site].faults.clear() }
        let south = try #require(h["south"].directoryStore)
        let took = await h.run(untilWithinMs: 15_000) {
            let rooms = (try? await south.rooms(ofResident: "r-001")) ?? []
            let supplier = try? await south.supplier(id: "s-01")
            return rooms.map(\.role) == [.owner] && supplier != nil
        }
        #expect(took != nil, "south did not catch up on the resident, room, occupancy and supplier")
        await h.stopAll()
    }

    @Test func olderReplicatedVersion_neverOverwritesTheNewerOne() async throws {
        let h = try await Self.cluster()
        let old = try await h["north"].directory.upsert(resident: Self.resident(name: "旧名字"))
        h.wall.advance(byMs: 60_000)
        let new = try await h["north"].directory.upsert(resident: Self.resident(name: "新名字"))
        #expect(await h.run(untilWithinMs: 5_000) { await Self.stored(h, "hq") == new } != nil)
        // A peer re-delivers the older version (a late retransmission, a stale replica).
        let stale = try #require(DirectoryEntry.resident(old).item)
        let wire = try ClusterWire.encode(ReplicationMessage<DirectoryItem>.items([stale]))
        try await h["south"].faults.send(wire, to: h["hq"].node.myself.endpoint, lane: .bulk)
        await h.run(forMs: 1_000)
        #expect(await Self.stored(h, "hq") == new, "the older version replaced the newer one")
        await h.stopAll()
    }

    @Test func forgedItem_whoseKeyDoesNotMatchItsRecord_isRejectedAndNotStored() async throws {
        let h = try await Self.cluster()
        let hq = try #require(h["hq"].node.directory)
        let version = EventID(hlc: HLCTimestamp(wallMs: march2026Ms, logical: 0), origin: ReplicaID("south"))
        var record = Self.resident(name: "伪造")
        record.version = version
        let forged = DirectoryItem(key: "resident:someone-else", version: version, record: .resident(record))
        let wire = try ClusterWire.encode(ReplicationMessage<DirectoryItem>.items([forged]))
        let rejectedBefore = await hq.stats.rejected
        try await h["south"].faults.send(wire, to: h["hq"].node.myself.endpoint, lane: .bulk)
        await h.run(forMs: 200)
        #expect(await hq.stats.rejected == rejectedBefore + 1)
        #expect(await Self.stored(h, "hq") == nil)
        await h.stopAll()
    }

    // MARK: Accounts

    static func account(_ name: String, displayName: String = "李客服", site: String = "north") -> AccountRecord {
        AccountRecord(username: Username(name), displayName: displayName, role: .agent, site: .site(ReplicaID(site)),
                      passwordHash: "$2b$04$" + String(repeating: "x", count: 53), createdAtMs: 1, updatedAtMs: 1)
    }

    static func storedAccount(_ h: ClusterTestHarness, _ site: String, _ name: String) async -> AccountRecord? {
        try? await h[site].directoryStore?.account(username: Username(name))
    }

    @Test func accountWrittenAtNorth_appearsAtHqAndSouth_andAnEditFollows() async throws {
        let h = try await Self.cluster()
        let written = try await h["north"].directory.upsert(account: Self.account("cs-li"))
        #expect(written.version?.origin == ReplicaID("north"))
        let took = await h.run(untilWithinMs: 5_000) {
            let atHq = await Self.storedAccount(h, "hq", "cs-li"), atSouth = await Self.storedAccount(h, "south", "cs-li")
            return atHq == written && atSouth == written
        }
        #expect(took != nil, "the account did not reach hq and south")
        let edited = try await h["south"].directory.upsert(account: Self.account("cs-li", displayName: "李客服（南）"))
        #expect(try #require(edited.version) > #require(written.version))
        #expect(await h.run(untilWithinMs: 5_000) { await Self.storedAccount(h, "north", "cs-li") == edited } != nil)
        await h.stopAll()
    }

    @Test func replicatedAdmin_isRefusedAtTheWriter_andRejectedWhenReceived() async throws {
        let h = try await Self.cluster()
        await #expect(throws: ServiceError.self) {
            try await h["north"].directory.upsert(account: Self.account("admin"))
        }
        let hq = try #require(h["hq"].node.directory)
        var forged = AccountRecord(username: Username("admin"), displayName: "Administrator", role: .admin, site: .all,
                                   passwordHash: "$2b$04$" + String(repeating: "y", count: 53), createdAtMs: 1,
                                   updatedAtMs: 1)
        forged.version = EventID(hlc: HLCTimestamp(wallMs: march2026Ms, logical: 0), origin: ReplicaID("south"))
        let item = try #require(DirectoryEntry.account(forged).item)
        let wire = try ClusterWire.encode(ReplicationMessage<DirectoryItem>.items([item]))
        let rejectedBefore = await hq.stats.rejected
        try await h["south"].faults.send(wire, to: h["hq"].node.myself.endpoint, lane: .bulk)
        await h.run(forMs: 200)
        #expect(await hq.stats.rejected == rejectedBefore + 1)
        #expect(await Self.storedAccount(h, "hq", "admin") == nil)
        await h.stopAll()
    }

    @Test func restartedNode_loadsItsRecords_andNeverReissuesAVersion_evenWhenTheWallClockWentBack() async throws {
        let h = try await Self.cluster()
        let first = try await h["north"].directory.upsert(resident: Self.resident(name: "王五"))
        let store = try #require(h["north"].directoryStore)
        await h.crash("north")
        h.wall.set(march2026Ms - 3_600_000) // an hour back
        try h.start("north", directoryStore: store)
        let second = try await h["north"].directory.upsert(resident: Self.resident("r-002", name: "赵六"))
        #expect(try #require(second.version) > #require(first.version))
        let loaded = await h.run(untilWithinMs: 2_000) { await h["north"].node.directory?.recordCount == 2 }
        #expect(loaded != nil, "the restarted shell did not load the stored record")
        #expect(await h.run(untilWithinMs: 10_000) { await Self.stored(h, "south", "r-002") == second } != nil)
        await h.stopAll()
    }
}

// MARK: - Unit tests of the parts

@Test func directoryWire_roundTripsUnderItsOwnPrefix_andRefusesATicketType() throws {
    let version = EventID(hlc: HLCTimestamp(wallMs: 1, logical: 0), origin: ReplicaID("hq"))
    let room = Room(id: "B3-1201", site: ReplicaID("hq"), building: "B3", unit: "1", floor: 12, number: "1201",
                    version: version)
    let message = ReplicationMessage<DirectoryItem>.items([try #require(DirectoryEntry.room(room).item)])
    let wire = try ClusterWire.encode(message)
    #expect(wire.type == "replication.directory.items")
    #expect(ClusterWire.allTypes.contains(wire.type))
    #expect(try ClusterWire.decodeDirectoryReplication(wire) == message)
    var forged = wire
    forged.type = "replication.ticket.items"
    #expect(throws: ClusterWireError.self) { try ClusterWire.decodeDirectoryReplication(forged) }
}

@Test func inMemoryDirectoryStore_occupancy_isLastWriterWinsByVersion() async throws {
    let store = InMemoryDirectoryStore()
    let site = ReplicaID("hq")
    let older = EventID(hlc: HLCTimestamp(wallMs: 1, logical: 0), origin: site)
    let newer = EventID(hlc: HLCTimestamp(wallMs: 2, logical: 0), origin: site)
    _ = try await store.apply(DirectoryBatch(
        residents: [Resident(id: "r1", site: site, name: "张三", phones: ["13800138000"], version: older)],
        rooms: [Room(id: "B3-1201", site: site, building: "B3", unit: "1", floor: 12, number: "1201", version: older)],
        occupancies: [Occupancy(residentID: "r1", roomID: "B3-1201", role: .tenant, version: newer)]))
    let result = try await store.apply(DirectoryBatch(
        occupancies: [Occupancy(residentID: "r1", roomID: "B3-1201", role: .owner, version: older)]))
    #expect(result.stale == 1 && result.written == 0)
    #expect(try await store.rooms(ofResident: "r1").map(\.role) == [.tenant])
}

@Test func occupancy_decodesOlderJSONWithoutAVersion() throws {
    let json = #"{"residentID":"r1","roomID":"B3-1201","role":"owner"}"#
    let decoded = try CRDTCodec.decode(Occupancy.self, from: Data(json.utf8), bytesMax: 1_024)
    #expect(decoded == Occupancy(residentID: "r1", roomID: "B3-1201", role: .owner))
}

@Test func directoryService_handsEveryCommittedBatchToItsHook_stampedWithVersions() async throws {
    let harness = Harness()
    let recorder = DirectoryBatchRecorder()
    let service = harness.directoryService()
    await service.setOnCommitted { recorder.record($0) }
    let resident = try await service.upsert(resident: Resident(id: "r1", site: ReplicaID("north-bay"), name: "张三",
                                                               phones: ["13800138000"]))
    try await service.upsert(room: Room(id: "B3-1201", site: ReplicaID("north-bay"), building: "B3", unit: "1",
                                        floor: 12, number: "1201"))
    try await service.link(Occupancy(residentID: "r1", roomID: "B3-1201", role: .owner))
    let batches = recorder.batches
    #expect(batches.count == 3)
    #expect(batches.first?.residents == [resident])
    let versions = batches.flatMap { DirectoryEntry.entries(of: $0).map(\.version) }
    #expect(versions.allSatisfy { $0 != nil } && Set(versions).count == 3)
}

final class DirectoryBatchRecorder: Sendable {
    private let state = Mutex<[DirectoryBatch]>([])
    var batches: [DirectoryBatch] { state.withLock { $0 } }
    func record(_ batch: DirectoryBatch) { state.withLock { $0.append(batch) } }
}

@Test func directoryService_editOfAPeersRecordFromAClockAhead_getsTheHigherVersion() async throws {
    let harness = Harness()
    let service = harness.directoryService(site: "north")
    // The service has written (its clock is restored), then a peer an hour ahead wrote r1
    // and replication stored it here.
    try await service.upsert(resident: Resident(id: "r0", site: ReplicaID("north"), name: "李四", phones: ["13900139000"]))
    let ahead = EventID(hlc: HLCTimestamp(wallMs: march2026Ms + 3_600_000, logical: 0), origin: ReplicaID("south"))
    _ = try await harness.directory.apply(DirectoryBatch(residents: [
        Resident(id: "r1", site: ReplicaID("north"), name: "张三", phones: ["13800138000"], version: ahead)]))
    let edited = try await service.upsert(resident: Resident(id: "r1", site: ReplicaID("north"), name: "张三丰",
                                                             phones: ["13800138000"]))
    #expect(try #require(edited.version) > ahead)
    #expect(try await harness.directory.resident(id: "r1")?.name == "张三丰", "the local edit lost to the value it replaced")
}
