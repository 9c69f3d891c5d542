import CourtyardCRDT
@testable import CourtyardCallCenter
import Foundation
import Testing

/// FCR, overall occupancy, and the drill-down lists behind every figure of the call report.
@Suite struct ReportDrillTests {
    typealias F = LedgerFixture
    static let day: Int64 = 86_400_000

    func report(site: SiteID? = F.northBay, events: [LedgerEvent] = F.calls + F.noise + F.a1States,
                settings: ReportSettings = .init()) -> CallReport {
        CallReport.compute(events: events, range: F.range, site: site, nowMs: F.t0 + Self.day, settings: settings)
    }

    func drill(_ metric: CallDrillMetric, site: SiteID? = F.northBay, events: [LedgerEvent] = F.calls + F.noise + F.a1States,
               settings: ReportSettings = .init()) -> CallDrill {
        CallDrill.compute(metric: metric, events: events, range: F.range, site: site, nowMs: F.t0 + Self.day,
                          settings: settings)
    }

    // MARK: FCR

    /// Calls at seconds after T0 (not the fixture's T0 + 1 h), answered unless said.
    static func answered(_ id: String, caller: String, at s: Int64, site: SiteID = F.northBay) -> [LedgerEvent] {
        let steps: [(Int64, LedgerEventBody)] = [
            (0, .callEntered(caller: caller, dialled: "4008101234")), (0, .queueEntered(queue: F.queue)),
            (5, .answered(agent: F.a1)), (65, .hungUp(by: .caller)),
        ]
        return steps.map { LedgerEvent(site: site, atMs: F.t0 + (s + $0.0) * 1_000, callID: CallID(id), body: $0.1) }
    }

    /// A1 then A2 an hour later (A1 repeated); B alone; C anonymous (not eligible); D again
    /// just after 72 h (not a repeat); E again but at hq (another site); F calls back and
    /// abandons (a repeat all the same); G at 23:53 UTC-day end, repeated after the range.
    static var fcrLedger: [LedgerEvent] {
        let a = "+8613800000001", b = "+8613800000002", d = "+8613800000004", e = "+8613800000005"
        let f = "+8613800000006", g = "+8613800000007"
        let fSteps: [(Int64, LedgerEventBody)] = [
            (0, .callEntered(caller: f, dialled: "4008101234")), (0, .queueEntered(queue: F.queue)),
            (9, .abandoned(stage: .queued, waitedMs: 9_000)),
        ]
        let fAgain = fSteps.map { LedgerEvent(site: F.northBay, atMs: F.t0 + (600 + $0.0) * 1_000, callID: CallID("F2"), body: $0.1) }
        let eAtHQ = [LedgerEvent(site: F.hq, atMs: F.t0 + 400_000, callID: CallID("E2"),
                                 body: .callEntered(caller: e, dialled: "4008101234"))]
        var events: [LedgerEvent] = answered("A1", caller: a, at: 0)
        events += answered("A2", caller: a, at: 3_600)
        events += answered("B", caller: b, at: 100)
        events += answered("C", caller: "anonymous", at: 150)
        events += answered("D1", caller: d, at: 200)
        events += answered("D2", caller: d, at: 200 + 72 * 3_600 + 1)
        events += answered("E1", caller: e, at: 300) + eAtHQ
        events += answered("F1", caller: f, at: 500) + fAgain
        events += answered("G1", caller: g, at: 86_000)
        events += answered("G2", caller: g, at: 86_500)
        return events
    }

    @Test func fcr_isAnsweredIdentifiedCallsWithoutARepeatInTheWindow() throws {
        let r = report(events: Self.fcrLedger)
        // Eligible: A1 A2 B D1 E1 F1 G1 (C anonymous; D2 and G2 entered after the range).
        #expect(r.counts.fcrEligible == 7)
        // Resolved: A2 B D1 E1 (A1, F1 and G1 were followed by a repeat within 72 h).
        #expect(r.counts.fcrResolved == 4)
        #expect(abs(try #require(r.figures.firstContactResolutionPercent) - 400.0 / 7) < 1e-9)
        let d = drill(.fcr, events: Self.fcrLedger)
        #expect(d.rows.filter(\.counted).map(\.callID.rawValue) == ["B", "D1", "E1", "A2"])  // by entry time
        #expect(Set(d.rows.filter { !$0.counted }.map(\.callID.rawValue)) == ["A1", "F1", "G1"])
    }

    @Test func fcr_windowIsConfigurable_andNilWithoutEligibleCalls() {
        // A 1 h window still sees A2 (exactly 1 h after A1), F2 and G2; one ms less and A1 stands alone.
        let r = report(events: Self.fcrLedger, settings: ReportSettings(fcrWindowMs: 3_600_000))
        #expect(r.counts.fcrResolved == 4)
        let shorter = report(events: Self.fcrLedger, settings: ReportSettings(fcrWindowMs: 3_599_999))
        #expect(shorter.counts.fcrResolved == 5)  // A1 is no longer repeated
        #expect(report(events: F.a1States).figures.firstContactResolutionPercent == nil)
    }

    @Test func fcrWindow_outsideItsBounds_isRefused() {
        #expect(throws: LedgerError.self) { try ReportSettings(fcrWindowMs: 3_599_999).validate() }
        #expect(throws: LedgerError.self) { try ReportSettings(fcrWindowMs: 604_800_001).validate() }
    }

    // MARK: Occupancy

    @Test func occupancy_isHandlingOverStaffedTimeOfAllAgents() {
        // a1: staffed 600 + 10 + 600 + 300 + 890 s, handling 600 + 300 s.
        #expect(report().figures.occupancyPercent == 37.5)
        #expect(report(events: F.calls).figures.occupancyPercent == nil)
    }

    // MARK: Staffing at the peak hour

    @Test func peakStaffing_usesTheBusiestHoursArrivals() throws {
        let s = try #require(report().staffing.first)
        // All 7 offered north-bay calls entered between 01:00 and 01:15 UTC (09:00 local).
        #expect(s.peakHourStartMs == F.t0 + 3_600_000)
        let peak = try #require(s.peakSuggestion)
        #expect(peak.arrivalsPerHour == 7)
        #expect(peak.ahtMs == 107_500)
        // A = 7 × 107.5 s / 3600 s ≈ 0.209 Erlang; one agent: SL = 1 − A·e^(−(1 − A)·20/107.5) ≈ 82 %.
        #expect(peak.agents == 1)
        #expect(abs(peak.serviceLevel - (1 - (7 * 107.5 / 3600) * exp(-(1 - 7 * 107.5 / 3600) * 20 / 107.5))) < 1e-9)
    }

    // MARK: Drill-down

    /// Every metric's list: total = the figure's count or denominator, counted = its numerator.
    @Test(arguments: [nil, F.northBay, F.hq] as [SiteID?])
    func drill_countEqualsTheFigure_forEveryMetric(site: SiteID?) {
        let c = report(site: site).counts
        let slBase = c.offered - c.shortAbandoned
        let expected: [CallDrillMetric: (Int, Int)] = [
            .entered: (c.entered, c.entered), .offered: (c.offered, c.offered), .answered: (c.answered, c.answered),
            .sl: (slBase, c.answeredWithinThreshold), .sl2: (c.answered, c.answeredWithinThreshold),
            .asa: (c.answered, c.answered), .aht: (c.answered, c.answered), .occupancy: (c.answered, c.answered),
            .abandon: (slBase, c.abandoned - c.shortAbandoned), .shortAbandon: (c.shortAbandoned, c.shortAbandoned),
            .voicemail: (c.voicemail, c.voicemail), .overflowed: (c.overflowed, c.overflowed),
            .ivr: (c.handledInIVR, c.handledInIVR), .sticky: (c.stickyHits, c.stickyHits),
            .fcr: (c.fcrEligible, c.fcrResolved),
        ]
        for metric in CallDrillMetric.allCases {
            let d = drill(metric, site: site)
            #expect(d.total == expected[metric]!.0, "\(metric) total")
            #expect(d.counted == expected[metric]!.1, "\(metric) counted")
            #expect(d.rows.count == d.total && !d.truncated)
        }
    }

    @Test func drill_meansOfTheRows_areASAAndAHT() throws {
        let f = report().figures
        let rows = drill(.answered).rows
        let waits = rows.compactMap(\.waitMs)
        #expect(Double(waits.reduce(0, +)) / Double(waits.count) == f.averageSpeedOfAnswerMs)
        #expect(Double(rows.map(\.handlingMs).reduce(0, +)) / Double(rows.count) == f.averageHandlingTimeMs)
    }

    @Test func drill_rows_describeEachCall() throws {
        let d = drill(.entered)
        #expect(d.rows.map(\.callID.rawValue) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c10"])
        let c6 = try #require(d.rows.first { $0.callID == CallID("c6") })
        #expect(c6.outcome == "answered" && c6.overflowed && c6.answeredBy == F.a9 && c6.waitMs == 65_000)
        #expect(d.rows.map(\.outcome) == ["answered", "answered", "abandoned", "abandoned", "ivr", "answered",
                                          "voicemail", "answered"])
        #expect(drill(.abandon).rows.filter(\.counted).map(\.callID.rawValue) == ["c4"])
        let limited = CallDrill.compute(metric: .entered, events: F.calls, range: F.range, site: F.northBay,
                                        nowMs: F.t0 + Self.day, rowsMax: 3)
        #expect(limited.total == 8 && limited.rows.count == 3 && limited.truncated)
    }
}
