@testable import CourtyardCallCenter
import Testing

@Suite struct ACDStrategyTests {
    @Test func longestIdle_picksTheAgentIdleLongest() {
        var acd = makeACD(strategy: .longestIdle)
        acd.logIn(["c"], at: 50)
        acd.logIn(["b"], at: 100)
        acd.logIn(["a"], at: 200)
        #expect(offeredAgents(acd.arrive("c1", at: 1_000)) == ["c"])
    }

    @Test func roundRobin_walksAgentsInIdOrderAndWraps() {
        var acd = makeACD(strategy: .roundRobin)
        acd.logIn(["a", "b", "c"], at: 0)
        var picked: [String] = []
        for i in 0..<4 {
            let call = "c\(i)"
            let out = acd.arrive(call, at: Int64(i) * 10 + 1)
            let agent = offeredAgents(out)
            picked += agent
            acd.run(.offerAnswered(CallID(call), agent: AgentID(agent[0]), nowMs: Int64(i) * 10 + 2))
            acd.run(.callEnded(CallID(call), nowMs: Int64(i) * 10 + 3))
        }
        #expect(picked == ["a", "b", "c", "a"])
    }

    /// Runs one answered call of `talkMs` on `agent` (the only one available at that moment).
    private func talk(_ acd: inout ACD, agent: String, call: String, at t: Int64, talkMs: Int64, others: [String]) {
        for o in others { acd.run(.agentRequested(AgentID(o), .notReady(.meeting), nowMs: t)) }
        let out = acd.arrive(call, at: t)
        #expect(offeredAgents(out) == [agent])
        acd.run(.offerAnswered(CallID(call), agent: AgentID(agent), nowMs: t))
        acd.run(.callEnded(CallID(call), nowMs: t + talkMs))
        for o in others { acd.run(.agentRequested(AgentID(o), .available, nowMs: t + talkMs)) }
    }

    @Test func fewestCalls_picksTheAgentWithFewestAnsweredCallsToday() {
        var acd = makeACD(strategy: .fewestCalls)
        acd.logIn(["a", "b", "c"], at: 0)
        talk(&acd, agent: "a", call: "x1", at: 10, talkMs: 5, others: ["b", "c"])
        talk(&acd, agent: "a", call: "x2", at: 20, talkMs: 5, others: ["b", "c"])
        talk(&acd, agent: "c", call: "x3", at: 30, talkMs: 5, others: ["a", "b"])
        // Everyone available again: b has answered none.
        #expect(offeredAgents(acd.arrive("c9", at: 100)) == ["b"])
    }

    @Test func leastTalkTime_picksTheAgentWithLeastTalkTimeToday() {
        var acd = makeACD(strategy: .leastTalkTime)
        acd.logIn(["a", "b", "c"], at: 0)
        talk(&acd, agent: "a", call: "x1", at: 10, talkMs: 500, others: ["b", "c"])
        talk(&acd, agent: "b", call: "x2", at: 1_000, talkMs: 90, others: ["a", "c"])
        talk(&acd, agent: "c", call: "x3", at: 2_000, talkMs: 300, others: ["a", "b"])
        #expect(offeredAgents(acd.arrive("c9", at: 5_000)) == ["b"])
    }

    @Test func ringAll_offersEveryone_firstAnswerWins_othersReleased() {
        var acd = makeACD(strategy: .ringAll)
        acd.logIn(["a", "b", "c"], at: 0)
        #expect(offeredAgents(acd.arrive("c1", at: 10)) == ["a", "b", "c"])
        let out = acd.run(.offerAnswered(CallID("c1"), agent: AgentID("b"), nowMs: 20))
        #expect(out.contains(.connect(CallID("c1"), agent: AgentID("b"), site: northBay)))
        let withdrawn = out.compactMap { if case .withdrawOffer(_, let a) = $0 { a.rawValue } else { nil } }
        #expect(withdrawn == ["a", "c"])
        #expect(acd.agents[AgentID("a")]?.state == .available)
        #expect(acd.agents[AgentID("a")]?.stats.consecutiveMissedOffers == 0)
        #expect(acd.reservations.agents(holding: CallID("c1")) == [AgentID("b")])
        #expect(throws: ACDError.self) { try acd.handle(.offerAnswered(CallID("c1"), agent: AgentID("c"), nowMs: 21)) }
    }

    @Test func tiers_tryLevelOneFirst_thenAdmitLevelTwoAfterTheTierWait() {
        var acd = makeACD(levelEscalationMs: 10_000)
        acd.logIn(["senior"], at: 0, level: 1)
        acd.logIn(["junior"], at: 0, level: 2)
        acd.run(.agentRequested(AgentID("senior"), .notReady(.lunch), nowMs: 1))
        #expect(offeredAgents(acd.arrive("c1", at: 1_000)).isEmpty, "level 2 waits while level 1 is tried")
        #expect(offeredAgents(acd.run(.tick(nowMs: 10_999))).isEmpty)
        #expect(offeredAgents(acd.run(.tick(nowMs: 11_000))) == ["junior"])
    }

    @Test func tiers_preferTheBestLevelPresent_evenWhenMoreAreAdmitted() {
        var acd = makeACD(levelEscalationMs: 1)
        acd.logIn(["junior"], at: 0, level: 3)
        acd.logIn(["senior"], at: 50, level: 1)
        #expect(offeredAgents(acd.arrive("c1", at: 100_000)) == ["senior"])
    }

    @Test func emergencyCall_jumpsTheQueue() {
        var acd = makeACD()
        acd.logIn(["a"], at: 0)
        acd.run(.agentRequested(AgentID("a"), .notReady(.meeting), nowMs: 1))
        _ = acd.arrive("c1", at: 10)
        _ = acd.arrive("c2", at: 20)
        _ = acd.arrive("sos", at: 30, emergency: true)
        #expect(acd.waiting(in: repairsQueue).map(\.call.rawValue) == ["sos", "c1", "c2"])
        let out = acd.run(.agentRequested(AgentID("a"), .available, nowMs: 40))
        #expect(offers(out).map(\.call) == ["sos"])
    }

    @Test func agentWithoutTheQueueSkill_isNeverOffered() {
        var acd = makeACD()
        acd.run(.agentLoggedIn(profile("x", skill: SkillID("billing")), nowMs: 0))
        #expect(offeredAgents(acd.arrive("c1", at: 10)).isEmpty)
    }

    @Test func fullQueue_sendsTheNextCallToVoicemail() {
        var acd = makeACD(waitingMax: 2)
        _ = acd.arrive("c1", at: 1)
        _ = acd.arrive("c2", at: 2)
        let out = acd.arrive("c3", at: 3)
        #expect(out == [.sendToVoicemail(CallID("c3"), reason: .queueFull)])
        #expect(acd.calls[CallID("c3")] == nil)
    }

    @Test func maxWait_sendsTheWaitingCallToVoicemail() {
        var acd = makeACD(maxWaitMs: 60_000)
        _ = acd.arrive("c1", at: 0)
        #expect(acd.run(.tick(nowMs: 59_999)).isEmpty)
        #expect(acd.run(.tick(nowMs: 60_000)) == [.sendToVoicemail(CallID("c1"), reason: .maxWaitReached)])
    }

    @Test func waitingCallers_hearTheirPositionAtEachInterval() {
        var acd = makeACD { $0.positionAnnounceIntervalMs = 30_000 }
        #expect(acd.arrive("c1", at: 0) == [.announcePosition(CallID("c1"), position: 1)])
        #expect(acd.arrive("c2", at: 10_000) == [.announcePosition(CallID("c2"), position: 2)])
        #expect(acd.run(.tick(nowMs: 30_000)) == [.announcePosition(CallID("c1"), position: 1)])
    }

    @Test func unknownQueue_andDuplicateCall_areRefused() {
        var acd = makeACD()
        #expect(throws: ACDError.unknownQueue(QueueID("nowhere"))) {
            try acd.handle(.callArrived(CallID("c1"), queue: QueueID("nowhere"), caller: nil, emergency: false, nowMs: 0))
        }
        _ = acd.arrive("c1", at: 0)
        #expect(throws: ACDError.duplicateCall(CallID("c1"))) {
            try acd.handle(.callArrived(CallID("c1"), queue: repairsQueue, caller: nil, emergency: false, nowMs: 1))
        }
    }
}
