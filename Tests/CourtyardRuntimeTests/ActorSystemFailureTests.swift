import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Distributed
import Testing

/// Calls that cannot succeed: deadlines, down nodes, cancellation, bounds, unknown ids.
@Suite struct ActorSystemFailureTests {
    // MARK: Deadlines

    @Test func call_toCrashedNode_timesOutExactlyAtTheDeadline() async throws {
        try await TestCluster.with { c in
            try c[1].makeEcho(clock: c.clock)
            let echo = try c[0].echoProxy(on: c[1])
            c.network.crash(c[1].identity.endpoint)
            let call = Task { await remoteErrorKind { _ = try await echo.echo("有人吗") } }
            await c.clock.waitForSleepers(1)
            c.clock.advance(by: .milliseconds(4_999))
            #expect(c.clock.sleeperCount == 1, "the 5 s deadline must not fire early")
            #expect(c[0].system.pendingCallCount == 1)
            c.clock.advance(by: .milliseconds(1))
            #expect(await call.value == .timeout)
            #expect(c[0].system.pendingCallCount == 0)
        }
    }

    @Test func withCallTimeout_overridesTheDefaultDeadline() async throws {
        try await TestCluster.with { c in
            let site = try c[0].siteProxy(on: c[1])
            c.network.crash(c[1].identity.endpoint)
            let call = Task {
                await ClusterActorSystem.withCallTimeout(.milliseconds(200)) {
                    await remoteErrorKind { _ = try await site.ping() }
                }
            }
            await c.clock.waitForSleepers(1)
            c.clock.advance(by: .milliseconds(200))
            #expect(await call.value == .timeout)
        }
    }

    // MARK: Down nodes

    @Test func call_toNodeMarkedDown_failsAtOnceWithoutSending() async throws {
        try await TestCluster.with { c in
            let site = try c[0].siteProxy(on: c[1])
            let sentBefore = c.network.statistics.delivered
            c[0].system.markDown(c[1].identity.endpoint)
            #expect(await remoteErrorKind { _ = try await site.ping() } == .nodeDown)
            #expect(c.network.statistics.delivered == sentBefore)
            #expect(c.clock.sleeperCount == 0)
            c[0].system.markUp(c[1].identity.endpoint)
            #expect(try await site.ping().site == ReplicaID("site-b"))
        }
    }

    @Test func pendingCalls_toNodeThatGoesDown_failAtOnce() async throws {
        try await TestCluster.with(nodes: 3) { c in
            try c[1].makeEcho(clock: c.clock)
            try c[2].makeEcho(clock: c.clock)
            let onB = try c[0].echoProxy(on: c[1])
            let onC = try c[0].echoProxy(on: c[2])
            let first = Task { await remoteErrorKind { _ = try await onB.hang() } }
            let second = Task { await remoteErrorKind { _ = try await onB.hang() } }
            let other = Task { await remoteErrorKind { _ = try await onC.hang() } }
            // Three caller deadlines and three hanging callees.
            await c.clock.waitForSleepers(6)
            c[0].system.markDown(c[1].identity.endpoint)
            #expect(await first.value == .nodeDown)
            #expect(await second.value == .nodeDown)
            #expect(c[0].system.pendingCallCount == 1, "the call to c is not affected")
            other.cancel()
            _ = await other.value
        }
    }

    // MARK: Cancellation and bounds

    @Test func cancellingTheCaller_failsWithCancellationErrorAndFreesTheSlot() async throws {
        try await TestCluster.with { c in
            let site = try c[0].siteProxy(on: c[1])
            c.network.crash(c[1].identity.endpoint)
            let call = Task { try await site.ping() }
            await c.clock.waitForSleepers(1)
            #expect(c[0].system.pendingCallCount == 1)
            call.cancel()
            await #expect(throws: CancellationError.self) { _ = try await call.value }
            #expect(c[0].system.pendingCallCount == 0)
            #expect(c.clock.sleeperCount == 0, "the deadline timer is gone too")
        }
    }

    @Test func pendingCallsBound_refusesTheCallBeyondIt() async throws {
        try await TestCluster.with(settings: ClusterActorSystemSettings(pendingCallsMax: 2)) { c in
            let site = try c[0].siteProxy(on: c[1])
            c.network.crash(c[1].identity.endpoint)
            let calls = [Task { try await site.ping() }, Task { try await site.ping() }]
            await c.clock.waitForSleepers(2)
            #expect(await remoteErrorKind { _ = try await site.ping() } == .tooManyPending)
            calls.forEach { $0.cancel() }
            for call in calls { _ = await call.result }
            #expect(c[0].system.pendingCallCount == 0)
            c.network.recover(c[1].identity.endpoint)
            #expect(try await site.ping().incarnation == 1001, "slots are free again")
        }
    }

    @Test func inboundCallsBound_answersTheCallBeyondItWithBackpressure() async throws {
        try await TestCluster.with(settings: ClusterActorSystemSettings(inboundCallsMax: 1)) { c in
            try c[1].makeEcho(clock: c.clock)
            let echo = try c[0].echoProxy(on: c[1])
            let busy = Task { await remoteErrorKind { _ = try await echo.hang() } }
            // The caller's deadline and the hanging callee.
            await c.clock.waitForSleepers(2)
            #expect(await remoteErrorKind { _ = try await echo.add(1, 2) } == .backpressure)
            busy.cancel()
            _ = await busy.value
        }
    }

    // MARK: Unknown ids and targets

    @Test func call_toPathWithNoActor_failsWithUnknownActor() async throws {
        try await TestCluster.with { c in
            let echo = try c[0].echoProxy(on: c[1])
            #expect(await remoteErrorKind { _ = try await echo.echo("x") } == .unknownActor)
        }
    }

    @Test func call_toOldIncarnation_failsWithUnknownActor() async throws {
        try await TestCluster.with { c in
            var old = c[1].identity
            old.incarnation = 999
            let site = try SiteNodeActor.resolve(node: old, using: c[0].system)
            #expect(await remoteErrorKind { _ = try await site.ping() } == .unknownActor)
        }
    }

    @Test func call_ofAnotherActorTypesTarget_failsWithUnknownTarget() async throws {
        try await TestCluster.with { c in
            // An EchoActor proxy whose id names b's SiteNodeActor.
            let wrong = try EchoActor.resolve(id: c[0].system.id(of: SiteNodeActor.path, on: c[1].identity),
                                              using: c[0].system)
            #expect(await remoteErrorKind { _ = try await wrong.add(1, 2) } == .unknownTarget)
            #expect(try await c[0].siteProxy(on: c[1]).ping().incarnation == 1001)
        }
    }

    @Test func call_toEndpointWithNoNode_failsWithUnreachable() async throws {
        try await TestCluster.with(nodes: 1) { c in
            let nowhere = PeerIdentity(site: ReplicaID("ghost"), endpoint: Endpoint(host: "nowhere", port: 1), incarnation: 1)
            let site = try SiteNodeActor.resolve(node: nowhere, using: c[0].system)
            #expect(await remoteErrorKind { _ = try await site.ping() } == .unreachable)
            #expect(c[0].system.pendingCallCount == 0)
        }
    }

    @Test func resolve_ofUnknownLocalPath_throwsUnknownActor() async throws {
        try await TestCluster.with(nodes: 1) { c in
            #expect(throws: RemoteCallError(.unknownActor, "no actor at \(c[0].system.id(of: "/nope", on: c[0].identity))")) {
                _ = try SiteNodeActor.resolve(id: c[0].system.id(of: "/nope", on: c[0].identity), using: c[0].system)
            }
        }
    }
}
