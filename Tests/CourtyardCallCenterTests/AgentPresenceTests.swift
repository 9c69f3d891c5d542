@testable import CourtyardCallCenter
import CourtyardCRDT
import PropertyBased
import Testing

@Suite struct AgentPresenceTests {
    static let sites = [SiteID("hq"), SiteID("north-bay"), SiteID("south-park")]

    static let record = zip(Gen.int(in: 0...3), Gen.int(in: 0...2), Gen.int(in: 0...6), Gen.int64(in: 0...3),
                            Gen.int(in: 0...2)).map { v, s, k, lease, r in
        PresenceRecord(agent: AgentID("a1"), site: sites[s], state: AgentStateKind.allCases[k],
                       reason: r == 0 ? nil : "reason\(r)", version: UInt64(v), leaseExpiresMs: lease * 1_000)
    }

    @Test func merge_isCommutative() async {
        await propertyCheck(input: Self.record, Self.record) { a, b in
            #expect(a.merged(with: b) == b.merged(with: a))
        }
    }

    @Test func merge_isAssociative() async {
        await propertyCheck(input: Self.record, Self.record, Self.record) { a, b, c in
            #expect(a.merged(with: b).merged(with: c) == a.merged(with: b.merged(with: c)))
        }
    }

    @Test func merge_isIdempotent() async {
        await propertyCheck(input: Self.record, Self.record) { a, b in
            #expect(a.merged(with: a) == a)
            #expect(a.merged(with: b).merged(with: b) == a.merged(with: b))
        }
    }

    @Test func boards_convergeWhateverTheDeliveryOrder() async {
        await propertyCheck(input: Self.record.array(of: 1...8)) { records in
            var forward = PresenceBoard(), backward = PresenceBoard()
            for r in records { forward.merge(r) }
            for r in records.reversed() { backward.merge(r) }
            #expect(forward == backward)
        }
    }

    @Test func higherVersionWins_thenSiteBreaksTies() {
        let old = PresenceRecord(agent: AgentID("a1"), site: SiteID("north-bay"), state: .available, version: 5, leaseExpiresMs: 10)
        let newer = PresenceRecord(agent: AgentID("a1"), site: SiteID("hq"), state: .onCall, version: 6, leaseExpiresMs: 10)
        #expect(old.merged(with: newer) == newer)
        let tie = PresenceRecord(agent: AgentID("a1"), site: SiteID("hq"), state: .onCall, version: 5, leaseExpiresMs: 10)
        #expect(old.merged(with: tie) == old, "north-bay > hq at the same version")
    }

    @Test func expiredLease_readsAsUnknown_andIsNotRouted() {
        var board = PresenceBoard()
        board.merge(PresenceRecord(agent: AgentID("a1"), site: SiteID("hq"), state: .available, version: 1,
                                   leaseExpiresMs: 15_000, skills: [SkillLevel(repairs, level: 1)], idleSinceMs: 0))
        #expect(board.live(AgentID("a1"), nowMs: 14_999) != nil)
        #expect(board.availableRemote(skill: repairs, excludingSite: northBay, nowMs: 14_999).count == 1)
        #expect(board.live(AgentID("a1"), nowMs: 15_000) == nil)
        #expect(board.availableRemote(skill: repairs, excludingSite: northBay, nowMs: 15_000).isEmpty)
    }

    @Test func takeOver_keepsIdentityAndState_withAHigherVersionThatWins() throws {
        var board = PresenceBoard()
        let old = PresenceRecord(agent: AgentID("a1"), site: SiteID("north-bay"), state: .notReady, reason: "lunch",
                                 version: 9, leaseExpiresMs: 1_000)
        board.merge(old)
        let taken = try #require(board.takeOver(AgentID("a1"), by: SiteID("hq"), nowMs: 2_000, leaseMs: 15_000))
        #expect(taken.site == SiteID("hq") && taken.state == .notReady && taken.reason == "lunch")
        #expect(taken.version == 10 && taken.leaseExpiresMs == 17_000)
        board.merge(taken)
        board.merge(old)
        #expect(board.records[AgentID("a1")] == taken, "the dead owner's stale record loses")
    }

    @Test func failover_throughTheACD_carriesNotReadyStateToTheNewSite() throws {
        var north = makeACD()
        north.logIn(["a1"], at: 0)
        let published = north.run(.agentRequested(AgentID("a1"), .notReady(.training), nowMs: 10)).compactMap {
            if case .publishPresence(let r) = $0 { return r } else { return nil }
        }
        var hqACD = makeACD(site: hq)
        hqACD.run(.presenceReceived(published, nowMs: 20))
        let out = hqACD.run(.agentFailedOver(profile("a1"), nowMs: 30))
        #expect(hqACD.agents[AgentID("a1")]?.state == .notReady(.training))
        let record = try #require(hqACD.presence.records[AgentID("a1")])
        #expect(record.site == hq && record.version > published.last!.version)
        #expect(out.contains { if case .publishPresence = $0 { true } else { false } })
        // Back at north-bay, hearing hq's record lets the agent go.
        north.run(.presenceReceived([record], nowMs: 40))
        #expect(north.agents[AgentID("a1")] == nil)
    }

    @Test func failover_ofAnAgentOnCall_landsInWrapUpForThatCall() {
        var north = makeACD()
        north.run(.agentLoggedIn(profile("a1", wrapUpMs: 30_000), nowMs: 0))
        _ = north.arrive("north-bay:c1", at: 10)
        let published = north.run(.offerAnswered(CallID("north-bay:c1"), agent: AgentID("a1"), nowMs: 20)).compactMap {
            if case .publishPresence(let r) = $0 { return r } else { return nil }
        }
        var hqACD = makeACD(site: hq)
        hqACD.run(.presenceReceived(published, nowMs: 30))
        hqACD.run(.agentFailedOver(profile("a1", wrapUpMs: 30_000), nowMs: 40))
        #expect(hqACD.agents[AgentID("a1")]?.state == .wrapUp(call: CallID("north-bay:c1"), untilMs: 30_040))
        hqACD.run(.tick(nowMs: 30_040))
        #expect(hqACD.agents[AgentID("a1")]?.state == .available)
    }
}
