@testable import CourtyardCallCenter
import CourtyardCRDT
import Testing

@Suite struct ACDRoutingTests {
    // MARK: Sticky routing

    /// Caller 13812345678 speaks to `agent`; afterwards everyone is available again.
    private func acdWhereCallerSpokeTo(_ agent: String, window: Int64 = 10_000, memory: Int64 = 3_600_000) -> ACD {
        var acd = makeACD(strategy: .longestIdle) { $0.stickyWindowMs = window; $0.stickyMemoryMs = memory }
        acd.logIn(["a", "b", "c"], at: 0)
        for o in ["a", "b", "c"] where o != agent { acd.run(.agentRequested(AgentID(o), .notReady(.meeting), nowMs: 1)) }
        #expect(offeredAgents(acd.arrive("first", at: 10, caller: "13812345678")) == [agent])
        acd.run(.offerAnswered(CallID("first"), agent: AgentID(agent), nowMs: 11))
        for o in ["a", "b", "c"] where o != agent { acd.run(.agentRequested(AgentID(o), .available, nowMs: 15)) }
        acd.run(.callEnded(CallID("first"), nowMs: 20))
        // Now "a" is the longest idle (since 15); the caller's agent only since 20.
        return acd
    }

    @Test func returningCaller_isOfferedFirstToTheirLastAgent() {
        var acd = acdWhereCallerSpokeTo("b")
        // Longest idle would be "a" (idle since 0); the returning caller goes to "b".
        let out = acd.arrive("again", at: 1_000, caller: "+86 138-1234-5678")
        #expect(offers(out).map(\.agent) == ["b"])
        #expect(out.contains { if case .offer(_, _, _, let d) = $0 { d == 11_000 } else { false } },
                "the sticky offer rings no longer than the sticky window")
    }

    @Test func stickyOffer_unansweredWithinTheWindow_fallsBackToTheQueue() {
        var acd = acdWhereCallerSpokeTo("b")
        _ = acd.arrive("again", at: 1_000, caller: "13812345678")
        #expect(offeredAgents(acd.run(.tick(nowMs: 10_999))).isEmpty)
        let out = acd.run(.tick(nowMs: 11_000))
        #expect(offers(out).map(\.agent) == ["a"], "after the window the queue's strategy decides")
    }

    @Test func stickyAgentNotAvailable_fallsBackAtOnce() {
        var acd = acdWhereCallerSpokeTo("b")
        acd.run(.agentRequested(AgentID("b"), .notReady(.lunch), nowMs: 500))
        #expect(offeredAgents(acd.arrive("again", at: 1_000, caller: "13812345678")) == ["a"])
    }

    @Test func callerReturningAfterTheMemoryExpires_isRoutedNormally() {
        var acd = acdWhereCallerSpokeTo("b", memory: 60_000)
        #expect(offeredAgents(acd.arrive("late", at: 61_000, caller: "13812345678")) == ["a"])
    }

    @Test func stickyTable_isBounded_evictingTheOldest() {
        var table = StickyRoutes(capacity: 2)
        table.remember("+861", agent: AgentID("a"), nowMs: 1)
        table.remember("+862", agent: AgentID("b"), nowMs: 2)
        table.remember("+863", agent: AgentID("c"), nowMs: 3)
        #expect(table.entries.count == 2)
        #expect(table.lastAgent(of: "+861", nowMs: 4, memoryMs: 100) == nil)
        #expect(table.lastAgent(of: "+863", nowMs: 4, memoryMs: 100) == AgentID("c"))
    }

    // MARK: Overflow

    private func remoteBoardRecord(_ agent: String, site: SiteID = hq, idleSinceMs: Int64 = 0) -> PresenceRecord {
        PresenceRecord(agent: AgentID(agent), site: site, state: .available, version: 1, leaseExpiresMs: 1_000_000,
                       skills: [SkillLevel(repairs, level: 1)], idleSinceMs: idleSinceMs)
    }

    @Test func overflow_asksARemoteAgentOnlyAfterTheWait() {
        var acd = makeACD(overflowAfterMs: 30_000)
        acd.run(.presenceReceived([remoteBoardRecord("h1")], nowMs: 0))
        _ = acd.arrive("c1", at: 1_000)
        #expect(!acd.run(.tick(nowMs: 30_999)).contains { if case .reserveRemote = $0 { true } else { false } })
        let out = acd.run(.tick(nowMs: 31_000))
        #expect(out.contains(.reserveRemote(CallID("c1"), agent: AgentID("h1"), site: hq, caller: nil)))
    }

    @Test func overflow_whenOwnerRefuses_triesAnotherRemoteAgent() {
        var acd = makeACD(overflowAfterMs: 0)
        acd.run(.presenceReceived([remoteBoardRecord("h1", idleSinceMs: 0), remoteBoardRecord("h2", idleSinceMs: 5)], nowMs: 0))
        #expect(acd.arrive("c1", at: 10).contains(.reserveRemote(CallID("c1"), agent: AgentID("h1"), site: hq, caller: nil)))
        let out = acd.run(.remoteReservationResult(CallID("c1"), agent: AgentID("h1"), outcome: .refused("busy"), nowMs: 20))
        #expect(out.contains(.reserveRemote(CallID("c1"), agent: AgentID("h2"), site: hq, caller: nil)))
    }

    @Test func overflow_ownerSilent_isCancelledAfterTheReplyTimeout() {
        var acd = makeACD(overflowAfterMs: 0) { $0.remoteReplyTimeoutMs = 3_000 }
        acd.run(.presenceReceived([remoteBoardRecord("h1")], nowMs: 0))
        _ = acd.arrive("c1", at: 10)
        let out = acd.run(.tick(nowMs: 3_010))
        #expect(out.contains(.cancelRemote(CallID("c1"), agent: AgentID("h1"), site: hq)))
    }

    /// Granted means the call's gateway rings the remote agent: when the owner's lease lapses
    /// the ACD gives up on it and must withdraw that ring too, not only cancel the request.
    @Test func overflow_grantedThenOwnerLeaseLapses_cancelsAndWithdrawsTheRing() {
        var acd = makeACD(overflowAfterMs: 0)
        let record = PresenceRecord(agent: AgentID("h1"), site: hq, state: .available, version: 1, leaseExpiresMs: 15_000,
                                    skills: [SkillLevel(repairs, level: 1)], idleSinceMs: 0)
        acd.run(.presenceReceived([record], nowMs: 0))
        _ = acd.arrive("c1", at: 10)
        #expect(acd.run(.remoteReservationResult(CallID("c1"), agent: AgentID("h1"), outcome: .granted, nowMs: 20))
                == [.ringRemote(CallID("c1"), agent: AgentID("h1"), site: hq)])
        #expect(!acd.run(.tick(nowMs: 14_999)).contains(.withdrawOffer(CallID("c1"), agent: AgentID("h1"))))
        let out = acd.run(.tick(nowMs: 15_001))
        #expect(out.contains(.cancelRemote(CallID("c1"), agent: AgentID("h1"), site: hq)))
        #expect(out.contains(.withdrawOffer(CallID("c1"), agent: AgentID("h1"))))
        #expect(acd.calls[CallID("c1")]?.phase == .waiting)
    }

    /// An agent whose console moved to another site while an offer rang here: the offer is
    /// withdrawn (console and phone leg) and the call waits again, instead of ringing a
    /// leg nobody here will ever end.
    @Test func agentMovingAwayWhileRinging_withdrawsTheOffer_andTheCallWaitsAgain() {
        var acd = makeACD()
        acd.logIn(["a"], at: 0)
        #expect(offeredAgents(acd.arrive("c1", at: 10)) == ["a"])
        let version = acd.presence.records[AgentID("a")]!.version
        let moved = PresenceRecord(agent: AgentID("a"), site: hq, state: .available, version: version + 10,
                                   leaseExpiresMs: 1_000_000, skills: [SkillLevel(repairs, level: 1)], idleSinceMs: 0)
        let out = acd.run(.presenceReceived([moved], nowMs: 20))
        #expect(out.contains(.withdrawOffer(CallID("c1"), agent: AgentID("a"))))
        #expect(acd.agents[AgentID("a")] == nil)
        #expect(acd.calls[CallID("c1")]?.phase == .waiting)
        #expect(acd.reservations.reservations.isEmpty)
        #expect(acd.calls.orderViolations() == [])
    }

    @Test func overflow_betweenTwoSites_connectsThroughTheOwner() {
        var north = makeACD(overflowAfterMs: 0)
        var south = makeACD(site: hq)
        let published = south.run(.agentLoggedIn(profile("h1"), nowMs: 0)).compactMap {
            if case .publishPresence(let r) = $0 { return r } else { return nil }
        }
        north.run(.presenceReceived(published, nowMs: 1))
        #expect(north.arrive("north-bay:c1", at: 10).contains { if case .reserveRemote = $0 { true } else { false } })
        let ownerOut = south.run(.remoteReserveRequested(CallID("north-bay:c1"), agent: AgentID("h1"), from: northBay,
                                                         caller: nil, nowMs: 11))
        #expect(ownerOut.contains(.replyRemote(CallID("north-bay:c1"), agent: AgentID("h1"), to: northBay, outcome: .granted)))
        #expect(offeredAgents(ownerOut) == ["h1"])
        // A second site asking for the same agent is refused by the owner's ledger/state.
        let second = south.run(.remoteReserveRequested(CallID("west:c9"), agent: AgentID("h1"), from: SiteID("west"),
                                                       caller: nil, nowMs: 12))
        #expect(second.contains { if case .replyRemote(_, _, _, .refused) = $0 { true } else { false } })
        north.run(.remoteReservationResult(CallID("north-bay:c1"), agent: AgentID("h1"), outcome: .granted, nowMs: 13))
        let answered = south.run(.offerAnswered(CallID("north-bay:c1"), agent: AgentID("h1"), nowMs: 14))
        #expect(answered.contains(.replyRemote(CallID("north-bay:c1"), agent: AgentID("h1"), to: northBay, outcome: .answered)))
        #expect(south.agents[AgentID("h1")]?.state.kind == .reserved, "on the call only once the call's owner confirms")
        let connected = north.run(.remoteReservationResult(CallID("north-bay:c1"), agent: AgentID("h1"), outcome: .answered, nowMs: 15))
        #expect(connected.contains(.connect(CallID("north-bay:c1"), agent: AgentID("h1"), site: hq)))
        #expect(connected.contains(.confirmRemote(CallID("north-bay:c1"), agent: AgentID("h1"), site: hq, connected: true)))
        south.run(.remoteConnectConfirmed(CallID("north-bay:c1"), agent: AgentID("h1"), connected: true, nowMs: 16))
        #expect(south.agents[AgentID("h1")]?.state.kind == .onCall)
        south.run(.callEnded(CallID("north-bay:c1"), nowMs: 100))
        #expect(south.agents[AgentID("h1")]?.state == .available)
        #expect(south.reservations.reservations.isEmpty)
    }

    /// A remote agent rings through the caller's gateway once the owner grants it; when the
    /// gateway reports the pick-up, the owner decides exactly as for a console answer, and a
    /// release after the ring withdraws it.
    @Test func overflow_remoteAgentPicksUpThePhone_ownerDecides_thenConnects() {
        var north = makeACD(overflowAfterMs: 0)
        var south = makeACD(site: hq)
        let published = south.run(.agentLoggedIn(profile("h1"), nowMs: 0)).compactMap {
            if case .publishPresence(let r) = $0 { return r } else { return nil }
        }
        north.run(.presenceReceived(published, nowMs: 1))
        _ = north.arrive("north-bay:c1", at: 10)
        let call = CallID("north-bay:c1"), h1 = AgentID("h1")
        // Before the grant, a pick-up report is refused: nobody rang the agent yet.
        #expect(throws: ACDError.self) { try north.handle(.remoteAnsweredAtPhone(call, agent: h1, nowMs: 11)) }
        south.run(.remoteReserveRequested(call, agent: h1, from: northBay, caller: nil, nowMs: 11))
        let granted = north.run(.remoteReservationResult(call, agent: h1, outcome: .granted, nowMs: 12))
        #expect(granted == [.ringRemote(call, agent: h1, site: hq)])
        let picked = north.run(.remoteAnsweredAtPhone(call, agent: h1, nowMs: 13))
        #expect(picked == [.answerRemote(call, agent: h1, site: hq)], "not connected until the owner says so")
        // The owner treats it as the agent answering.
        let owner = south.run(.offerAnswered(call, agent: h1, nowMs: 14))
        #expect(owner.contains(.replyRemote(call, agent: h1, to: northBay, outcome: .answered)))
        let connected = north.run(.remoteReservationResult(call, agent: h1, outcome: .answered, nowMs: 15))
        #expect(connected.contains(.connect(call, agent: h1, site: hq)))

        // Another call: granted and rung, then released by the owner → the ring is withdrawn.
        var west = makeACD(overflowAfterMs: 0)
        west.run(.presenceReceived(published, nowMs: 1))
        _ = west.arrive("north-bay:c2", at: 20)
        let c2 = CallID("north-bay:c2")
        west.run(.remoteReservationResult(c2, agent: h1, outcome: .granted, nowMs: 21))
        let released = west.run(.remoteReservationResult(c2, agent: h1, outcome: .released, nowMs: 22))
        #expect(released.contains(.withdrawOffer(c2, agent: h1)))
        #expect(west.calls[c2]?.phase == .waiting)
    }

    // MARK: Unanswered offers, wrap-up, abandon

    @Test func kUnansweredOffersThroughTheACD_putTheAgentOnBreak() {
        var acd = makeACD { $0.missedOffersMax = 2; $0.offerTimeoutMs = 1_000; $0.retryDelayMs = 0 }
        acd.logIn(["a"], at: 0)
        _ = acd.arrive("c1", at: 10)
        acd.run(.tick(nowMs: 1_010))
        #expect(acd.agents[AgentID("a")]?.state == .reserved(call: CallID("c1"), deadlineMs: 2_010), "re-offered")
        let out = acd.run(.tick(nowMs: 2_010))
        #expect(acd.agents[AgentID("a")]?.state == .onBreak(.missedOffers))
        #expect(out.contains { if case .recordAgentChange(let c) = $0 { c.cause == .missedOffers } else { false } })
        #expect(acd.waiting(in: repairsQueue).map(\.call) == [CallID("c1")])
    }

    @Test func wrapUp_expiresThroughTheACD_andTheAgentTakesTheNextCall() {
        var acd = makeACD()
        acd.run(.agentLoggedIn(profile("a", wrapUpMs: 20_000), nowMs: 0))
        _ = acd.arrive("c1", at: 10)
        acd.run(.offerAnswered(CallID("c1"), agent: AgentID("a"), nowMs: 20))
        acd.run(.callEnded(CallID("c1"), nowMs: 100))
        #expect(offeredAgents(acd.arrive("c2", at: 200)).isEmpty, "in wrap-up")
        #expect(offeredAgents(acd.run(.tick(nowMs: 20_099))).isEmpty)
        #expect(offeredAgents(acd.run(.tick(nowMs: 20_100))) == ["a"])
    }

    @Test func abandonedCalls_landInTheMissedCallList_andCanBeMarkedCalledBack() throws {
        var acd = makeACD()
        acd.logIn(["a"], at: 0)
        _ = acd.arrive("ringing", at: 100, caller: "13812345678")
        _ = acd.arrive("queued", at: 200, caller: "075588886666")
        let out = acd.run(.callAbandoned(CallID("ringing"), nowMs: 1_100))
        #expect(out.contains(.withdrawOffer(CallID("ringing"), agent: AgentID("a"))))
        acd.run(.callAbandoned(CallID("queued"), nowMs: 5_200))
        let missed = acd.missedCalls.entries
        #expect(missed.map(\.call.rawValue) == ["ringing", "queued"])
        #expect(missed.map(\.callerNumber) == ["+8613812345678", "+8675588886666"])
        #expect(missed.map(\.waitedMs) == [1_000, 5_000])
        #expect(missed.allSatisfy { $0.site == northBay && $0.queue == repairsQueue })
        try acd.markCalledBack(CallID("queued"), by: AgentID("a"), nowMs: 9_000)
        #expect(acd.missedCalls.pending.map(\.call.rawValue) == ["ringing"])
        #expect(throws: ACDError.self) { try acd.markCalledBack(CallID("nope"), by: AgentID("a"), nowMs: 9_000) }
    }

    @Test func missedCallList_isBounded() {
        var list = MissedCalls(capacity: 2)
        for i in 0..<3 {
            list.append(MissedCall(call: CallID("c\(i)"), callerNumber: nil, site: northBay, queue: repairsQueue,
                                   atMs: Int64(i), waitedMs: 0))
        }
        #expect(list.entries.map(\.call.rawValue) == ["c1", "c2"])
        #expect(list.droppedCount == 1)
    }
}
