import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
@testable import CourtyardRuntime
import Testing

// Partitions through the FaultSwitch, consistency levels, and hostile traffic.

@Suite(.serialized) struct ClusterFaultTests {
    static let sites = ["hq", "north", "south"]

    @Test func partitionViaFaultSwitch_heals_andStoresConvergeToIdenticalEventSets() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        // Cut south off from both others, both ways, on every side.
        try h["south"].faults.add(.partition(from: ReplicaID("hq")))
        try h["south"].faults.add(.partition(from: ReplicaID("north")))
        try h["hq"].faults.add(.partition(from: ReplicaID("south")))
        try h["north"].faults.add(.partition(from: ReplicaID("south")))
        try await h.createTicket(at: "south", "南区 分区期间报修")
        try await h.createTicket(at: "north", "北区 分区期间报修")
        await h.run(forMs: 3_000)
        let southIDs = await ClusterTestHarness.eventIDs(h["south"].store)
        let northIDs = await ClusterTestHarness.eventIDs(h["north"].store)
        #expect(southIDs.count == 1 && northIDs.count == 1, "nothing crosses the partition")
        #expect(h["south"].faults.counts.outboundDropped > 0)

        for site in Self.sites { h[site].faults.clear() }
        let took = await h.run(untilWithinMs: 15_000) { await h.storesConverged(count: 2) }
        #expect(took != nil, "stores did not converge after the partition healed")
        await h.stopAll()
    }

    @Test func longPartition_downsTheMinority_whichRestartsAsANewLifeAndConverges() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        for (site, others) in [("south", ["hq", "north"]), ("hq", ["south"]), ("north", ["south"])] {
            for other in others { try h[site].faults.add(.partition(from: ReplicaID(other))) }
        }
        try await h.createTicket(at: "south", "南区 孤岛期间报修")
        try await h.createTicket(at: "hq", "总部 孤岛期间报修")
        let southLife = h["south"].node.myself
        let bound = ClusterTestHarness.membershipSettings.failureDetectionBoundMs(memberCount: 3)
        #expect(await h.run(untilWithinMs: bound) {
            await h["hq"].node.members().first { $0.node == southLife }?.kind == .down
        } != nil, "the majority did not down the minority")
        #expect(await h.run(untilWithinMs: bound) { await h["south"].node.membership.quorumSide == .inMinority } != nil)

        for site in Self.sites { h[site].faults.clear() }
        #expect(await h.run(untilWithinMs: 5_000) { await h["south"].node.membership.selfStatus == .down } != nil,
                "the healed minority did not learn it is down")
        let store = h["south"].store
        await h.crash("south")
        try h.start("south", store: store)
        #expect(await h.run(untilWithinMs: 10_000) { await h.storesConverged(count: 2) } != nil,
                "the minority's writes and the majority's did not meet after the restart")
        await h.stopAll()
    }

    @Test func oneWayFaultRule_dropsOnlyThatDirection() async throws {
        let h = try ClusterTestHarness().starting(["hq", "north"])
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        try h["north"].faults.add(FaultRule(.endpoint(Endpoint(host: "hq", port: 7946)), direction: .outbound))
        await h.run(forMs: 600)
        let counts = h["north"].faults.counts
        #expect(counts.outboundDropped > 0)
        #expect(counts.inboundDropped == 0)
        await h.stopAll()
    }

    @Test func quorumWrite_isSatisfiedWithTwoOfThreeAlive_andTimesOutWithATypedErrorWhenIsolated() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        await h.crash("south")

        // Two of three alive: hq plus north's acknowledgement make a quorum.
        let ticket = try await h.createTicket(at: "hq", "总部 仲裁写入")
        let hq = h["hq"].node
        let satisfied = Task { try await hq.awaitReplication(ofTicket: ticket.id, consistency: .quorum, timeoutMs: 2_000) }
        await h.run(forMs: 500)
        #expect(try await satisfied.result.get() == ())

        // Isolate hq: nobody can acknowledge, so the wait ends at its deadline.
        try h["hq"].faults.add(.partition(from: ReplicaID("north")))
        try h["north"].faults.add(.partition(from: ReplicaID("hq")))
        let isolated = try await h.createTicket(at: "hq", "总部 孤立写入")
        let timedOut = Task { try await hq.awaitReplication(ofTicket: isolated.id, consistency: .quorum, timeoutMs: 1_000) }
        await h.run(forMs: 1_200)
        let error = await #expect(throws: ReplicationWaitError.self) { try await timedOut.value }
        #expect(error?.kind == .timedOut)
        #expect(error?.acksNeeded == 1)
        // The write itself stands locally.
        #expect(try await h["hq"].store.ticket(isolated.id) != nil)

        // Once hq finds itself alone with two unreachable members, it refuses at once.
        let bound = ClusterTestHarness.membershipSettings.failureDetectionBoundMs(memberCount: 3)
        #expect(await h.run(untilWithinMs: bound) { await hq.membership.quorumSide == .inMinority } != nil)
        let refused = await #expect(throws: ReplicationWaitError.self) {
            try await hq.awaitReplication(ofTicket: isolated.id, consistency: .quorum, timeoutMs: 1_000)
        }
        #expect(refused?.kind == .inMinority)
        try await hq.awaitReplication(ofTicket: isolated.id, consistency: .local, timeoutMs: 1_000)
        await h.stopAll()
    }

    @Test func awaitReplication_refusesUnknownEventsAndBadTimeouts() async throws {
        let h = try ClusterTestHarness().starting(["hq"])
        await h.run(forMs: 100)
        let stranger = EventID(hlc: HLCTimestamp(wallMs: 5, logical: 0), origin: ReplicaID("north"))
        let hq = h["hq"].node
        let unknown = await #expect(throws: ReplicationWaitError.self) {
            try await hq.awaitReplication(of: [stranger], consistency: .quorum, timeoutMs: 1_000)
        }
        #expect(unknown?.kind == .unknownEvents)
        let bad = await #expect(throws: ReplicationWaitError.self) {
            try await hq.awaitReplication(of: [stranger], consistency: .all, timeoutMs: 0)
        }
        #expect(bad?.kind == .invalidRequest)
        await h.stopAll()
    }

    @Test func unknownWireTypes_areCountedAndIgnored() async throws {
        let h = try ClusterTestHarness().starting(["hq", "north"])
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        let hq = h["hq"].node
        let north = h["north"].node.myself
        let stranger = PeerIdentity(site: north.site, endpoint: north.endpoint, incarnation: north.incarnation)
        try h.network.deliver(WireMessage(type: "recording.chunk", payload: [1, 2, 3]), from: stranger,
                              to: hq.myself.endpoint, lane: .bulk)
        try h.network.deliver(WireMessage(type: "membership.ping", payload: Array("not json".utf8)), from: stranger,
                              to: hq.myself.endpoint, lane: .control)
        await h.run(forMs: 100)
        #expect(hq.dispatchStats.unknownType == 1)
        #expect(await hq.membership.stats.rejected == 1)
        #expect(await h.run(untilWithinMs: 1_000) { await h.allSeeEachOther() } == 0, "the cluster is unaffected")
        await h.stopAll()
    }
}
