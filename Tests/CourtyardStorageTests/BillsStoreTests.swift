import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Foundation
import GRDB
import Testing

/// Bill lines of room 1203 (room id `nb-1203`) and 1501, for the payment tests.
private enum BillFixture {
    static let now: Int64 = 1_780_000_000_000

    static func line(_ id: String, room: String = "nb-1203", code: String = "1203", kind: BillKind = .water,
                     period: String = "2026-03", amount: Int, due: Int64, paid: Int = 0) -> Bill {
        Bill(id: id, site: Sites.northBay, roomID: room, roomCode: code, kind: kind, period: period,
             amountCents: amount, dueAtMs: due, paidCents: paid)
    }

    static let lines = [
        line("w-03", amount: 4_200, due: 1_000),
        line("e-03", kind: .electricity, amount: 15_680, due: 1_000),
        line("p-04", kind: .propertyFee, period: "2026-04", amount: 22_500, due: 2_000),
        line("w-1501", room: "nb-1501", code: "1501", amount: 3_500, due: 1_000, paid: 3_500),
    ]

    static func store(_ db: AppDatabase) -> GRDBBillsStore {
        db.billsStore(wallClock: ManualWallClock(nowMs: now))
    }

    static func seeded(_ kind: DatabaseKind) async throws -> (TestDatabase, GRDBBillsStore) {
        let t = try TestDatabase(kind)
        let store = store(t.database)
        try await store.insert(lines)
        return (t, store)
    }
}

@Suite("Bills store")
struct BillsStoreTests {
    @Test(arguments: DatabaseKind.allCases)
    func insertedLines_readBackPerRoomOldestDueFirst(kind: DatabaseKind) async throws {
        let (_, store) = try await BillFixture.seeded(kind)
        let lines = try await store.bills(roomID: "nb-1203")
        #expect(lines.map(\.id) == ["e-03", "w-03", "p-04"])
        #expect(Set(lines) == Set(BillFixture.lines.prefix(3)))
        #expect(lines.allSatisfy { $0.status == .unpaid })
        #expect(try await store.bills(roomID: "nb-1501").map(\.status) == [.paid])
    }

    @Test(arguments: DatabaseKind.allCases)
    func arrears_sumUnpaidLinesPerRoom_andSkipPaidRooms(kind: DatabaseKind) async throws {
        let (_, store) = try await BillFixture.seeded(kind)
        let arrears = try await store.arrears(site: Sites.northBay)
        #expect(arrears == [RoomArrears(roomID: "nb-1203", roomCode: "1203", amountDueCents: 42_380)])
        #expect(try await store.bill(roomCode: "1203")?.amountDueCents == 42_380)
        #expect(try await store.bill(roomCode: "1501")?.amountDueCents == 0)
        #expect(try await store.bill(roomCode: "9999") == nil)
        #expect(try await store.arrears(site: Sites.hq).isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func roomBill_carriesTheResidentsPhones_andPhoneLookupFindsTheRoom(kind: DatabaseKind) async throws {
        let (t, store) = try await BillFixture.seeded(kind)
        let room = Room(id: "nb-1203", site: Sites.northBay, building: "1号楼", unit: "2单元", floor: 12, number: "1203")
        let owner = Resident(id: "r-1", site: Sites.northBay, name: "陈静", phones: ["13512345678"])
        _ = try await t.directoryStore.apply(DirectoryBatch(
            residents: [owner], rooms: [room], occupancies: [Occupancy(residentID: "r-1", roomID: "nb-1203", role: .owner)]))
        #expect(try await store.bill(roomCode: "1203")?.phones == ["13512345678"])
        let heard = try await store.bills(phone: "13512345678")
        #expect(heard == [RoomBill(roomCode: "1203", roomID: "nb-1203", amountDueCents: 42_380, phones: ["13512345678"])])
        #expect(try await store.bills(phone: "13900000000").isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func payment_paysOldestLinesFirst_andRecordsOneRowPerLine(kind: DatabaseKind) async throws {
        let (_, store) = try await BillFixture.seeded(kind)
        let receipt = try await store.pay(roomCode: "1203", amountCents: 20_000, channel: .counter, reference: "c-1")
        #expect(!receipt.alreadyRecorded)
        #expect(receipt.payments.map(\.billID) == ["e-03", "w-03", "p-04"])
        #expect(receipt.payments.map(\.amountCents) == [15_680, 4_200, 120])
        let lines = try await store.bills(roomID: "nb-1203")
        #expect(lines.map(\.status) == [.paid, .paid, .partial])
        #expect(lines.map(\.paidCents) == [15_680, 4_200, 120])
        #expect(try await store.bill(roomCode: "1203")?.amountDueCents == 22_380)
        #expect(try await store.payments(reference: "c-1").allSatisfy { $0.atMs == BillFixture.now && $0.channel == .counter })
    }

    @Test func phonePayment_survivesCloseAndReopen() async throws {
        let (t, store) = try await BillFixture.seeded(.onDisk)
        let directory = try #require(t.directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ok = try await store.recordPayment(roomCode: "1203", amountCents: 42_380, phone: "+8613512345678",
                                               reference: "ivr:call-1:1203")
        #expect(ok)
        try t.database.writer.close()

        let reopened = BillFixture.store(try AppDatabase.open(directory: directory))
        #expect(try await reopened.bill(roomCode: "1203")?.amountDueCents == 0)
        let rows = try await reopened.payments(reference: "ivr:call-1:1203")
        #expect(rows.map(\.amountCents).reduce(0, +) == 42_380)
        #expect(rows.allSatisfy { $0.channel == .ivr && $0.phone == "+8613512345678" })
        #expect(try await reopened.arrears(site: Sites.northBay).isEmpty)
    }

    @Test(arguments: DatabaseKind.allCases)
    func retriedPayment_withSameReference_isRecordedOnce(kind: DatabaseKind) async throws {
        let (_, store) = try await BillFixture.seeded(kind)
        let first = try await store.pay(roomCode: "1203", amountCents: 10_000, channel: .ivr, reference: "ivr:c9:1203")
        let retry = try await store.pay(roomCode: "1203", amountCents: 10_000, channel: .ivr, reference: "ivr:c9:1203")
        #expect(retry.alreadyRecorded)
        #expect(retry.payments == first.payments)
        #expect(try await store.paymentCount() == first.payments.count)
        #expect(try await store.bill(roomCode: "1203")?.amountDueCents == 32_380)
        #expect(try await store.recordPayment(roomCode: "1203", amountCents: 10_000, phone: nil, reference: "ivr:c9:1203"))
        #expect(try await store.bill(roomCode: "1203")?.amountDueCents == 32_380)
    }

    @Test(arguments: DatabaseKind.allCases)
    func reusedReference_forAnotherAmount_isRefused(kind: DatabaseKind) async throws {
        let (_, store) = try await BillFixture.seeded(kind)
        _ = try await store.pay(roomCode: "1203", amountCents: 10_000, channel: .app, reference: "app-77")
        await #expect(throws: BillsError(.referenceReused, "payment reference 'app-77' was used for another payment")) {
            try await store.pay(roomCode: "1203", amountCents: 5_000, channel: .app, reference: "app-77")
        }
        #expect(try await store.bill(roomCode: "1203")?.amountDueCents == 32_380)
    }

    @Test(arguments: DatabaseKind.allCases)
    func overpayZeroNegativeAndUnknownRoom_areRefused_andWriteNothing(kind: DatabaseKind) async throws {
        let (_, store) = try await BillFixture.seeded(kind)
        let refused: [(String, Int, BillsError.Kind)] = [
            ("1203", 42_381, .overpayment), ("1203", 0, .nonPositiveAmount), ("1203", -500, .nonPositiveAmount),
            ("1501", 1, .overpayment), ("7777", 100, .unknownRoom), ("12a3", 100, .invalidInput),
        ]
        for (i, (code, amount, expected)) in refused.enumerated() {
            do {
                _ = try await store.pay(roomCode: code, amountCents: amount, channel: .ivr, reference: "r-\(i)")
                Issue.record("a payment of \(amount) to \(code) was accepted")
            } catch let error as BillsError {
                #expect(error.kind == expected, "\(code) \(amount): \(error)")
            }
            #expect(try await store.recordPayment(roomCode: code, amountCents: amount, phone: nil, reference: "p-\(i)") == false)
        }
        #expect(try await store.paymentCount() == 0)
        #expect(try await store.bill(roomCode: "1203")?.amountDueCents == 42_380)
        #expect(try await store.bills(roomID: "nb-1501").map(\.paidCents) == [3_500])
    }

    @Test(arguments: DatabaseKind.allCases)
    func malformedLine_refusesTheWholeBatch(kind: DatabaseKind) async throws {
        let t = try TestDatabase(kind)
        let store = BillFixture.store(t.database)
        let bad = [BillFixture.line("ok", amount: 100, due: 1), BillFixture.line("bad", period: "2026-13", amount: 100, due: 1)]
        await #expect(throws: BillsError.self) { try await store.insert(bad) }
        let negative = [BillFixture.line("neg", amount: -1, due: 1)]
        await #expect(throws: BillsError.self) { try await store.insert(negative) }
        #expect(try await store.bills(roomID: "nb-1203").isEmpty)
    }

    @Test func demoSeed_givesRoomsBills_withArrearsMatchingTheDirectory() async throws {
        let site = ReplicaID("north-bay")
        let now: Int64 = 1_790_000_000_000
        let demo = DemoSite.generate(site: site, nowMs: now, random: SeededRandom(seed: 3))
        let again = DemoSite.generate(site: site, nowMs: now, random: SeededRandom(seed: 3))
        #expect(demo.bills == again.bills)
        #expect(demo.bills.count == DemoSite.roomCount * DemoSite.billMonths * 4)
        #expect(demo.bills.allSatisfy { $0.dueAtMs < now + 31 * 86_400_000 && $0.amountCents > 0 })

        let store = BillFixture.store(try AppDatabase.inMemory())
        try await store.insert(demo.bills)
        let arrears = try await store.arrears(site: site)
        #expect(arrears.count > 10, "some rooms owe")
        #expect(arrears.count < DemoSite.roomCount / 3, "most rooms are paid up")
        let expected = demo.batch.rooms.filter { $0.arrearsCents > 0 }.map { ($0.id, $0.arrearsCents) }
            .sorted { $0.0 < $1.0 }
        #expect(arrears.map(\.roomID) == expected.map(\.0))
        #expect(arrears.map(\.amountDueCents) == expected.map(\.1))
    }
}
