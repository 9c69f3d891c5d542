import CourtyardCRDT
@testable import CourtyardDomain
import Testing

/// A hand-built set of tickets whose report is worked out by hand (minutes after T, Monday
/// 2026-03-02 09:00 Beijing; the range is T − 1 h … T + 24 h; ordinary repairs must be
/// completed in 30 minutes, major tickets in 6 hours, on a 24×7 calendar).
enum TicketReportFixture {
    static let t = mondayNineBeijingMs
    static let southLake = ReplicaID("south-lake")
    static let window = TicketReportWindow(fromMs: t - hourMs, toMs: t + 24 * hourMs, nowMs: t + 48 * hourMs)
    static let clock = SLAClock(policy: .standard, calendar: .alwaysOpen)

    static func ticket(at minute: Int64, _ category: TicketCategory = .repair, _ priority: TicketPriority = .ordinary,
                       site: ReplicaID = northBay, steps: [(Int64, TicketEventBody)]) -> TicketState {
        var h = TicketHistory(startMs: t + minute * minuteMs, category: category, priority: priority, site: site)
        for (m, body) in steps { h.add(body, atMinute: m - minute, site: site) }
        return h.state
    }

    static let work: [(Int64, TicketEventBody)] = [(1, .assigned(Sample.assign())), (2, .accepted), (3, .arrived)]

    /// T1 resolved on time and closed, callback 5; T2 resolved late (60 min), escalated to
    /// level 1, callback 2; T3 a major complaint never resolved, escalated to levels 1 and 2;
    /// T4 a consultation cancelled; T5 opened before the range, resolved in it (150 min),
    /// callback "not solved"; T6 at another site; T7 opened after the range.
    static var tickets: [TicketState] {
        [
            ticket(at: 0, steps: work + [(20, Sample.resolved), (25, Sample.callback(5)), (30, Sample.closed)]),
            ticket(at: 5, steps: [(6, .assigned(Sample.assign())), (7, .accepted), (8, .arrived), (40, Sample.escalated(1)),
                           (65, Sample.resolved), (70, Sample.callback(2))]),
            ticket(at: 10, .complaint, .major, steps: [(11, .assigned(Sample.assign("cs-1", "客服部"))),
                                                (400, Sample.escalated(1)), (500, Sample.escalated(2))]),
            ticket(at: 15, .consultation, steps: [(20, Sample.cancelled)]),
            ticket(at: -120, steps: [(-119, .assigned(Sample.assign())), (-118, .accepted), (-117, .arrived), (30, Sample.resolved),
                              (40, .callback(CallbackResult(satisfaction: .notSolved, needsFollowUp: true)))]),
            ticket(at: 0, site: southLake, steps: [(50, Sample.resolved)]),
            ticket(at: 25 * 60, steps: []),
        ]
    }

    static func report(site: ReplicaID? = northBay, tickets: [TicketState] = tickets) -> TicketReport {
        TicketReport.compute(tickets: tickets, window: window, site: site, clock: clock)
    }
}

@Suite struct TicketReportTests {
    typealias F = TicketReportFixture

    @Test func counts_matchTheHandComputedTickets() {
        let c = F.report().counts
        #expect(c.opened == 4)
        #expect(c.closed == 1)
        #expect(c.resolved == 3)
        #expect(c.cancelled == 1)
        #expect(c.overdue == 2)
        #expect(c.completionDecided == 3)
        #expect(c.onTime == 1)
        #expect([c.escalated1, c.escalated2, c.escalated3] == [2, 1, 0])
        #expect(c.callbacks == 3)
        #expect(c.satisfied == 1)
        #expect(c.notSolved == 1)
        #expect(c.scored == 2)
    }

    @Test func figures_resolutionTimeSatisfactionAndOnTimeRate() throws {
        let f = F.report().figures
        // Resolution 20, 60, 150 minutes: mean 76⅔ min, nearest-rank median 60, p90 150.
        #expect(f.meanResolutionMs == Double(230 * minuteMs) / 3)
        #expect(f.medianResolutionMs == 60 * minuteMs)
        #expect(f.p90ResolutionMs == 150 * minuteMs)
        #expect(f.meanSatisfaction == 3.5)
        #expect(abs(try #require(f.satisfiedRatePercent) - 100.0 / 3) < 1e-9)
        #expect(abs(try #require(f.onTimeRatePercent) - 100.0 / 3) < 1e-9)
    }

    @Test func breakdowns_byCategoryDepartmentLevelAndPriority() {
        let r = F.report()
        #expect(r.byCategory.map(\.key) == ["repair", "complaint", "consultation"])
        let repair = r.byCategory[0]
        #expect([repair.opened, repair.closed, repair.resolved, repair.overdue, repair.onTime] == [2, 1, 3, 1, 1])
        #expect(repair.onTimeRatePercent == 50)
        #expect(r.byDepartment.map(\.key) == ["", "客服部", "工程部"])  // by Unicode order
        #expect(r.byDepartment.map(\.opened) == [1, 1, 2])
        #expect(r.byEscalationLevel.map(\.key) == ["0", "1", "2"])
        #expect(r.byEscalationLevel.map(\.opened) == [2, 1, 1])
        #expect(r.byPriority.map(\.key) == ["ordinary", "major"])
        #expect(r.bySite.map(\.key) == ["north-bay"])
    }

    @Test func callbackResults_roomsAndAssignees() {
        let r = F.report()
        #expect(r.satisfactionScores == [0, 1, 0, 0, 1])  // T2 scored 2, T1 scored 5
        #expect(r.topRooms.map(\.key) == ["3-2-501"] && r.topRooms[0].opened == 4)
        #expect(r.byBuilding.map(\.key) == [""])
        #expect(r.byAssignee.map(\.key) == ["", "cs-1", "tech-1"])
        #expect(r.byAssignee.map(\.resolved) == [0, 0, 3])
    }

    /// Staff who let a ticket reach level 3 show in their row (三级督办 penalties).
    @Test func levelThree_isCountedPerAssignee_evenWhenTheTicketIsInNoOtherSet() {
        let late = F.ticket(at: -600, steps: [(-599, .assigned(Sample.assign("tech-2"))), (100, Sample.escalated(1)),
                                              (200, Sample.escalated(2)), (300, Sample.escalated(3))])
        let r = F.report(tickets: F.tickets + [late])
        #expect(r.counts.escalated3 == 1)
        let row = r.byAssignee.first { $0.key == "tech-2" }
        #expect(row?.escalated3 == 1 && row?.opened == 0)
        let d = TicketDrill.compute(metric: .escalated3, tickets: F.tickets + [late], window: F.window, site: northBay,
                                    clock: F.clock, filter: (.assignee, "tech-2"))
        #expect(d.total == 1 && d.rows.first?.id == late.id)
    }

    @Test func daily_listsEveryLocalDayOfTheRange() {
        let days = F.report().daily
        #expect(days.map(\.date) == ["2026-03-02", "2026-03-03"])
        #expect(days[0].opened == 4 && days[0].closed == 1 && days[0].resolved == 3)
        #expect(days[1].opened == 0)
    }

    @Test func siteFilter_allSitesAddsTheOtherSite_andInputOrderDoesNotMatter() {
        let all = F.report(site: nil)
        #expect(all.counts.opened == 5)
        #expect(all.bySite.map(\.key) == ["north-bay", "south-lake"])
        #expect(F.report(site: F.southLake).counts.opened == 1)
        #expect(F.report(tickets: F.tickets.reversed()) == F.report())
    }

    /// Every figure's drill list has exactly the figure's count (or denominator and numerator).
    @Test(arguments: [nil, northBay] as [ReplicaID?])
    func drill_countEqualsTheFigure_forEveryMetric(site: ReplicaID?) {
        let r = F.report(site: site)
        let c = r.counts
        func drill(_ m: TicketDrillMetric) -> TicketDrill {
            TicketDrill.compute(metric: m, tickets: F.tickets, window: F.window, site: site, clock: F.clock)
        }
        let expected: [TicketDrillMetric: (Int, Int)] = [
            .opened: (c.opened, c.opened), .closed: (c.closed, c.closed), .resolved: (c.resolved, c.resolved),
            .cancelled: (c.cancelled, c.cancelled), .overdue: (c.overdue, c.overdue),
            .onTime: (c.completionDecided, c.onTime), .escalated1: (c.escalated1, c.escalated1),
            .escalated2: (c.escalated2, c.escalated2), .escalated3: (c.escalated3, c.escalated3),
            .resolution: (c.resolved, c.resolved), .satisfaction: (c.callbacks, c.satisfied),
        ]
        for metric in TicketDrillMetric.allCases {
            let d = drill(metric)
            #expect(d.total == expected[metric]!.0, "\(metric) total")
            #expect(d.counted == expected[metric]!.1, "\(metric) counted")
            #expect(d.rows.count == d.total)
        }
        let resolution = drill(.resolution).rows.compactMap(\.resolutionMs)
        #expect(Double(resolution.reduce(0, +)) / Double(resolution.count) == r.figures.meanResolutionMs)
    }

    @Test func drill_byBreakdownRow_matchesTheRow() {
        let r = F.report()
        for row in r.byCategory {
            let d = TicketDrill.compute(metric: .opened, tickets: F.tickets, window: F.window, site: northBay,
                                        clock: F.clock, filter: (.category, row.key))
            #expect(d.total == row.opened, "\(row.key)")
            #expect(d.rows.allSatisfy { $0.category.rawValue == row.key })
        }
        let undispatched = TicketDrill.compute(metric: .opened, tickets: F.tickets, window: F.window, site: northBay,
                                               clock: F.clock, filter: (.department, ""))
        #expect(undispatched.rows.map(\.category) == [.consultation])
    }

    @Test func drill_rowsAreOldestFirst_andTruncatedAtTheLimit() {
        let d = TicketDrill.compute(metric: .opened, tickets: F.tickets, window: F.window, site: northBay,
                                    clock: F.clock, rowsMax: 2)
        #expect(d.total == 4 && d.truncated && d.rows.count == 2)
        #expect(d.rows[0].createdAtMs == F.t && d.rows[1].createdAtMs == F.t + 5 * minuteMs)
        #expect(d.rows[0].title == "厨房水龙头漏水")
    }

    @Test func emptyInput_hasNilRatesAndZeroCounts() {
        let r = F.report(tickets: [])
        #expect(r.counts == TicketCounts())
        #expect(r.figures == TicketFigures())
        #expect(r.byCategory.isEmpty && r.daily.count == 2)
    }
}
