import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

@Suite struct DirectoryVersioningTests {
    let older = EventID(hlc: HLCTimestamp(wallMs: 1_000), origin: ReplicaID("hq"))
    let newer = EventID(hlc: HLCTimestamp(wallMs: 2_000), origin: ReplicaID("hq"))

    @Test func rule_table() {
        #expect(DirectoryVersioning.replaces(nil, stored: nil))
        #expect(DirectoryVersioning.replaces(older, stored: nil))
        #expect(!DirectoryVersioning.replaces(nil, stored: older))
        #expect(DirectoryVersioning.replaces(newer, stored: older))
        #expect(!DirectoryVersioning.replaces(older, stored: newer))
        #expect(!DirectoryVersioning.replaces(older, stored: older))
    }

    @Test func inMemoryStore_followsTheRule() async throws {
        let store = InMemoryDirectoryStore()
        let site = ReplicaID("north-bay")
        func room(_ n: String, _ v: EventID?) -> Room {
            Room(id: "r1", site: site, building: "1号楼", unit: "1单元", floor: 1, number: n, version: v)
        }
        _ = try await store.apply(DirectoryBatch(rooms: [room("101", nil)]))
        _ = try await store.apply(DirectoryBatch(rooms: [room("102", nil)]))
        #expect(try await store.room(id: "r1")?.number == "102", "unversioned over unversioned writes")
        _ = try await store.apply(DirectoryBatch(rooms: [room("103", newer)]))
        let stale = try await store.apply(DirectoryBatch(rooms: [room("104", older), room("105", nil)]))
        #expect(stale.stale == 2)
        #expect(try await store.room(id: "r1")?.number == "103")
    }
}
