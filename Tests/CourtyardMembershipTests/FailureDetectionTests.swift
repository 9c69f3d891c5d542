import CourtyardCRDT
import CourtyardMembership
import Testing

// MARK: - Failure detection across a simulated cluster

@Suite struct FailureDetectionTests {
    @Test func allAliveCluster_overTenMinutes_neverSuspectsAnyone() {
        var net = TestNetwork(size: 5, seed: 1)
        net.startAll()
        net.run(untilMs: 600_000)
        #expect(net.changes.allSatisfy { $0.to == .alive }, "unexpected: \(net.changes.filter { $0.to != .alive })")
        for j in net.indices {
            for i in net.indices {
                #expect(net.status(of: i, seenBy: j)?.kind == .alive)
            }
            #expect(net.instance(j).localHealthMultiplier == 0)
            #expect(net.instance(j).quorumSide == .majority)
        }
    }

    @Test func crashedNode_becomesSuspectThenUnreachableThenDown_withinTheBound() {
        var net = TestNetwork(size: 5, seed: 2)
        net.startAll()
        net.run(untilMs: 20_000)
        let victim = net.id(4)
        net.crash(4)
        let crashMs = net.nowMs
        let boundMs = net.settings.failureDetectionBoundMs(memberCount: 5)
        net.run(untilMs: crashMs + boundMs + 10_000)

        let suspectMs = net.changes(about: victim, to: .suspect).map(\.atMs).min()
        let unreachableMs = net.changes(about: victim, to: .unreachable).map(\.atMs).min()
        let downs = net.changes(about: victim, to: .down)
        #expect(suspectMs != nil && unreachableMs != nil)
        #expect(suspectMs! < unreachableMs!)
        #expect(unreachableMs! < downs.map(\.atMs).min()!)
        #expect(downs.map(\.atMs).min()! - crashMs <= boundMs)
        // Every survivor takes (or hears) the decision shortly after the first one.
        #expect(Set(downs.map(\.observer)) == Set((0..<4).map(net.id)))
        #expect(downs.map(\.atMs).max()! - crashMs <= boundMs + 3 * net.settings.probeIntervalMs)
        for j in 0..<4 { #expect(net.status(of: 4, seenBy: j) == .down) }
    }

    @Test func suspectedButAliveNode_refutesWithHigherIncarnation_andIsNeverDowned() {
        var net = TestNetwork(size: 5, seed: 3)
        net.startAll()
        net.run(untilMs: 20_000)
        net.isolate(2)
        net.run(forMs: 2_500)
        net.heal()
        net.run(forMs: 30_000)
        let victim = net.id(2)
        #expect(!net.changes(about: victim, to: .suspect).isEmpty, "the isolation should raise a suspicion")
        #expect(net.changes(about: victim, to: .unreachable).isEmpty)
        #expect(net.changes(about: victim, to: .down).isEmpty)
        for j in net.indices {
            guard case .alive(let incarnation) = net.status(of: 2, seenBy: j) else {
                Issue.record("node \(j) does not see node 2 alive"); continue
            }
            #expect(incarnation >= 1)
        }
    }

    @Test func localHealthMultiplier_risesWhileThisNodeLosesMessages_andFallsBack() {
        var net = TestNetwork(size: 5, seed: 4)
        net.startAll()
        net.run(untilMs: 20_000)
        net.isolate(0)
        var peakLHM = 0
        net.run(forMs: 7_000) { peakLHM = max(peakLHM, $0.instance(0).localHealthMultiplier) }
        #expect(peakLHM >= 2)
        #expect(peakLHM <= net.settings.localHealthMultiplierMax)
        net.heal()
        net.run(forMs: 60_000)
        #expect(net.instance(0).localHealthMultiplier == 0)
        // The healthy nodes had relays answer (nacks), so their health did not suffer.
        for j in 1..<5 { #expect(net.instance(j).localHealthMultiplier == 0) }
        for j in net.indices { #expect(net.status(of: 0, seenBy: j)?.kind == .alive) }
    }

    @Test func messageLoss_tenPercent_causesNoDowningOverFiveMinutes() {
        var net = TestNetwork(size: 5, seed: 5)
        net.lossPercent = 10
        net.startAll()
        net.run(untilMs: 300_000)
        #expect(net.changes.filter { $0.to == .down }.isEmpty)
        for j in net.indices { for i in net.indices { #expect(net.status(of: i, seenBy: j)?.isMember == true) } }
    }
}
