import CourtyardCRDT
@testable import CourtyardCallCenter
import Testing

@Suite struct ReportFiguresTests {
    typealias F = LedgerFixture

    func report(site: SiteID? = F.northBay, events: [LedgerEvent]? = nil, settings: ReportSettings = .init()) -> CallReport {
        CallReport.compute(events: events ?? (F.calls + F.noise + F.a1States), range: F.range, site: site,
                           nowMs: F.t0 + 86_400_000, settings: settings)
    }

    @Test func counts_matchTheHandComputedLedger() {
        let c = report().counts
        #expect(c.entered == 8)
        #expect(c.offered == 7)
        #expect(c.answered == 4)
        #expect(c.answeredWithinThreshold == 2)
        #expect(c.abandoned == 2)
        #expect(c.shortAbandoned == 1)
        #expect(c.voicemail == 1)
        #expect(c.overflowed == 1)
        #expect(c.stickyHits == 1)
        #expect(c.handledInIVR == 1)
    }

    @Test func serviceLevels_excludeShortAbandonsFromSLAndCountOnlyAnsweredInSL2() throws {
        let f = report().figures
        // SL = 2 within 20 s / (7 offered − 1 short abandon); SL2 = 2 / 4 answered.
        #expect(abs(try #require(f.serviceLevelPercent) - 100.0 * 2 / 6) < 1e-9)
        #expect(f.serviceLevel2Percent == 50)
    }

    @Test func asaAndAht_areMeansOverAnsweredCalls() throws {
        let f = report().figures
        // Waits 10, 30, 65, 5 s. Handling: c1 100+20, c2 60+30, c6 100, c10 60+60 s.
        #expect(f.averageSpeedOfAnswerMs == 27_500)
        #expect(f.averageHandlingTimeMs == 107_500)
        #expect(f.talkMs == 380_000)
        #expect(f.wrapUpMs == 50_000)
        #expect(f.longestAnswerWaitMs == 65_000)
    }

    @Test func abandonmentRate_leavesShortAbandonsOut() throws {
        // (2 abandoned − 1 short) / (7 offered − 1 short).
        #expect(abs(try #require(report().figures.abandonmentRatePercent) - 100.0 / 6) < 1e-9)
    }

    @Test func shortAbandonThreshold_isConfigurable() {
        let r = report(settings: ReportSettings(shortAbandonMs: 0))
        #expect(r.counts.shortAbandoned == 0)
        #expect(r.figures.abandonmentRatePercent == 100.0 * 2 / 7)
    }

    @Test func occupancy_isHandlingOverStaffedTimeFromStateChanges() throws {
        // Measured up to one hour after T0.
        let r = CallReport.compute(events: F.calls + F.a1States, range: F.range, site: F.northBay,
                                   nowMs: F.t0 + 3_600_000)
        let a1 = try #require(r.agents.first { $0.agent == F.a1 })
        #expect(a1.handlingMs == 900_000)  // 600 s on call + 300 s wrap-up
        #expect(a1.staffedMs == 2_400_000)  // 600 + 10 + 600 + 300 + 890 s
        #expect(a1.loggedInMs == 3_000_000)
        #expect(a1.occupancyPercent == 37.5)
        #expect(a1.stateMs["notReady"] == 600_000)
        #expect(a1.stateMs["loggedOut"] == 600_000)
    }

    @Test func perAgentCounts_splitTalkAcrossATransfer() throws {
        let agents = report().agents
        #expect(agents.map(\.agent) == [F.a1, F.a2, F.a9])
        let a1 = agents[0], a2 = agents[1], a9 = agents[2]
        #expect((a1.offers, a1.timedOut, a1.answered, a1.talkMs, a1.wrapUpMs) == (3, 1, 2, 160_000, 20_000))
        #expect((a2.offers, a2.answered, a2.talkMs, a2.wrapUpMs) == (2, 2, 120_000, 30_000))
        #expect((a9.offers, a9.answered, a9.talkMs) == (1, 1, 100_000))
        #expect(a2.occupancyPercent == nil)  // no state changes
    }

    @Test func ivrHits_areCountedPerNodeMostHitFirst() {
        #expect(report().ivr == [IVRNodeHits(node: "main", hits: 3), IVRNodeHits(node: "notices", hits: 1),
                                 IVRNodeHits(node: "repair", hits: 1)])
    }

    @Test func volume_isBucketedByLocalHourAndDay() {
        let r = report()
        #expect(r.hourly.count == 24)
        #expect(r.hourly[9] == 8)  // 01:00 UTC + 8 h
        #expect(r.hourly.reduce(0, +) == 8)
        // The day's SL and abandonment rate are the report's: one day, the same calls.
        #expect(r.daily == [DailyVolume(date: "2026-01-01", entered: 8, answered: 4, abandoned: 2,
                                        serviceLevelPercent: r.figures.serviceLevelPercent,
                                        abandonmentRatePercent: r.figures.abandonmentRatePercent,
                                        offered: 7, answeredWithinThreshold: 2, shortAbandoned: 1)])
    }

    @Test func siteFilter_countsCallsAtTheSiteTheyEntered() {
        let all = report(site: nil)
        #expect(all.counts.entered == 9)  // + c11 at hq
        #expect(all.staffing.map(\.site) == [F.hq, F.northBay])
        let hq = report(site: F.hq)
        #expect(hq.counts.entered == 1)
        #expect(hq.counts.overflowed == 0)
    }

    @Test func eventOrder_doesNotChangeTheReport() {
        let events = F.calls + F.noise + F.a1States
        #expect(report(events: events.reversed()) == report(events: events))
    }

    @Test func emptyLedger_givesZerosAndNilRates() {
        let r = report(events: [])
        #expect(r.counts == CallCounts())
        #expect(r.figures.serviceLevelPercent == nil)
        #expect(r.figures.averageSpeedOfAnswerMs == nil)
        #expect(r.agents.isEmpty && r.daily.isEmpty && r.staffing.isEmpty)
    }

    @Test func staffing_usesTheSitesArrivalRateAndAHT() throws {
        let s = try #require(report().staffing.first?.suggestion)
        // 7 offered in 24 h; AHT 107.5 s.
        #expect(abs(s.arrivalsPerHour - 7.0 / 24) < 1e-9)
        #expect(s.ahtMs == 107_500)
        #expect(s.agents == 1)
    }
}
