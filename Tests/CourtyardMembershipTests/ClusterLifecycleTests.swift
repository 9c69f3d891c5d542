import CourtyardCRDT
import CourtyardMembership
import Testing

// MARK: - Join, leave, restart, partition and healing

@Suite struct ClusterLifecycleTests {
    @Test func joinViaSeed_everyNodeLearnsEveryOther() {
        var net = TestNetwork(size: 6, seed: 10)
        net.startAll()
        net.run(untilMs: 10_000)
        for j in net.indices {
            for i in net.indices { #expect(net.status(of: i, seenBy: j)?.kind == .alive, "n\(j) on n\(i)") }
        }
    }

    @Test func gracefulLeave_isRecordedAsLeft_notDown() {
        var net = TestNetwork(size: 4, seed: 11)
        net.startAll()
        net.run(untilMs: 15_000)
        net.leave(3)
        net.crash(3) // the process exits after leaving
        net.run(forMs: 60_000)
        let leaver = net.id(3)
        #expect(net.changes(about: leaver, to: .down).isEmpty)
        #expect(net.changes(about: leaver, to: .suspect).isEmpty)
        for j in 0..<3 { #expect(net.status(of: 3, seenBy: j) == .left) }
        #expect(net.instance(3).selfStatus == .left)
    }

    @Test func restartOnSameEndpoint_newLifeReplacesTheOld() {
        var net = TestNetwork(size: 4, seed: 12)
        net.startAll()
        net.run(untilMs: 15_000)
        let oldLife = net.id(3)
        net.crash(3)
        net.run(forMs: 500)
        net.restart(3)
        let newLife = net.id(3)
        #expect(oldLife.endpoint == newLife.endpoint && oldLife != newLife)
        net.run(forMs: 20_000)
        for j in 0..<3 {
            #expect(net.instance(j).status(of: oldLife) == .down)
            #expect(net.instance(j).status(of: newLife)?.kind == .alive)
        }
        // Replaced at once, not after a suspicion timed out.
        #expect(net.changes(about: oldLife, to: .unreachable).isEmpty)
        #expect(net.instance(3).status(of: oldLife) == .down)
    }

    @Test func partitionTwoFromThree_majorityDownsMinority_minorityDownsNobody() {
        var net = TestNetwork(size: 5, seed: 13)
        net.startAll()
        net.run(untilMs: 20_000)
        net.partition([3, 4], from: [0, 1, 2])
        net.run(forMs: 60_000)
        for j in 0...2 {
            #expect(net.status(of: 3, seenBy: j) == .down)
            #expect(net.status(of: 4, seenBy: j) == .down)
            #expect(net.instance(j).quorumSide == .majority)
        }
        let minority = Set([net.id(3), net.id(4)])
        #expect(net.changes.filter { minority.contains($0.observer) && $0.to == .down }.isEmpty)
        for j in 3...4 {
            #expect(net.instance(j).quorumSide == .inMinority)
            #expect(net.quorumReports.contains { $0.node == j && $0.side == .inMinority })
            for i in 0...2 { #expect(net.status(of: i, seenBy: j)?.kind == .unreachable) }
        }
    }

    @Test func healedPartition_pushPullTellsMinorityItIsDown_andRestartedNodesConverge() {
        var net = TestNetwork(size: 5, seed: 14)
        net.startAll()
        net.run(untilMs: 20_000)
        net.partition([3, 4], from: [0, 1, 2])
        net.run(forMs: 60_000)
        net.heal()
        net.run(forMs: 2 * net.settings.pushPullIntervalMs)
        #expect(net.instance(3).selfStatus == .down)
        #expect(net.instance(4).selfStatus == .down)
        #expect(net.instance(0).view == net.instance(1).view)
        #expect(net.instance(1).view == net.instance(2).view)
        // The shell restarts downed nodes as new lives; then every view agrees.
        net.restart(3)
        net.restart(4, seed: 1)
        net.run(forMs: 2 * net.settings.pushPullIntervalMs)
        let reference = net.instance(0).view
        for j in net.indices { #expect(net.instance(j).view == reference, "view of n\(j)") }
        #expect(reference.filter { $0.status.kind == .alive }.count == 5)
        #expect(reference.filter { $0.status.kind == .down }.count == 2)
    }

    @Test func partitionHealedBeforeDecision_viewsConvergeAllAlive() {
        var net = TestNetwork(size: 5, seed: 15)
        net.startAll()
        net.run(untilMs: 20_000)
        net.partition([3, 4], from: [0, 1, 2])
        net.run(forMs: 8_000)
        net.heal()
        net.run(forMs: 2 * net.settings.pushPullIntervalMs)
        #expect(net.changes.filter { $0.to == .down }.isEmpty)
        let reference = net.instance(0).view
        for j in net.indices { #expect(net.instance(j).view == reference) }
        #expect(reference.allSatisfy { $0.status.kind == .alive })
    }
}
