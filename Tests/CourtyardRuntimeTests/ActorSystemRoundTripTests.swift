import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Distributed
import Testing

/// Typed remote calls that succeed (or throw on the remote side) between nodes of an
/// in-memory cluster.
@Suite struct ActorSystemRoundTripTests {
    @Test func remoteCall_withArgumentsOfManyTypes_returnsTypedResults() async throws {
        try await TestCluster.with { c in
            try c[1].makeEcho(clock: c.clock)
            let echo = try c[0].echoProxy(on: c[1])
            #expect(try await echo.echo("厨房水龙头漏水") == "厨房水龙头漏水")
            #expect(try await echo.add(40, 2) == 42)
            let order = WorkOrderSummary(number: "NB-2026-000123", title: "电梯困人", priority: 1,
                                         tags: ["紧急"], assignee: nil)
            let result = try await echo.summarize(order, reassignTo: "王师傅")
            #expect(result == WorkOrderSummary(number: "NB-2026-000123", title: "电梯困人", priority: 1,
                                               tags: ["紧急", "已派单"], assignee: "王师傅"))
            #expect(try await echo.reversed([1, 2, 3]) == [3, 2, 1])
            #expect(try await echo.reversed([]) == [])
            #expect(try await echo.find(7) == "工单-7")
            #expect(try await echo.find(nil) == nil)
            try await echo.nothing()
        }
    }

    @Test func remoteCall_genericFunction_usesAllowedSubstitutionsOnly() async throws {
        try await TestCluster.with { c in
            try c[1].makeEcho(clock: c.clock)
            let echo = try c[0].echoProxy(on: c[1])
            #expect(try await echo.generic(7) == [7, 7])
            // String was never allowed as a substitution on the callee.
            #expect(await remoteErrorKind { _ = try await echo.generic("x") } == .decoding)
        }
    }

    @Test func siteNode_pingAndInfo_reportIdentityWallTimeUptimeAndCounts() async throws {
        try await TestCluster.with { c in
            let site = try c[0].siteProxy(on: c[1])
            let ping = try await site.ping()
            #expect(ping == SitePing(site: ReplicaID("site-b"), incarnation: 1001, wallTimeMs: march2026Ms))
            c.clock.advance(by: .seconds(90))
            let info = try await site.info()
            #expect(info.site == ReplicaID("site-b"))
            #expect(info.endpoint == c[1].identity.endpoint)
            #expect(info.uptimeMs == 90_000)
            #expect(info.counts == ["openTickets": 3, "agentsOnline": 1])
        }
    }

    @Test func resolve_ofLocalID_returnsTheLocalActorNotAProxy() async throws {
        try await TestCluster.with(nodes: 1) { c in
            let resolved = try SiteNodeActor.resolve(node: c[0].identity, using: c[0].system)
            #expect(resolved === c[0].site)
            #expect(c[0].system.localActorPaths == ["/site"])
        }
    }

    @Test func makeActor_onATakenPath_isRefused() async throws {
        try await TestCluster.with(nodes: 1) { c in
            #expect(throws: RemoteCallError.self) {
                _ = try SiteNodeActor.make(in: c[0].system, environment: c[0].environment)
            }
        }
    }

    @Test func remoteThrow_ofPlainError_surfacesAsRemoteThrewWithTypeAndMessage() async throws {
        try await TestCluster.with { c in
            try c[1].makeEcho(clock: c.clock)
            let echo = try c[0].echoProxy(on: c[1])
            let kind = await remoteErrorKind { _ = try await echo.fail("水管爆裂，无法维修") }
            guard case .remoteThrew(let type, let message) = kind else {
                Issue.record("expected remoteThrew, got \(String(describing: kind))")
                return
            }
            #expect(type.hasSuffix("PlainFailure"))
            #expect(message == "水管爆裂，无法维修")
            // The callee keeps serving after a throw.
            #expect(try await echo.add(1, 1) == 2)
        }
    }

    @Test func remoteThrow_ofAllowedCodableError_isRebuiltOnTheCaller() async throws {
        try await TestCluster.with { c in
            try c[1].makeEcho(clock: c.clock)
            let echo = try c[0].echoProxy(on: c[1])
            await #expect(throws: RepairRefused(ticket: "NB-7", reason: "无人值班")) {
                try await echo.refuse("NB-7")
            }
        }
    }

    @Test func concurrentCalls_fromManyTasks_allGetTheirOwnReplies() async throws {
        try await TestCluster.with(nodes: 3) { c in
            try c[1].makeEcho(clock: c.clock)
            try c[2].makeEcho(clock: c.clock)
            let targets = [try c[0].echoProxy(on: c[1]), try c[0].echoProxy(on: c[2])]
            let results = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
                for i in 0..<200 {
                    let echo = targets[i % 2]
                    group.addTask { (i, try await echo.add(i, 1000), try await echo.echo("call-\(i)")) }
                }
                var out: [(Int, Int, String)] = []
                for try await r in group { out.append(r) }
                return out
            }
            #expect(results.count == 200)
            for (i, sum, text) in results {
                #expect(sum == i + 1000)
                #expect(text == "call-\(i)")
            }
            #expect(c[0].system.pendingCallCount == 0)
        }
    }
}
