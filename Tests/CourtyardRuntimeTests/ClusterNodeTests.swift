import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
@testable import CourtyardRuntime
import Testing

// Scenarios of three real nodes (hq, north, south) over the in-memory network, driven by
// the manual clock: no sleeps, time moves in 20 ms steps.

@Suite(.serialized) struct ClusterNodeTests {
    static let sites = ["hq", "north", "south"]

    @Test func threeNodes_joinThroughTheSeed_allSeeEachOtherAlive() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        let took = await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() }
        #expect(took != nil, "members did not all see each other within 5 s")
        let members = await h["north"].node.members()
        #expect(members.map(\.site.rawValue) == ["hq", "north", "south"])
        #expect(members.allSatisfy { $0.kind == .alive && $0.endpoint.port == 7946 })
        await h.stopAll()
    }

    @Test func ticketsCreatedOnEachNode_convergeOnAllThreeStores() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        for site in Self.sites {
            try await h.createTicket(at: site, "\(site) 厨房水龙头漏水")
            try await h.createTicket(at: site, "\(site) 电梯停运")
        }
        let took = await h.run(untilWithinMs: 3_000) { await h.storesConverged(count: 6) }
        #expect(took != nil, "stores did not converge")
        let page = try await h["south"].store.tickets(TicketQuery())
        #expect(page.total == 6)
        #expect(Set(page.tickets.map(\.created.site.rawValue)) == Set(Self.sites))
        await h.stopAll()
    }

    @Test func crashedNode_isDeclaredDownWithinTheBound_andWritesContinue() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        let south = h["south"].node.myself
        await h.crash("south")
        let bound = ClusterTestHarness.membershipSettings.failureDetectionBoundMs(memberCount: 3)
        let took = await h.run(untilWithinMs: bound) {
            for site in ["hq", "north"] {
                let status = await h[site].node.members().first { $0.node == south }?.kind
                if status != .down { return false }
            }
            return true
        }
        #expect(took != nil, "south was not declared down within \(bound) ms")
        #expect((took ?? 0) >= ClusterTestHarness.membershipSettings.suspicionTimeoutMinMs,
                "down before any suspicion could expire")
        try await h.createTicket(at: "north", "停电")
        try await h.createTicket(at: "hq", "门禁故障")
        #expect(await h.run(untilWithinMs: 3_000) { await h.storesConverged(count: 2) } != nil)
        await h.stopAll()
    }

    @Test func restartedNode_rejoinsAsANewLife_andCatchesUpOnMissedTickets() async throws {
        let h = try ClusterTestHarness().starting(Self.sites)
        #expect(await h.run(untilWithinMs: 5_000) { await h.allSeeEachOther() } != nil)
        try await h.createTicket(at: "north", "北区 水管爆裂")
        #expect(await h.run(untilWithinMs: 3_000) { await h.storesConverged(count: 1) } != nil)
        let northStore = h["north"].store
        let oldLife = h["north"].node.myself
        await h.crash("north")
        try await h.createTicket(at: "hq", "总部 空调不制冷")
        try await h.createTicket(at: "south", "南区 路灯不亮")
        await h.run(forMs: 1_000)

        let restarted = try h.start("north", store: northStore)
        #expect(restarted.node.myself.incarnation != oldLife.incarnation)
        #expect(await h.run(untilWithinMs: 8_000) { await h.allSeeEachOther() } != nil)
        let old = await h["hq"].node.members().first { $0.node == oldLife }
        #expect(old == nil || old?.kind == .down, "the old life must not come back")
        #expect(await h.run(untilWithinMs: 5_000) { await h.storesConverged(count: 3) } != nil,
                "the restarted node did not catch up")
        // Its own writes after the restart replicate too, and its numbers continue.
        let ticket = try await h.createTicket(at: "north", "北区 电梯困人")
        #expect(ticket.created.number.sequence == 2)
        #expect(await h.run(untilWithinMs: 3_000) { await h.storesConverged(count: 4) } != nil)
        await h.stopAll()
    }
}
