import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Testing

/// What directory replication needs of the SQLite store: versioned occupancy links and a
/// full read of every record.
@Suite("GRDBDirectoryStore replication support")
struct DirectoryAllRecordsTests {
    static func version(_ wallMs: Int64) -> EventID {
        EventID(hlc: HLCTimestamp(wallMs: wallMs), origin: Sites.northBay)
    }

    static let batch = DirectoryBatch(
        residents: [Resident(id: "r-wang", site: Sites.northBay, name: "王小明", phones: ["13800138000"], version: version(1))],
        rooms: [Room(id: "nb-3-1-101", site: Sites.northBay, building: "3", unit: "1", floor: 1, number: "101",
                     version: version(2))],
        occupancies: [Occupancy(residentID: "r-wang", roomID: "nb-3-1-101", role: .owner, version: version(5))],
        suppliers: [Supplier(id: "s-1", name: "九牧", trade: "水龙头", version: version(3))],
        cases: [KnowledgeCase(id: "c-1", title: "水龙头漏水", category: .repair, symptom: "关闭后仍滴水",
                              solution: "更换阀芯", version: version(4))])

    @Test(arguments: DatabaseKind.allCases)
    func occupancy_olderVersion_isStale_andKeepsTheNewerRole(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).directoryStore
        _ = try await store.apply(Self.batch)
        let result = try await store.apply(DirectoryBatch(
            occupancies: [Occupancy(residentID: "r-wang", roomID: "nb-3-1-101", role: .tenant, version: Self.version(4))]))
        #expect(result.written == 0 && result.stale == 1)
        #expect(try await store.rooms(ofResident: "r-wang").map(\.role) == [.owner])
    }

    @Test(arguments: DatabaseKind.allCases)
    func allRecords_returnsEveryKindWithItsVersion_withinTheLimit(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).directoryStore
        _ = try await store.apply(Self.batch)
        let all = try await store.allRecords(limit: 100)
        #expect(all == Self.batch)
        #expect(try await store.allRecords(limit: 2).recordCount == 2)
    }
}
