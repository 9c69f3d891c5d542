import CourtyardCallCenter
import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Synchronization
import Testing

/// The HQ dashboard's gathering over the cluster actor system (in-memory network): every
/// site's `SiteNodeActor.snapshot()`, a deadline per call, and a site that stops answering
/// keeps its last known snapshot, marked unreachable.
@Suite struct DashboardGathererTests {
    /// Waiting calls each site reports (tests change them between gatherings).
    final class Figures: Sendable {
        let waiting = Mutex<[ReplicaID: Int]>([:])
        func snapshot(_ site: ReplicaID) -> SiteSnapshot {
            SiteSnapshot(site: site, takenAtMs: march2026Ms, waitingCalls: waiting.withLock { $0[site] ?? 0 },
                         serviceLevel: TodayServiceLevel(dayStartMs: march2026Ms, thresholdMs: 20_000))
        }
    }

    static func members(_ c: TestCluster, down: Set<Int> = []) -> [MemberInfo] {
        c.nodes.enumerated().map { i, n in
            MemberInfo(node: NodeID(site: n.identity.site, endpoint: n.identity.endpoint, incarnation: n.identity.incarnation),
                       status: down.contains(i) ? .down : .alive(incarnation: 0))
        }
    }

    static func gatherer(_ c: TestCluster, figures: Figures, down: Set<Int> = []) -> DashboardGatherer {
        let members = members(c, down: down)
        let me = c[0].identity.site
        return DashboardGatherer(site: me, local: { figures.snapshot(me) },
                                 peers: ClusterSnapshotPeers(system: c[0].system) { members },
                                 settings: .init(callTimeoutMs: 1_500), environment: c[0].environment)
    }

    @Test func gather_everySiteAnswers_allTilesReachableWithTheirFigures() async throws {
        let figures = Figures()
        figures.waiting.withLock { $0 = [ReplicaID("site-a"): 1, ReplicaID("site-b"): 2, ReplicaID("site-c"): 3] }
        try await TestCluster.with(nodes: 3, snapshot: { figures.snapshot($0) }) { c in
            let gatherer = Self.gatherer(c, figures: figures)
            await gatherer.refresh()
            let tiles = await gatherer.board(maxAgeMs: .max).tiles.board(nowMs: march2026Ms, detail: false)
            #expect(tiles.map(\.site.rawValue) == ["site-a", "site-b", "site-c"])
            #expect(tiles.map(\.reachable) == [true, true, true])
            #expect(tiles.map { $0.snapshot?.waitingCalls } == [1, 2, 3])
        }
    }

    @Test func gather_siteStopsAnswering_keepsLastKnownFigures_markedUnreachable() async throws {
        let figures = Figures()
        figures.waiting.withLock { $0 = [ReplicaID("site-b"): 2, ReplicaID("site-c"): 7] }
        try await TestCluster.with(nodes: 3, snapshot: { figures.snapshot($0) }) { c in
            let gatherer = Self.gatherer(c, figures: figures)
            await gatherer.refresh()
            c.wall.advance(byMs: 10_000)
            figures.waiting.withLock { $0[ReplicaID("site-b")] = 4; $0[ReplicaID("site-c")] = 99 }
            c.network.crash(c[2].identity.endpoint)

            let refresh = Task { await gatherer.refresh() }
            await c.clock.waitForSleepers(1)  // the call to site-c waits for its deadline
            c.clock.advance(by: .milliseconds(1_500))
            await refresh.value

            let tiles = await gatherer.board(maxAgeMs: .max).tiles.board(nowMs: march2026Ms + 12_000, detail: false)
            let b = try #require(tiles.first { $0.site == ReplicaID("site-b") })
            let cc = try #require(tiles.first { $0.site == ReplicaID("site-c") })
            #expect(b.reachable && b.snapshot?.waitingCalls == 4)
            #expect(!cc.reachable)
            #expect(cc.snapshot?.waitingCalls == 7, "the last known figures stay on the tile")
            #expect(cc.updatedAtMs == march2026Ms && cc.ageMs == 12_000)
            #expect(cc.error?.contains("timeout") == true || cc.error?.contains("timed out") == true, "\(cc.error ?? "")")
        }
    }

    @Test func gather_siteMembershipDeclaredDown_isUnreachableWithoutACall() async throws {
        let figures = Figures()
        try await TestCluster.with(nodes: 3, snapshot: { figures.snapshot($0) }) { c in
            let gatherer = Self.gatherer(c, figures: figures, down: [1])
            let delivered = c.network.statistics.delivered
            await gatherer.refresh()
            let tiles = await gatherer.board(maxAgeMs: .max).tiles.board(nowMs: march2026Ms, detail: false)
            #expect(tiles.map(\.reachable) == [true, false, true])
            #expect(tiles[1].snapshot == nil && tiles[1].error?.contains("no node of site site-b is up") == true)
            #expect(c.network.statistics.delivered - delivered == 2, "one call and one reply, to site-c only")
        }
    }

    @Test func gather_siteNoLongerAMember_isMarkedUnreachable_keepingItsLastFigures() async throws {
        let figures = Figures()
        figures.waiting.withLock { $0 = [ReplicaID("site-b"): 5] }
        try await TestCluster.with(nodes: 2, snapshot: { figures.snapshot($0) }) { c in
            let members = Mutex(Self.members(c))
            let me = c[0].identity.site
            let gatherer = DashboardGatherer(site: me, local: { figures.snapshot(me) },
                                             peers: ClusterSnapshotPeers(system: c[0].system) { members.withLock { $0 } },
                                             environment: c[0].environment)
            await gatherer.refresh()
            members.withLock { _ = $0.removeLast() }  // site-b is forgotten (pruned after it left)
            await gatherer.refresh()
            let tiles = await gatherer.board(maxAgeMs: .max).tiles.board(nowMs: march2026Ms, detail: false)
            #expect(tiles.map(\.reachable) == [true, false])
            #expect(tiles[1].snapshot?.waitingCalls == 5)
            #expect(tiles[1].error?.contains("no longer a member") == true)
        }
    }
}
