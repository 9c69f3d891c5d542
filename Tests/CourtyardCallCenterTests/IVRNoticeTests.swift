import Testing
import CourtyardCRDT
@testable import CourtyardCallCenter

@Suite struct IVRNoticeTests {
    func n(_ id: String, _ kind: IVRNoticeKind, _ from: Int64, _ until: Int64, _ buildings: [String] = []) -> IVRNotice {
        IVRNotice(id: id, kind: kind, text: "通告\(id)", validFromMs: from, validUntilMs: until, buildings: buildings)
    }

    @Test func playable_onlyNoticesInsideTheirWindow() throws {
        let board = try IVRNoticeBoard([n("a", .outage, 100, 200), n("b", .communityActivity, 150, 300)])
        #expect(board.playable(nowMs: 99).isEmpty)
        #expect(board.playable(nowMs: 100).map(\.id) == ["a"])
        #expect(board.playable(nowMs: 199).map(\.id) == ["a", "b"])
        #expect(board.playable(nowMs: 200).map(\.id) == ["b"], "the end of a window is exclusive")
        #expect(board.playable(nowMs: 300).isEmpty)
    }

    @Test func playable_mostUrgentKindFirst_thenNewest() throws {
        let board = try IVRNoticeBoard([n("act", .communityActivity, 0, 9), n("old", .outage, 0, 9),
                                        n("new", .outage, 5, 9), n("big", .majorEvent, 0, 9)])
        #expect(board.playable(nowMs: 6).map(\.id) == ["big", "new", "old", "act"])
    }

    @Test func playable_targetedNotice_onlyForCallersInThatBuilding() throws {
        let board = try IVRNoticeBoard([n("all", .importantNotice, 0, 9), n("b3", .outage, 0, 9, ["3"])])
        #expect(board.playable(nowMs: 1).map(\.id) == ["all"], "unknown caller hears only site-wide notices")
        #expect(board.playable(nowMs: 1, callerBuildings: ["5"]).map(\.id) == ["all"])
        #expect(board.playable(nowMs: 1, callerBuildings: ["3"]).map(\.id) == ["b3", "all"])
    }

    @Test func playable_isCapped() throws {
        let board = try IVRNoticeBoard((0..<20).map { n("n\($0)", .importantNotice, 0, 9) })
        #expect(board.playable(nowMs: 1).count == IVRNoticeLimits.playedMax)
    }

    @Test func upsert_refusesBadNotices_andReplacesById() throws {
        var board = IVRNoticeBoard()
        #expect(throws: IVRNoticeError.self) { try board.upsert(n("x", .outage, 10, 10)) }
        #expect(throws: IVRNoticeError.self) { try board.upsert(n("bad id", .outage, 0, 10)) }
        #expect(throws: IVRNoticeError.self) {
            try board.upsert(IVRNotice(id: "e", kind: .outage, text: "", validFromMs: 0, validUntilMs: 1))
        }
        try board.upsert(n("x", .outage, 0, 10))
        try board.upsert(n("x", .feeReminder, 0, 20))
        #expect(board.notices.count == 1)
        #expect(board.notices[0].kind == .feeReminder)
        board.removeExpired(nowMs: 20)
        #expect(board.notices.isEmpty)
    }
}

@Suite struct IVRHitCounterTests {
    let a = SiteID("north-bay"), b = SiteID("hq")
    let p = IVRNodePath([.d3, .d1])

    @Test func record_andTotal_sumOverSites() {
        var c = IVRHitCounter()
        c.record(p, site: a)
        c.record(p, site: a)
        c.record(p, site: b)
        #expect(c.total(p) == 3)
        #expect(c.count(p, site: a) == 2)
        #expect(c.totals.map(\.path) == [p])
    }

    @Test func merge_isIdempotentCommutativeAndKeepsMaxPerSite() {
        var x = IVRHitCounter(), y = IVRHitCounter()
        x.record(p, site: a, by: 5)
        y.record(p, site: a, by: 3)
        y.record(p, site: b, by: 2)
        y.record(.root, site: b)
        #expect(x.merged(y) == y.merged(x))
        #expect(x.merged(y).merged(y) == x.merged(y))
        #expect(x.merged(y).total(p) == 7)
        #expect(x.merged(y).total(.root) == 1)
    }
}
