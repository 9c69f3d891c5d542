@testable import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Foundation
import Testing

/// The HQ dashboard's per-site snapshot (pure): figures from the ACD, today's ledger and the
/// ticket counts; bounds; and the gathering node's memory of sites that stop answering.
@Suite struct SiteSnapshotTests {
    static let t0: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z, 08:00 in China
    static let level = TodayServiceLevel(dayStartMs: t0 - 8 * 3_600_000, thresholdMs: 20_000)

    // MARK: Calls and agents

    @Test func compute_countsWaitingCallsLongestWaitAndAgentsByState() {
        var acd = makeACD()
        acd.logIn(["a1", "a2", "a3"], at: Self.t0)
        acd.run(.agentRequested(AgentID("a2"), .notReady(.lunch), nowMs: Self.t0))
        acd.run(.agentRequested(AgentID("a3"), .takeBreak(.scheduled), nowMs: Self.t0))
        _ = acd.arrive("c1", at: Self.t0 + 1_000, caller: "13800000001")   // rings a1
        _ = acd.arrive("c2", at: Self.t0 + 11_000)                           // waits: nobody free
        let s = SiteSnapshot.compute(site: northBay, nowMs: Self.t0 + 31_000, acd: acd, serviceLevel: Self.level,
                                     tickets: SnapshotTicketInput(), members: [])
        #expect(s.waitingCalls == 2)
        #expect(s.longestWaitMs == 30_000)
        #expect(s.calls.map(\.call.rawValue) == ["c1", "c2"])
        #expect(s.calls.map(\.phase) == ["ringing", "waiting"])
        #expect(s.agentsByState["reserved"] == 1 && s.agentsByState["notReady"] == 1 && s.agentsByState["onBreak"] == 1)
        #expect(s.agentsByState.values.reduce(0, +) == 3)
        #expect(s.agents.map(\.agent.rawValue) == ["a1", "a2", "a3"])
        #expect(s.agents[1].reason == "lunch")

        acd.run(.offerAnswered(CallID("c1"), agent: AgentID("a1"), nowMs: Self.t0 + 32_000))
        let after = SiteSnapshot.compute(site: northBay, nowMs: Self.t0 + 41_000, acd: acd, serviceLevel: Self.level,
                                         tickets: SnapshotTicketInput(), members: [])
        #expect(after.waitingCalls == 1 && after.longestWaitMs == 30_000)
        #expect(after.agentsByState["onCall"] == 1)
        #expect(after.agents[0].sinceMs == Self.t0 + 32_000)
    }

    @Test func compute_withoutCallCenter_reportsNoCallsAndEveryStateAtZero() {
        let s = SiteSnapshot.compute(site: northBay, nowMs: Self.t0, acd: nil, serviceLevel: Self.level,
                                     tickets: SnapshotTicketInput(), members: [])
        #expect(s.waitingCalls == 0 && s.longestWaitMs == 0)
        #expect(s.agentsByState == SiteSnapshot.emptyAgentCounts)
        #expect(throws: Never.self) { try s.validate(expectedSite: northBay) }
    }

    // MARK: Tickets and members

    @Test func compute_overdueByLevel_isTheDifferenceOfTheAtLeastCounts() {
        let tickets = SnapshotTicketInput(open: 12, atLeastLevel: [5, 2, 1])
        let members = [SnapshotMember(site: SiteID("south-lake"), endpoint: "10.0.2.7:7946", status: "unreachable"),
                       SnapshotMember(site: hq, endpoint: "10.0.0.2:7946", status: "alive")]
        let s = SiteSnapshot.compute(site: northBay, nowMs: Self.t0, acd: nil, serviceLevel: Self.level,
                                     tickets: tickets, members: members)
        #expect(s.openTickets == 12)
        #expect(s.overdueByLevel == [3, 1, 1])
        #expect(s.members.map(\.site) == [hq, SiteID("south-lake")])
        #expect(s.members.map(\.isUp) == [true, false])
        #expect(s.omitted == 5, "five overdue tickets counted, none listed")
    }

    // MARK: Service level today

    @Test func serviceLevel_countsOnlyCallsEnteredSinceLocalMidnight() {
        let q = QueueID("north-bay.repairs"), a1 = AgentID("a1")
        func call(_ id: String, _ start: Int64, _ steps: [(Int64, LedgerEventBody)]) -> [LedgerEvent] {
            steps.map { LedgerEvent(site: northBay, atMs: start + $0.0 * 1_000, callID: CallID(id), body: $0.1) }
        }
        let entered = LedgerEventBody.callEntered(caller: "+8613812345678", dialled: "4008101234")
        let start = Self.t0 + 3_600_000
        let yesterday = Self.level.dayStartMs - 60_000
        let events = call("c1", start, [(0, entered), (0, .queueEntered(queue: q)), (10, .answered(agent: a1))])
            + call("c2", start + 100_000, [(0, entered), (0, .queueEntered(queue: q)), (30, .answered(agent: a1))])
            + call("c3", start + 200_000, [(0, entered), (0, .queueEntered(queue: q)),
                                           (3, .abandoned(stage: .queued, waitedMs: 3_000))])
            + call("c0", yesterday, [(0, entered), (0, .queueEntered(queue: q)), (5, .answered(agent: a1))])
        let sl = TodayServiceLevel.compute(events: events, site: northBay, nowMs: start + 600_000,
                                           settings: ReportSettings())
        #expect(sl.dayStartMs == Self.t0 - 8 * 3_600_000)
        #expect(sl.offered == 3 && sl.answered == 2 && sl.answeredWithinThreshold == 1 && sl.shortAbandoned == 1)
        #expect(sl.percent == 50)
    }

    @Test func dayStart_isLocalMidnight_forTimesOnBothSidesOfIt() {
        let midnight = Self.t0 - 8 * 3_600_000
        #expect(TodayServiceLevel.dayStart(nowMs: midnight, utcOffsetMinutes: 480) == midnight)
        #expect(TodayServiceLevel.dayStart(nowMs: midnight - 1, utcOffsetMinutes: 480) == midnight - 86_400_000)
        #expect(TodayServiceLevel.dayStart(nowMs: midnight + 86_399_999, utcOffsetMinutes: 480) == midnight)
    }

    // MARK: Bounds

    @Test func snapshotAtEveryCap_encodesBelowTheBound_andValidates() throws {
        let long = String(repeating: "漏", count: 500)
        var s = SiteSnapshot(site: northBay, takenAtMs: Self.t0, serviceLevel: Self.level)
        s.agents = (0..<SiteSnapshot.Limits.agentsMax).map {
            SnapshotAgent(agent: AgentID("agent-\($0)-\(String(repeating: "x", count: 40))"), state: .notReady,
                          reason: "followUp", call: CallID("call-\($0)-\(String(repeating: "y", count: 40))"), sinceMs: Self.t0)
        }
        s.calls = (0..<SiteSnapshot.Limits.callsMax).map {
            SnapshotCall(call: CallID("call-\($0)-\(String(repeating: "z", count: 40))"), queue: repairsQueue,
                         caller: "+8613812345678;ext=1234", waitingSinceMs: Self.t0, phase: "waiting")
        }
        s.overdue = (0..<SiteSnapshot.Limits.overdueMax).map {
            SiteSnapshot.ticketLineForTest(id: "north-bay-\($0)", title: long)
        }
        s.members = (0..<SiteSnapshot.Limits.membersMax).map {
            SnapshotMember(site: SiteID("site-\($0)"), endpoint: "[fd00::\($0)]:7946", status: "alive")
        }
        let bytes = try JSONEncoder().encode(s).count
        #expect(bytes < SiteSnapshot.Limits.encodedBytesMax, "\(bytes) bytes")
        try s.validate(expectedSite: northBay)
    }

    @Test func validate_refusesAWrongSiteAnOverlongListAndABadCount() {
        let good = SiteSnapshot(site: northBay, takenAtMs: Self.t0, serviceLevel: Self.level)
        #expect(throws: SnapshotError.self) { try good.validate(expectedSite: hq) }
        var long = good
        long.calls = Array(repeating: SnapshotCall(call: CallID("c1"), queue: repairsQueue, caller: nil,
                                                   waitingSinceMs: 0, phase: "waiting"),
                           count: SiteSnapshot.Limits.callsMax + 1)
        #expect(throws: SnapshotError.self) { try long.validate(expectedSite: northBay) }
        var negative = good
        negative.overdueByLevel = [1, -1, 0]
        #expect(throws: SnapshotError.self) { try negative.validate(expectedSite: northBay) }
        var unknown = good
        unknown.agentsByState["dancing"] = 1
        #expect(throws: SnapshotError.self) { try unknown.validate(expectedSite: northBay) }
    }

    // MARK: Tiles

    @Test func tiles_siteThatStopsAnswering_keepsItsLastSnapshotAndIsMarkedUnreachable() {
        var tiles = DashboardTiles()
        var s = SiteSnapshot(site: northBay, takenAtMs: Self.t0, serviceLevel: Self.level)
        s.waitingCalls = 4
        tiles.record(s, atMs: Self.t0)
        tiles.expect(hq)
        tiles.recordFailure(site: northBay, reason: "timeout", atMs: Self.t0 + 2_000)
        let board = tiles.board(nowMs: Self.t0 + 5_000, detail: false)
        #expect(board.map(\.site) == [hq, northBay])
        #expect(board[0].reachable == false && board[0].snapshot == nil)
        let nb = board[1]
        #expect(nb.reachable == false && nb.error == "timeout")
        #expect(nb.snapshot?.waitingCalls == 4)
        #expect(nb.updatedAtMs == Self.t0 && nb.ageMs == 5_000)

        tiles.record(s, atMs: Self.t0 + 6_000)
        #expect(tiles.board(nowMs: Self.t0 + 6_000, site: northBay, detail: true).first?.reachable == true)
    }

    @Test func tiles_boardWithoutDetail_dropsTheDrillDownLists() {
        var tiles = DashboardTiles()
        var s = SiteSnapshot(site: northBay, takenAtMs: Self.t0, serviceLevel: Self.level)
        s.agents = [SnapshotAgent(agent: AgentID("a1"), state: .available)]
        tiles.record(s, atMs: Self.t0)
        #expect(tiles.board(nowMs: Self.t0, detail: false)[0].snapshot?.agents.isEmpty == true)
        #expect(tiles.board(nowMs: Self.t0, detail: true)[0].snapshot?.agents.count == 1)
    }
}

extension SiteSnapshot {
    static func ticketLineForTest(id: String, title: String) -> SnapshotTicket {
        SnapshotTicket(id: id, number: "NB-2026-000123", title: clip(title), status: "dispatched", level: 3,
                       updatedAtMs: 0)
    }
}
