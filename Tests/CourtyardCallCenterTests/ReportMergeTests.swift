import CourtyardCRDT
@testable import CourtyardCallCenter
import Testing

/// `CallReport.merged` and `CallDrill.merged`: the reports of two sites' ledgers, merged,
/// equal the report computed over the union of their events (every call entirely at one
/// site), and what cannot be added is recomputed from the added counts and sums.
@Suite struct ReportMergeTests {
    typealias F = LedgerFixture
    static let day: Int64 = 86_400_000
    static let range = try! LedgerRange(fromMs: F.t0, toMs: F.t0 + 2 * day)
    static let now = F.t0 + 2 * day
    static let a8 = AgentID("a8")

    /// north-bay's ledger: the fixture's calls but c6 (which overflows to hq: its events
    /// are at two nodes), the next-day call c8, and a1's state changes.
    static var northBay: [LedgerEvent] {
        (F.calls + F.noise).filter { $0.callID != CallID("c6") && $0.callID != CallID("c9") && $0.site == F.northBay }
            + F.a1States
    }

    /// hq's ledger: h1 answered by a9 after 12 s (same caller number as north-bay's calls:
    /// FCR is per site), h2 abandoned after 30 s, h3 stays in the IVR, h4 repeats h1's
    /// caller, a8 answers h5 the next day after 40 s, h6 is answered after 2 s; a9 and a8's state changes at hq.
    static var hq: [LedgerEvent] {
        let q = QueueID("hq.main")
        return F.call("h1", site: F.hq, [(10, F.entered()), (11, .ivrNode(node: "main")), (12, .queueEntered(queue: q)),
                                         (13, .offered(agent: F.a9, sticky: false)), (24, .answered(agent: F.a9)),
                                         (84, .hungUp(by: .caller)), (84, .wrapUpStarted(agent: F.a9)),
                                         (99, .wrapUpEnded(agent: F.a9))])
            + F.call("h2", site: F.hq, [(150, F.entered("+8613700000002")), (150, .queueEntered(queue: q)),
                                         (180, .abandoned(stage: .queued, waitedMs: 30_000))])
            + F.call("h3", site: F.hq, [(250, F.entered("+8613700000003")), (251, .ivrNode(node: "main")),
                                         (252, .ivrNode(node: "hq-notices")), (270, .hungUp(by: .caller))])
            + F.call("h4", site: F.hq, [(900, F.entered()), (900, .queueEntered(queue: q)),
                                         (901, .offered(agent: F.a9, sticky: true)), (905, .answered(agent: F.a9)),
                                         (965, .hungUp(by: .agent))])
            + F.call("h5", site: F.hq, [(90_000, F.entered("+8613700000005")), (90_000, .queueEntered(queue: q)),
                                         (90_010, .offered(agent: a8, sticky: false)), (90_040, .answered(agent: a8)),
                                         (90_100, .hungUp(by: .caller))])
            + F.call("h6", site: F.hq, [(1_000, F.entered("+8613700000006")), (1_000, .queueEntered(queue: q)),
                                         (1_001, .offered(agent: F.a9, sticky: false)), (1_002, .answered(agent: F.a9)),
                                         (1_030, .hungUp(by: .caller))])
            + [F.state(F.a9, 0, .loggedOut, .available, site: F.hq), F.state(F.a9, 3_613, .available, .onCall, site: F.hq),
               F.state(F.a9, 3_699, .onCall, .available, site: F.hq), F.state(F.a9, 7_200, .available, .loggedOut, site: F.hq),
               F.state(a8, 86_000, .loggedOut, .available, site: F.hq), F.state(a8, 90_040, .available, .onCall, site: F.hq),
               F.state(a8, 90_100, .onCall, .wrapUp, site: F.hq), F.state(a8, 90_130, .wrapUp, .notReady, site: F.hq)]
    }

    func report(_ events: [LedgerEvent], site: SiteID?, settings: ReportSettings = .init()) -> CallReport {
        CallReport.compute(events: events, range: Self.range, site: site, nowMs: Self.now, settings: settings)
    }

    func merged(_ reports: [CallReport], settings: ReportSettings = .init()) -> CallReport {
        CallReport.merged(reports, range: Self.range, nowMs: Self.now, settings: settings)
    }

    // MARK: Reports

    @Test(arguments: [ReportSettings(), ReportSettings(shortAbandonMs: 0, serviceLevelThresholdMs: 11_000,
                                                       utcOffsetMinutes: -300, fcrWindowMs: 3_600_000)])
    func mergedSiteReports_equalTheReportOfTheUnionOfTheirLedgers(settings: ReportSettings) throws {
        let north = report(Self.northBay, site: F.northBay, settings: settings)
        let hq = report(Self.hq, site: F.hq, settings: settings)
        var union = report(Self.northBay + Self.hq, site: nil, settings: settings)
        #expect(north.counts.entered > 0 && hq.counts.entered > 0 && hq.counts.fcrEligible == 4)
        let both = merged([north, hq], settings: settings)
        #expect(both.sites == [F.hq, F.northBay])
        union.sites = both.sites
        #expect(both == union)
        // Order of the inputs does not matter.
        #expect(merged([hq, north], settings: settings) == both)
    }

    @Test func mergedFigures_areRecomputedFromSums_notAveragedAverages() throws {
        let north = report(Self.northBay, site: F.northBay)
        let hq = report(Self.hq, site: F.hq)
        let both = merged([north, hq])
        let c = both.counts
        #expect(c.entered == north.counts.entered + hq.counts.entered)
        #expect(c.answered == north.counts.answered + hq.counts.answered)
        let f = both.figures
        let answered = Double(c.answered)
        #expect(f.answerWaitSumMs == north.figures.answerWaitSumMs + hq.figures.answerWaitSumMs)
        #expect(try #require(f.averageSpeedOfAnswerMs) == Double(f.answerWaitSumMs) / answered)
        #expect(try #require(f.averageHandlingTimeMs) == Double(f.answeredHandlingSumMs) / answered)
        let meanOfMeans = (try #require(north.figures.averageSpeedOfAnswerMs) + (try #require(hq.figures.averageSpeedOfAnswerMs))) / 2
        #expect(f.averageSpeedOfAnswerMs != meanOfMeans, "the fixture's sites differ in size")
        #expect(f.talkMs == north.figures.talkMs + hq.figures.talkMs)
        #expect(f.longestAnswerWaitMs == max(north.figures.longestAnswerWaitMs ?? 0, hq.figures.longestAnswerWaitMs ?? 0))
        #expect(both.hourly == zip(north.hourly, hq.hourly).map { $0 + $1 })
        #expect(both.staffing.map(\.site) == [F.hq, F.northBay])
        #expect(both.ivr.first == IVRNodeHits(node: "main", hits: 5))
        #expect(both.daily.map(\.date) == ["2026-01-01", "2026-01-02"])
    }

    @Test func agentAtTwoSites_addsTimesAndCounts_occupancyRecomputed() throws {
        // a2 fails over to hq: one call and some state time there.
        let q = QueueID("hq.main")
        let hqEvents = F.call("h9", site: F.hq, [(2_000, F.entered("+8613700000009")), (2_000, .queueEntered(queue: q)),
                                                  (2_001, .offered(agent: F.a2, sticky: false)), (2_006, .answered(agent: F.a2)),
                                                  (2_066, .hungUp(by: .caller))])
            + [F.state(F.a2, 5_000, .loggedOut, .available, site: F.hq), F.state(F.a2, 5_601, .available, .onCall, site: F.hq),
               F.state(F.a2, 5_666, .onCall, .available, site: F.hq), F.state(F.a2, 6_000, .available, .loggedOut, site: F.hq)]
        let northEvents = Self.northBay
            + [F.state(F.a2, 0, .loggedOut, .available), F.state(F.a2, 3_700, .available, .onCall),
               F.state(F.a2, 3_800, .onCall, .available), F.state(F.a2, 4_000, .available, .loggedOut)]
        let north = try #require(report(northEvents, site: F.northBay).agents.first { $0.agent == F.a2 })
        let hq = try #require(report(hqEvents, site: F.hq).agents.first { $0.agent == F.a2 })
        let row = try #require(merged([report(northEvents, site: F.northBay), report(hqEvents, site: F.hq)])
            .agents.first { $0.agent == F.a2 })
        #expect(row.answered == north.answered + hq.answered && row.offers == north.offers + hq.offers)
        #expect(row.talkMs == north.talkMs + hq.talkMs)
        #expect(row.staffedMs == north.staffedMs + hq.staffedMs && row.handlingMs == north.handlingMs + hq.handlingMs)
        #expect(row.stateMs["available"] == (north.stateMs["available"] ?? 0) + (hq.stateMs["available"] ?? 0))
        #expect(try #require(row.occupancyPercent) == 100 * Double(row.handlingMs) / Double(row.staffedMs))
    }

    @Test func mergingNothing_givesAnEmptyReportOfTheRange() {
        let empty = merged([])
        var computed = report([], site: nil)
        computed.sites = []
        #expect(empty == computed)
    }

    // MARK: Drill-down lists

    @Test(arguments: CallDrillMetric.allCases)
    func mergedSiteDrills_equalTheDrillOfTheUnion(metric: CallDrillMetric) {
        func drill(_ events: [LedgerEvent], _ site: SiteID?, rowsMax: Int = CallDrill.rowsMax) -> CallDrill {
            CallDrill.compute(metric: metric, events: events, range: Self.range, site: site, nowMs: Self.now, rowsMax: rowsMax)
        }
        let parts = [drill(Self.northBay, F.northBay), drill(Self.hq, F.hq)]
        var union = drill(Self.northBay + Self.hq, nil)
        let both = CallDrill.merged(parts, metric: metric, range: Self.range)
        union.sites = [F.hq, F.northBay]
        #expect(both == union)
        // Sites that send only their first rows: the merged rows are still the union's first.
        let cut = CallDrill.merged([drill(Self.northBay, F.northBay, rowsMax: 2), drill(Self.hq, F.hq, rowsMax: 1)],
                                   metric: metric, range: Self.range)
        #expect(cut.total == union.total && cut.counted == union.counted)
        #expect(cut.rows == Array(union.rows.prefix(cut.rows.count)))
        #expect(cut.truncated == (cut.rows.count < union.total))
    }

    @Test func mergedDrill_beyondRowsMax_isTruncatedToTheEarliestRows() {
        let parts = [CallDrill.compute(metric: .entered, events: Self.northBay, range: Self.range, site: F.northBay, nowMs: Self.now),
                     CallDrill.compute(metric: .entered, events: Self.hq, range: Self.range, site: F.hq, nowMs: Self.now)]
        let all = CallDrill.merged(parts, metric: .entered, range: Self.range)
        let three = CallDrill.merged(parts, metric: .entered, range: Self.range, rowsMax: 3)
        #expect(three.rows == Array(all.rows.prefix(3)) && three.truncated && three.total == all.total)
        #expect(Set(all.rows.map(\.site)) == [F.hq, F.northBay])
    }
}
