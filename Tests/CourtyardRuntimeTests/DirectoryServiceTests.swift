import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

@Suite struct DirectoryServiceTests {
    let site = ReplicaID("north-bay")

    @Test func store_applyOlderVersion_keepsNewerRecord() async throws {
        let store = InMemoryDirectoryStore()
        let newer = EventID(hlc: HLCTimestamp(wallMs: 20), origin: site)
        let older = EventID(hlc: HLCTimestamp(wallMs: 10), origin: site)
        _ = try await store.apply(DirectoryBatch(residents: [Resident(id: "r1", site: site, name: "张三", phones: ["13800138000"], version: newer)]))
        let result = try await store.apply(DirectoryBatch(residents: [Resident(id: "r1", site: site, name: "旧名", phones: ["13800138000"], version: older)]))
        #expect(result.stale == 1 && result.written == 0)
        #expect(try await store.resident(id: "r1")?.name == "张三")
    }

    @Test func upsert_invalidResident_reportsEveryFieldAndWritesNothing() async throws {
        let h = Harness()
        let service = h.directoryService()
        do {
            try await service.upsert(resident: Resident(id: "", site: site, name: " ", phones: ["abc"]))
            Issue.record("invalid resident accepted")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(Set(error.fields.map(\.field)) == ["id", "name", "phones"])
        }
        #expect(try await h.directory.counts().residents == 0)
    }

    @Test func residentsByPhone_normalisesTheQuery() async throws {
        let h = Harness()
        let service = h.directoryService()
        try await service.upsert(resident: Resident(id: "r1", site: site, name: "李四", phones: ["138-0013-8000"]))
        let found = try await service.residents(byPhone: "+86 138 0013 8000")
        #expect(found.map(\.id) == ["r1"])
    }

    @Test func lookup_showsRoomsRolesAndOpenTickets() async throws {
        let h = Harness()
        let service = h.directoryService()
        try await service.upsert(resident: Resident(id: "r1", site: site, name: "李四", phones: ["13800138000"]))
        try await service.upsert(room: Room(id: "room-301", site: site, building: "B3", unit: "1", floor: 3, number: "301"))
        try await service.link(Occupancy(residentID: "r1", roomID: "room-301", role: .owner))
        _ = try await h.tickets().create(draft: repairDraft(), actor: "a")
        let pop = try await service.lookup(phone: "13800138000")
        #expect(pop.residents.count == 1)
        #expect(pop.residents[0].rooms.map(\.role) == [.owner])
        #expect(pop.residents[0].openTickets.count == 1)
    }

    @Test func importCSV_withBadRow_reportsLineAndImportsNothing() async throws {
        let h = Harness()
        let csv = "id,name,phone\nr1,张三,13800138000\nr2,李四,not-a-phone\n"
        do {
            _ = try await h.directoryService().importCSV(kind: .residents, text: csv, dryRun: false)
            Issue.record("bad CSV imported")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(error.fields.contains { $0.line == 3 })
        }
        #expect(try await h.directory.counts().residents == 0)
    }

    @Test func importCSV_dryRun_checksWithoutWriting() async throws {
        let h = Harness()
        let csv = "id,name,phone\nr1,张三,13800138000\n"
        let report = try await h.directoryService().importCSV(kind: .residents, text: csv, dryRun: true)
        #expect(report.rows == 1 && report.written == 0)
        #expect(try await h.directory.counts().residents == 0)
        let real = try await h.directoryService().importCSV(kind: .residents, text: csv, dryRun: false)
        #expect(real.written == 1)
    }

    @Test func ticketStore_searchFindsChineseSubstring() async throws {
        let h = Harness()
        _ = try await h.tickets().create(draft: repairDraft("厨房水龙头漏水"), actor: "a")
        #expect(try await h.store.searchTickets("漏水", limit: 10).count == 1)
        #expect(try await h.store.searchTickets("电梯", limit: 10).isEmpty)
    }
}
