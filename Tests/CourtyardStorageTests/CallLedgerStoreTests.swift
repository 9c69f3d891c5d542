import CourtyardCallCenter
import CourtyardCRDT
import CourtyardStorage
import Foundation
import GRDB
import Testing

/// The ledger table: append-only, validated batches, range and report queries.
@Suite struct CallLedgerStoreTests {
    static let t0: Int64 = 1_767_225_600_000
    static let queue = QueueID("north-bay.repairs")

    static func call(_ id: String, site: SiteID = Sites.northBay, enteredAt s: Int64) -> [LedgerEvent] {
        let call = CallID(id)
        return [
            LedgerEvent.callEntered(site: site, atMs: t0 + s * 1_000, callID: call, rawCaller: "138 1234 5678",
                                    dialled: "4008101234"),
            LedgerEvent(site: site, atMs: t0 + (s + 1) * 1_000, callID: call, body: .ivrNode(node: "报修.水电")),
            LedgerEvent(site: site, atMs: t0 + (s + 2) * 1_000, callID: call, body: .queueEntered(queue: queue)),
            LedgerEvent(site: site, atMs: t0 + (s + 9) * 1_000, callID: call, body: .answered(agent: AgentID("a1"))),
            LedgerEvent(site: site, atMs: t0 + (s + 99) * 1_000, callID: call, body: .hungUp(by: .caller)),
        ]
    }

    static func state(_ s: Int64, site: SiteID = Sites.northBay) -> LedgerEvent {
        LedgerEvent(site: site, atMs: t0 + s * 1_000, callID: nil,
                    body: .agentState(agent: AgentID("a1"), from: .available, to: .notReady, reason: "午休"))
    }

    @Test(arguments: DatabaseKind.allCases)
    func appendedEvents_roundTripInTimeOrder(_ kind: DatabaseKind) async throws {
        let db = try TestDatabase(kind)
        let store = db.database.callLedgerStore
        let events = Self.call("c1", enteredAt: 0) + [Self.state(30)]
        try await store.append(events.reversed())  // stored order is by time, not by arrival
        let range = try LedgerRange(fromMs: Self.t0, toMs: Self.t0 + 3_600_000)
        #expect(try await store.events(in: range, site: nil, limit: 100) == events.sorted { $0.atMs < $1.atMs })
        #expect(try await store.events(ofCall: CallID("c1")) == Array(events.prefix(5)))
        #expect(try await store.eventCount() == 6)
    }

    @Test func eventsOnDisk_surviveReopening() async throws {
        let db = try TestDatabase(.onDisk)
        try await db.database.callLedgerStore.append(Self.call("c1", enteredAt: 0))
        let reopened = try AppDatabase.open(directory: try #require(db.directory))
        #expect(try await reopened.callLedgerStore.events(ofCall: CallID("c1")) == Self.call("c1", enteredAt: 0))
    }

    @Test func rangeQuery_isHalfOpenAndFiltersBySite() async throws {
        let db = try TestDatabase(.inMemory)
        let store = db.database.callLedgerStore
        try await store.append(Self.call("c1", enteredAt: 0) + Self.call("c2", site: Sites.hq, enteredAt: 100))
        let firstTwo = try LedgerRange(fromMs: Self.t0, toMs: Self.t0 + 2_000)
        #expect(try await store.events(in: firstTwo, site: nil, limit: 100).count == 2)  // at 0 s and 1 s, not 2 s
        let all = try LedgerRange(fromMs: Self.t0, toMs: Self.t0 + 3_600_000)
        #expect(try await store.events(in: all, site: Sites.hq, limit: 100).map(\.callID) == Array(repeating: CallID("c2"), count: 5))
        #expect(try await store.events(in: all, site: nil, limit: 3).count == 3)
    }

    @Test func reportEvents_takeWholeCallsThatEnteredInTheRange_andStatesInIt() async throws {
        let db = try TestDatabase(.inMemory)
        let store = db.database.callLedgerStore
        // c1 entered just before the range ends and hangs up after it; c0 entered before it.
        try await store.append(Self.call("c0", enteredAt: -50) + Self.call("c1", enteredAt: 3_590)
                               + Self.call("c2", site: Sites.hq, enteredAt: 10) + [Self.state(-5), Self.state(60)])
        let range = try LedgerRange(fromMs: Self.t0, toMs: Self.t0 + 3_600_000)
        let events = try await store.reportEvents(in: range, site: Sites.northBay)
        #expect(Set(events.compactMap(\.callID)) == [CallID("c1")])
        #expect(events.count == 6)  // all five of c1, and the state change at 60 s
        #expect(events.last?.atMs == Self.t0 + 3_689_000)
        let report = CallReport.compute(events: events, range: range, site: Sites.northBay, nowMs: Self.t0 + 7_200_000)
        #expect(report.counts.answered == 1)
        #expect(report.ivr == [IVRNodeHits(node: "报修.水电", hits: 1)])
    }

    @Test func invalidEvent_refusesTheWholeBatch() async throws {
        let db = try TestDatabase(.inMemory)
        let store = db.database.callLedgerStore
        let bad = LedgerEvent(site: Sites.northBay, atMs: 42, callID: CallID("c9"), body: .voicemail)
        await #expect(throws: LedgerError.self) { try await store.append(Self.call("c1", enteredAt: 0) + [bad]) }
        #expect(try await store.eventCount() == 0)
    }

    @Test func callerNumber_isStoredNormalised() async throws {
        let db = try TestDatabase(.inMemory)
        try await db.database.callLedgerStore.append(Self.call("c1", enteredAt: 0))
        let stored = try await db.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM call_ledger_event WHERE kind = 'callEntered'")
        }
        #expect(stored?.contains("+8613812345678") == true)
    }
}
