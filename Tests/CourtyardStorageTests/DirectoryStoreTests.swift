import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Testing

@Suite("GRDBDirectoryStore")
struct DirectoryStoreTests {
    static func version(_ wallMs: Int64, _ origin: ReplicaID = Sites.northBay) -> EventID {
        EventID(hlc: HLCTimestamp(wallMs: wallMs), origin: origin)
    }

    let wang = Resident(id: "r-wang", site: Sites.northBay, name: "王小明", phones: ["13800138000", "075512345678"],
                        note: "行动不便,上门前电话联系", version: version(100))
    let li = Resident(id: "r-li", site: Sites.northBay, name: "李华", phones: ["13800138000"], version: version(100))
    let zhao = Resident(id: "r-zhao", site: Sites.hq, name: "赵敏", phones: ["13900001111"])
    let room101 = Room(id: "nb-3-1-101", site: Sites.northBay, building: "3", unit: "1", floor: 1, number: "101")
    let room202 = Room(id: "nb-3-2-202", site: Sites.northBay, building: "3", unit: "2", floor: 2, number: "202")
    let room501 = Room(id: "nb-5-1-501", site: Sites.northBay, building: "5", unit: "1", floor: 5, number: "501")

    private func seeded(_ kind: DatabaseKind) async throws -> GRDBDirectoryStore {
        let store = try TestDatabase(kind).directoryStore
        let result = try await store.apply(DirectoryBatch(
            residents: [wang, li, zhao],
            rooms: [room501, room202, room101],
            occupancies: [Occupancy(residentID: "r-wang", roomID: "nb-3-1-101", role: .owner),
                          Occupancy(residentID: "r-li", roomID: "nb-3-1-101", role: .tenant),
                          Occupancy(residentID: "r-wang", roomID: "nb-5-1-501", role: .family)],
            suppliers: [Supplier(id: "s-2", name: "奥的斯电梯", trade: "电梯"),
                        Supplier(id: "s-1", name: "九牧", phone: "4008001234", trade: "水龙头")],
            fixtures: [Fixture(id: "f-tap", site: Sites.northBay, roomID: "nb-3-1-101", name: "厨房水龙头",
                               location: "厨房", supplierID: "s-1", warrantyEnd: "2027-06-30"),
                       Fixture(id: "f-lift", site: Sites.northBay, building: "3", name: "1号电梯", supplierID: "s-2")],
            cases: [KnowledgeCase(id: "c-1", title: "水龙头漏水", category: .repair, symptom: "关闭后仍滴水",
                                  solution: "更换阀芯", tags: ["厨房", "卫生间"]),
                    KnowledgeCase(id: "c-2", title: "电梯困人", category: .emergency, symptom: "电梯停在两层之间",
                                  solution: "安抚住户,通知维保单位", tags: ["电梯"])],
            dispatchRules: [DispatchRule(id: "d-1", site: Sites.northBay, category: .repair, department: "工程部",
                                         assignees: ["tech-1"], mode: .assign),
                            DispatchRule(id: "d-2", site: Sites.hq, category: .complaint, department: "客服部",
                                         assignees: ["cs-1", "cs-2"], mode: .roundRobin)]))
        #expect(result == DirectoryApplyResult(written: 17, stale: 0))
        return store
    }

    // MARK: Lookups

    @Test(arguments: DatabaseKind.allCases)
    func byID_returnsTheStoredRecords(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await store.resident(id: "r-wang") == wang)
        #expect(try await store.room(id: "nb-3-2-202") == room202)
        #expect(try await store.supplier(id: "s-1")?.trade == "水龙头")
        #expect(try await store.fixture(id: "f-tap")?.warrantyEnd == "2027-06-30")
        #expect(try await store.knowledgeCase(id: "c-2")?.title == "电梯困人")
        #expect(try await store.dispatchRule(id: "d-2")?.assignees == ["cs-1", "cs-2"])
        #expect(try await store.resident(id: "nobody") == nil)
        #expect(try await store.counts() == DirectoryCounts(residents: 3, rooms: 3, suppliers: 2, fixtures: 2,
                                                            cases: 2, dispatchRules: 2))
    }

    @Test(arguments: DatabaseKind.allCases)
    func residentsByPhone_findsEveryResidentSharingIt(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await store.residents(phone: "13800138000").map(\.id) == ["r-li", "r-wang"])
        #expect(try await store.residents(phone: "075512345678").map(\.id) == ["r-wang"])
        #expect(try await store.residents(phone: "10000").isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func residentPhoneChange_movesThePhoneIndex(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        var moved = li
        moved.phones = ["13700000000"]
        moved.version = Self.version(200)
        _ = try await store.apply(DirectoryBatch(residents: [moved]))
        #expect(try await store.residents(phone: "13800138000").map(\.id) == ["r-wang"])
        #expect(try await store.residents(phone: "13700000000").map(\.id) == ["r-li"])
    }

    @Test(arguments: DatabaseKind.allCases)
    func listsAndMemberships_areFilteredAndOrdered(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await store.residents(site: Sites.northBay, limit: 10, offset: 0).map(\.id) == ["r-li", "r-wang"])
        #expect(try await store.residents(site: nil, limit: 2, offset: 1).map(\.id) == ["r-wang", "r-zhao"])
        #expect(try await store.rooms(site: Sites.northBay, building: "3", limit: 10, offset: 0) == [room101, room202])
        #expect(try await store.rooms(site: nil, building: nil, limit: 10, offset: 2) == [room501])
        #expect(try await store.rooms(ofResident: "r-wang") == [RoomMembership(room: room101, role: .owner),
                                                                 RoomMembership(room: room501, role: .family)])
        #expect(try await store.residents(ofRoom: "nb-3-1-101") == [ResidentMembership(resident: li, role: .tenant),
                                                                     ResidentMembership(resident: wang, role: .owner)])
        #expect(try await store.fixtures(roomID: "nb-3-1-101").map(\.id) == ["f-tap"])
        #expect(try await store.fixtures(site: Sites.northBay, building: "3").map(\.id) == ["f-lift"])
        #expect(try await store.suppliers(limit: 10, offset: 0).map(\.id) == ["s-1", "s-2"])
        #expect(try await store.dispatchRules(site: Sites.hq).map(\.id) == ["d-2"])
    }

    // MARK: Search

    @Test(arguments: DatabaseKind.allCases)
    func searchResidents_byNameSubstringPhonePrefixAndNote(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await store.searchResidents("小明", limit: 10).map(\.id) == ["r-wang"])
        #expect(try await store.searchResidents("敏", limit: 10).map(\.id) == ["r-zhao"])
        #expect(try await store.searchResidents("1380013", limit: 10).map(\.id).sorted() == ["r-li", "r-wang"])
        #expect(try await store.searchResidents("行动不便", limit: 10).map(\.id) == ["r-wang"])
        #expect(try await store.searchResidents("\"王 OR *", limit: 10).isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func searchCases_findsTitleSymptomSolutionAndTags(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await store.searchCases("漏水", limit: 10).map(\.id) == ["c-1"])
        #expect(try await store.searchCases("滴水", limit: 10).map(\.id) == ["c-1"])
        #expect(try await store.searchCases("阀芯", limit: 10).map(\.id) == ["c-1"])
        #expect(try await store.searchCases("卫生间", limit: 10).map(\.id) == ["c-1"])
        #expect(try await store.searchCases("电梯", limit: 10).map(\.id) == ["c-2"])
    }

    // MARK: Last writer wins

    @Test(arguments: DatabaseKind.allCases)
    func staleOrEqualVersion_isSkipped_newerWins(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        var stale = wang
        stale.name = "旧名字"
        stale.version = Self.version(99)
        var same = wang
        same.name = "同版本"
        var newer = wang
        newer.name = "王大明"
        newer.version = Self.version(100, ReplicaID("south"))  // same HLC, larger origin: newer

        #expect(try await store.apply(DirectoryBatch(residents: [stale, same])) == DirectoryApplyResult(written: 0, stale: 2))
        #expect(try await store.resident(id: "r-wang")?.name == "王小明")
        #expect(try await store.apply(DirectoryBatch(residents: [newer])) == DirectoryApplyResult(written: 1, stale: 0))
        #expect(try await store.resident(id: "r-wang")?.name == "王大明")
        #expect(try await store.searchResidents("大明", limit: 5).map(\.id) == ["r-wang"])
        #expect(try await store.searchResidents("小明", limit: 5).isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func nilVersions_overwriteOnlyUnversionedRecords(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        var unversionedWang = wang
        unversionedWang.version = nil
        unversionedWang.name = "无版本"
        var unversionedZhao = zhao
        unversionedZhao.name = "赵敏敏"
        var versionedZhao = zhao
        versionedZhao.name = "赵敏(已核实)"
        versionedZhao.version = Self.version(1)

        let result = try await store.apply(DirectoryBatch(residents: [unversionedWang, unversionedZhao]))
        #expect(result == DirectoryApplyResult(written: 1, stale: 1))
        #expect(try await store.resident(id: "r-wang")?.name == "王小明")
        #expect(try await store.resident(id: "r-zhao")?.name == "赵敏敏")
        _ = try await store.apply(DirectoryBatch(residents: [versionedZhao]))
        #expect(try await store.resident(id: "r-zhao") == versionedZhao)
    }

    // MARK: Atomicity

    @Test(arguments: DatabaseKind.allCases)
    func batchViolatingAConstraint_writesNothing(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        let before = try await store.counts()
        var renamed = wang
        renamed.name = "不应写入"
        renamed.version = Self.version(500)
        let newcomer = Resident(id: "r-new", site: Sites.northBay, name: "新住户", phones: ["13611112222"])
        let batch = DirectoryBatch(
            residents: [renamed, newcomer],
            occupancies: [Occupancy(residentID: "r-new", roomID: "no-such-room", role: .tenant)],
            cases: [KnowledgeCase(id: "c-9", title: "新案例", category: .repair, symptom: "", solution: "")])

        await #expect(throws: (any Error).self) { try await store.apply(batch) }
        #expect(try await store.counts() == before)
        #expect(try await store.resident(id: "r-wang")?.name == "王小明")
        #expect(try await store.residents(phone: "13611112222").isEmpty)
        #expect(try await store.searchResidents("新住户", limit: 5).isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func emptyID_isRefusedAndWritesNothing(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).directoryStore
        let batch = DirectoryBatch(suppliers: [Supplier(id: "s-ok", name: "ok", trade: "x"),
                                               Supplier(id: "", name: "bad", trade: "x")])
        await #expect(throws: (any Error).self) { try await store.apply(batch) }
        #expect(try await store.counts().suppliers == 0)
    }
}
