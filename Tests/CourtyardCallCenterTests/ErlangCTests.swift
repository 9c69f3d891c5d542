@testable import CourtyardCallCenter
import Testing

@Suite struct ErlangCTests {
    @Test func twoAgentsAtOneErlang_waitWithProbabilityOneThird() {
        // M/M/2 at ρ = 0.5: P(wait) = (A²/2!·2/(2−A)) / (1 + A + A²/2!·2/(2−A)) = 1/3.
        #expect(abs(ErlangC.waitProbability(agents: 2, trafficErlangs: 1) - 1.0 / 3) < 1e-12)
    }

    @Test func oneAgent_waitsWithProbabilityEqualToItsLoad() {
        #expect(abs(ErlangC.waitProbability(agents: 1, trafficErlangs: 0.6) - 0.6) < 1e-12)
    }

    @Test func overloadedQueue_alwaysWaits() {
        #expect(ErlangC.waitProbability(agents: 10, trafficErlangs: 10) == 1)
        #expect(ErlangC.serviceLevel(agents: 9, trafficErlangs: 10, ahtMs: 180_000, thresholdMs: 20_000) == 0)
    }

    /// The textbook example: 100 calls per half hour, 3 minutes each, 80 % within 20 s:
    /// A = 10 Erlangs; 11 agents wait 68.2 % of calls and answer 39.0 % in time; 14 are needed.
    @Test func textbookExample_tenErlangs_needsFourteenAgents() throws {
        #expect(abs(ErlangC.waitProbability(agents: 11, trafficErlangs: 10) - 0.6821) < 1e-4)
        let sl11 = ErlangC.serviceLevel(agents: 11, trafficErlangs: 10, ahtMs: 180_000, thresholdMs: 20_000)
        #expect(abs(sl11 - 0.3897) < 1e-3)
        let s = try #require(ErlangC.agentsNeeded(arrivalsPerHour: 200, ahtMs: 180_000, thresholdMs: 20_000,
                                                  target: 0.8, agentsMax: 100))
        #expect(s.trafficErlangs == 10)
        #expect(s.agents == 14)
        #expect(abs(s.serviceLevel - 0.8893) < 1e-3)
        #expect(abs(s.waitProbability - 0.1741) < 1e-3)
        let sl13 = ErlangC.serviceLevel(agents: 13, trafficErlangs: 10, ahtMs: 180_000, thresholdMs: 20_000)
        #expect(sl13 < 0.8)
    }

    @Test func largeCenter_staysNumericallyStable() throws {
        // 1000 Erlangs: forming A^N / N! directly would overflow a Double.
        let s = try #require(ErlangC.agentsNeeded(arrivalsPerHour: 20_000, ahtMs: 180_000, thresholdMs: 20_000,
                                                  target: 0.8, agentsMax: 2_000))
        #expect(s.agents > 1_000 && s.agents < 1_060)
        #expect(s.serviceLevel >= 0.8 && s.serviceLevel.isFinite)
    }

    @Test func tooFewAgentsAllowed_givesNoSuggestion() {
        #expect(ErlangC.agentsNeeded(arrivalsPerHour: 200, ahtMs: 180_000, thresholdMs: 20_000,
                                     target: 0.8, agentsMax: 12) == nil)
    }

    @Test func serviceLevel_growsWithAgents() {
        let levels = (11...20).map { ErlangC.serviceLevel(agents: $0, trafficErlangs: 10, ahtMs: 180_000, thresholdMs: 20_000) }
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 })
    }
}
