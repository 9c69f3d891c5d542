import CourtyardCallCenter
import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Testing

/// The all-sites call report over the cluster actor system (in-memory network): every
/// site's `SiteNodeActor.callReport`/`callDrill` from its own ledger, merged by the asking
/// node; a site named explicitly is answered by its node; a site that does not answer is
/// reported missing, never silently left out.
@Suite struct CallReportGathererTests {
    static let hour: Int64 = 3_600_000
    static let range = try! LedgerRange(fromMs: march2026Ms - 24 * hour, toMs: march2026Ms)

    /// Three answered calls at site-a (waits 10, 20, 30 s), two at site-b (one answered
    /// after 40 s, one abandoned after 60 s); each site's ledger holds only its own calls.
    static func events(_ site: ReplicaID) -> [LedgerEvent] {
        let queue = QueueID("main"), agent = AgentID(site == ReplicaID("site-a") ? "ann" : "bob")
        func call(_ n: Int, wait: Int64, answered: Bool = true) -> [LedgerEvent] {
            let id = CallID("\(site.rawValue)-\(n)"), at = march2026Ms - 2 * hour + Int64(n) * 600_000
            let entered = LedgerEventBody.callEntered(caller: "+861380000000\(n)", dialled: "4008101234")
            var e = [LedgerEvent(site: site, atMs: at, callID: id, body: entered),
                     LedgerEvent(site: site, atMs: at, callID: id, body: .queueEntered(queue: queue))]
            if answered {
                e += [LedgerEvent(site: site, atMs: at + wait, callID: id, body: .answered(agent: agent)),
                      LedgerEvent(site: site, atMs: at + wait + 60_000, callID: id, body: .hungUp(by: .caller))]
            } else {
                e.append(LedgerEvent(site: site, atMs: at + wait, callID: id, body: .abandoned(stage: .queued, waitedMs: wait)))
            }
            return e
        }
        if site == ReplicaID("site-a") { return call(1, wait: 10_000) + call(2, wait: 20_000) + call(3, wait: 30_000) }
        return call(1, wait: 40_000) + call(2, wait: 60_000, answered: false)
    }

    static func ledgers() async throws -> [ReplicaID: InMemoryCallLedgerStore] {
        var out: [ReplicaID: InMemoryCallLedgerStore] = [:]
        for site in [ReplicaID("site-a"), ReplicaID("site-b")] {
            let store = InMemoryCallLedgerStore()
            try await store.append(events(site))
            out[site] = store
        }
        return out
    }

    static func gatherer(_ c: TestCluster, node i: Int, ledgers: [ReplicaID: InMemoryCallLedgerStore],
                         down: Set<Int> = []) -> CallReportGatherer {
        let members = DashboardGathererTests.members(c, down: down)
        let me = c[i].identity.site
        return CallReportGatherer(local: SiteCallReporter(site: me, ledger: ledgers[me]!),
                                  peers: ClusterSnapshotPeers(system: c[i].system) { members })
    }

    static var request: SiteReportRequest { SiteReportRequest(range: range, nowMs: march2026Ms, settings: ReportSettings()) }

    @Test func allSites_onEitherNode_mergesBothLedgers_andDrillListsCallsOfBoth() async throws {
        let ledgers = try await Self.ledgers()
        try await TestCluster.with(nodes: 2, reports: { SiteCallReporter(site: $0, ledger: ledgers[$0]!) }) { c in
            for i in 0..<2 {
                let report = try await Self.gatherer(c, node: i, ledgers: ledgers).report(Self.request)
                #expect(report.sites == [ReplicaID("site-a"), ReplicaID("site-b")])
                #expect(report.missingSites == [])
                #expect(report.counts.entered == 5 && report.counts.answered == 4 && report.counts.abandoned == 1)
                #expect(report.figures.averageSpeedOfAnswerMs == 25_000, "(10 + 20 + 30 + 40) s / 4")
                #expect(report.agents.map(\.agent) == [AgentID("ann"), AgentID("bob")])
                #expect(report.staffing.map(\.site) == [ReplicaID("site-a"), ReplicaID("site-b")])
                let union = CallReport.compute(events: Self.events(ReplicaID("site-a")) + Self.events(ReplicaID("site-b")),
                                               range: Self.range, site: nil, nowMs: march2026Ms)
                #expect(report.counts == union.counts && report.figures == union.figures && report.daily == union.daily)

                let drill = try await Self.gatherer(c, node: i, ledgers: ledgers)
                    .drill(Self.request, metric: .answered, localRowsMax: CallDrill.rowsMax, rowsMax: CallDrill.rowsMax)
                #expect(drill.total == 4 && !drill.truncated && drill.missingSites == [])
                #expect(Set(drill.rows.map(\.site)) == [ReplicaID("site-a"), ReplicaID("site-b")])
                #expect(drill.rows.map(\.enteredAtMs) == drill.rows.map(\.enteredAtMs).sorted())
            }
        }
    }

    @Test func namedSite_isAnsweredByThatSitesNode() async throws {
        let ledgers = try await Self.ledgers()
        try await TestCluster.with(nodes: 2, reports: { SiteCallReporter(site: $0, ledger: ledgers[$0]!) }) { c in
            let gatherer = Self.gatherer(c, node: 0, ledgers: ledgers)
            let b = try await gatherer.report(of: ReplicaID("site-b"), Self.request)
            let expected = CallReport.compute(events: Self.events(ReplicaID("site-b")), range: Self.range,
                                              site: ReplicaID("site-b"), nowMs: march2026Ms)
            #expect(b == expected && b.counts.entered == 2)
            let drill = try await gatherer.drill(of: ReplicaID("site-b"), Self.request, metric: .abandon)
            #expect(drill.rows.map(\.callID) == [CallID("site-b-1"), CallID("site-b-2")] && drill.counted == 1)
        }
    }

    @Test func siteThatDoesNotAnswer_isReportedMissing_andNamingItFails() async throws {
        let ledgers = try await Self.ledgers()
        try await TestCluster.with(nodes: 2, reports: { SiteCallReporter(site: $0, ledger: ledgers[$0]!) }) { c in
            let gatherer = Self.gatherer(c, node: 0, ledgers: ledgers)
            c.network.crash(c[1].identity.endpoint)
            let asked = Task { try await gatherer.report(Self.request) }
            await c.clock.waitForSleepers(1)  // the call to site-b waits for its deadline
            c.clock.advance(by: .milliseconds(1_500))
            let report = try await asked.value
            #expect(report.sites == [ReplicaID("site-a")] && report.counts.entered == 3)
            let missing = try #require(report.missingSites?.first)
            #expect(report.missingSites?.count == 1 && missing.site == ReplicaID("site-b"))
            #expect(missing.reason.contains("timeout"), "\(missing.reason)")

            let named = Task { () -> SiteReportUnavailable? in
                do {
                    _ = try await gatherer.report(of: ReplicaID("site-b"), Self.request)
                    return nil
                } catch let gap as SiteReportUnavailable {
                    return gap
                }
            }
            await c.clock.waitForSleepers(1)
            c.clock.advance(by: .milliseconds(1_500))
            let gap = try #require(await named.value)
            #expect(gap.site == ReplicaID("site-b") && !gap.failed)
        }
    }

    @Test func siteDeclaredDown_isMissingWithoutACall() async throws {
        let ledgers = try await Self.ledgers()
        try await TestCluster.with(nodes: 2, reports: { SiteCallReporter(site: $0, ledger: ledgers[$0]!) }) { c in
            let delivered = c.network.statistics.delivered
            let report = try await Self.gatherer(c, node: 0, ledgers: ledgers, down: [1]).report(Self.request)
            #expect(report.missingSites == [MissingSite(site: ReplicaID("site-b"), reason: "no node of site site-b is up")])
            #expect(c.network.statistics.delivered == delivered)
        }
    }

    @Test func siteWithoutReports_failsItsPart_reportedMissing() async throws {
        let ledgers = try await Self.ledgers()
        try await TestCluster.with(nodes: 2, reports: { $0 == ReplicaID("site-a") ? SiteCallReporter(site: $0, ledger: ledgers[$0]!) : nil }) { c in
            let gatherer = Self.gatherer(c, node: 0, ledgers: ledgers)
            let report = try await gatherer.report(Self.request)
            #expect(report.missingSites?.map(\.site) == [ReplicaID("site-b")])
            #expect(report.missingSites?.first?.reason.contains("does not provide call reports") == true)
            await #expect(throws: SiteReportUnavailable.self) { _ = try await gatherer.report(of: ReplicaID("site-b"), Self.request) }
        }
    }

    @Test func badRequest_fromAPeer_isRefused() async throws {
        var request = Self.request
        request.rowsMax = SiteReportRequest.rowsMaxRemote + 1
        #expect(throws: SiteReportError.self) { _ = try request.validated() }
        request = Self.request
        request.settings.serviceLevelTarget = 2
        #expect(throws: SiteReportError.self) { _ = try request.validated() }
        request = Self.request
        request.toMs = request.fromMs + 400 * 24 * Self.hour
        #expect(throws: SiteReportError.self) { _ = try request.validated() }
    }
}
