@testable import CourtyardCallCenter
import Testing

@Suite struct AgentStateTests {
    private func loggedIn(_ id: String = "a1", wrapUpMs: Int64 = 0) -> Agent {
        var a = Agent(profile: profile(id, wrapUpMs: wrapUpMs))
        _ = try! a.logIn(nowMs: 0)
        return a
    }

    @Test func logIn_goesAvailable_andRecordsTheChange() throws {
        var a = Agent(profile: profile("a1"))
        let change = try a.logIn(nowMs: 100)
        #expect(change == AgentStateChange(agent: AgentID("a1"), from: .loggedOut, to: .available, cause: .logIn, atMs: 100))
        #expect(a.stats.idleSinceMs == 100)
    }

    @Test func reserve_whenAgentNotAvailable_isRefusedAndStateUnchanged() throws {
        var a = loggedIn()
        _ = try a.setNotReady(.lunch, nowMs: 10)
        let before = a
        let error = #expect(throws: AgentTransitionError.self) {
            try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 20)
        }
        #expect(a == before)
        #expect(error?.description.contains("notReady") == true)
    }

    @Test func reserve_whenAlreadyReserved_refusesSecondCall() throws {
        var a = loggedIn()
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 1)
        #expect(throws: AgentTransitionError.self) { try a.reserve(call: CallID("c2"), deadlineMs: 100, nowMs: 2) }
        #expect(a.state.call == CallID("c1"))
    }

    @Test func answer_forAnotherCall_isRefused() throws {
        var a = loggedIn()
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 1)
        #expect(throws: AgentTransitionError.self) { try a.answer(call: CallID("c2"), nowMs: 2) }
    }

    @Test func answerThenHangUp_countsCallAndTalkTime_andWrapUpExpiresToAvailable() throws {
        var a = loggedIn(wrapUpMs: 30_000)
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 10)
        _ = try a.answer(call: CallID("c1"), nowMs: 20)
        _ = try a.hangUp(call: CallID("c1"), nowMs: 90_020)
        #expect(a.state == .wrapUp(call: CallID("c1"), untilMs: 120_020))
        #expect(a.stats.callsAnsweredToday == 1)
        #expect(a.stats.talkTimeTodayMs == 90_000)
        #expect(a.tick(nowMs: 120_019) == nil)
        let change = a.tick(nowMs: 120_020)
        #expect(change?.cause == .wrapUpExpired)
        #expect(a.state == .available)
        #expect(a.stats.idleSinceMs == 120_020)
    }

    @Test func hangUp_withoutWrapUp_goesStraightToAvailable() throws {
        var a = loggedIn()
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 10)
        _ = try a.answer(call: CallID("c1"), nowMs: 20)
        _ = try a.hangUp(call: CallID("c1"), nowMs: 50)
        #expect(a.state == .available)
    }

    @Test func kConsecutiveUnansweredOffers_putAgentOnBreakWithMissedOffersReason() throws {
        var a = loggedIn()
        for i in 0..<3 {
            let call = CallID("c\(i)")
            _ = try a.reserve(call: call, deadlineMs: 100, nowMs: Int64(i) * 1_000)
            _ = try a.missOffer(call: call, timedOut: true, retryDelayMs: 0, missedOffersMax: 3, nowMs: Int64(i) * 1_000 + 500)
            #expect(a.state == (i < 2 ? .available : .onBreak(.missedOffers)))
        }
    }

    @Test func answering_resetsTheMissedOfferCount() throws {
        var a = loggedIn()
        for i in 0..<5 {
            let call = CallID("c\(i)")
            _ = try a.reserve(call: call, deadlineMs: 100, nowMs: 0)
            if i == 2 {
                _ = try a.answer(call: call, nowMs: 1)
                _ = try a.hangUp(call: call, nowMs: 2)
            } else {
                _ = try a.missOffer(call: call, timedOut: true, retryDelayMs: 0, missedOffersMax: 3, nowMs: 1)
            }
        }
        #expect(a.state == .available)
        #expect(a.stats.consecutiveMissedOffers == 2)
    }

    @Test func declines_doNotCountTowardsBreak_butDelayTheNextOffer() throws {
        var a = loggedIn()
        for i in 0..<4 {
            _ = try a.reserve(call: CallID("c\(i)"), deadlineMs: 100, nowMs: 0)
            _ = try a.missOffer(call: CallID("c\(i)"), timedOut: false, retryDelayMs: 5_000, missedOffersMax: 3, nowMs: 1_000)
        }
        #expect(a.state == .available)
        #expect(!a.acceptsOffers(nowMs: 5_999))
        #expect(a.acceptsOffers(nowMs: 6_000))
    }

    @Test func logOut_whileOnCall_isRefused() throws {
        var a = loggedIn()
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 0)
        _ = try a.answer(call: CallID("c1"), nowMs: 1)
        #expect(throws: AgentTransitionError.self) { try a.logOut(nowMs: 2) }
        #expect(throws: AgentTransitionError.self) { try a.setNotReady(.meeting, nowMs: 2) }
    }

    @Test func withdrawnOffer_keepsIdleTime_andCountsNoMiss() throws {
        var a = loggedIn()
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 50)
        _ = try a.withdrawOffer(call: CallID("c1"), nowMs: 60)
        #expect(a.stats.idleSinceMs == 0)
        #expect(a.stats.consecutiveMissedOffers == 0)
    }

    @Test func profile_withBadLevelOrDuplicateSkill_isRefused() {
        #expect(throws: AgentProfileError.self) { try AgentProfile(id: AgentID("a"), skills: [SkillLevel(repairs, level: 0)]) }
        #expect(throws: AgentProfileError.self) {
            try AgentProfile(id: AgentID("a"), skills: [SkillLevel(repairs, level: 1), SkillLevel(repairs, level: 2)])
        }
    }

    @Test func startNewDay_resetsDailyCounters() throws {
        var a = loggedIn()
        _ = try a.reserve(call: CallID("c1"), deadlineMs: 100, nowMs: 0)
        _ = try a.answer(call: CallID("c1"), nowMs: 1)
        _ = try a.hangUp(call: CallID("c1"), nowMs: 11)
        a.startNewDay()
        #expect(a.stats.callsAnsweredToday == 0 && a.stats.talkTimeTodayMs == 0)
    }
}
