import Testing
import CourtyardSimulation

/// The call center of the core simulator: ACDs with agents, IVR sessions, overflow over the
/// simulated network, sticky routing, agent failover, status lines and counters.
@Suite struct CallCenterTests {
    @Test func waterOutage_overflowsToOtherSites_hitsStickyAgents_andFailsAgentsOver() async throws {
        let s = try scenario("water-outage").timeScaled(by: 4)
        let r = await offPoolValue { [s] in Simulation.run(scenario: s, seed: 2) }
        #expect(r.verdict == .pass, "\(r.violations.prefix(3).map(\.description))")
        #expect(r.stats.callsAnswered > 0)
        #expect(r.stats.callsOverflowed > 0, "no call was answered by another site's agent")
        #expect(r.stats.overflowRequests >= r.stats.callsOverflowed)
        #expect(r.stats.stickyHits > 0, "no returning caller reached their last agent")
        #expect(r.stats.selfServed > 0, "no call finished in the IVR")
        #expect(r.stats.agentFailovers > 0, "north-bay crashed but none of its agents failed over")
        #expect(r.stats.callsAnswered + r.stats.callsAbandoned + r.stats.selfServed + r.stats.voicemails <= r.stats.calls)
    }

    @Test func withoutOverflow_noCallIsAnsweredByAnotherSite() async throws {
        var s = try scenario("water-outage").timeScaled(by: 8)
        s.callCenter.overflowAfterMs = nil
        let r = await offPoolValue { [s] in Simulation.run(scenario: s, seed: 2, options: SimulationOptions(statusLines: false)) }
        #expect(r.verdict == .pass)
        #expect(r.stats.overflowRequests == 0)
        #expect(r.stats.callsOverflowed == 0)
        #expect(r.stats.callsAnswered > 0)
    }

    @Test func withoutAgents_everyQueuedCallerAbandons() async {
        var s = tinyScenario(durationMs: 8 * 60_000)
        s.callCenter.agentsPerSite = 0
        s.callCenter.ivrKeys = ["0"]
        let r = await offPoolValue { [s] in Simulation.run(scenario: s, seed: 3, options: SimulationOptions(statusLines: false)) }
        #expect(r.stats.calls > 0)
        #expect(r.stats.callsAnswered == 0)
        #expect(r.stats.callsAbandoned + r.stats.callsDropped + r.stats.voicemails > 0)
        #expect(r.stats.ticketsCreated == 0)
    }

    @Test func shortShifts_logAgentsInAndOut() async {
        var s = tinyScenario(durationMs: 12 * 60_000)
        s.callCenter.shiftMs = 3 * 60_000
        let r = await offPoolValue { [s] in Simulation.run(scenario: s, seed: 4, options: SimulationOptions(statusLines: false)) }
        #expect(r.verdict == .pass, "\(r.violations.prefix(3).map(\.description))")
        #expect(r.stats.agentLogouts > 0)
        #expect(r.stats.agentLogins > r.stats.agentLogouts)
    }

    @Test func typhoonSurge_queuesCallsInTheACD() async throws {
        let s = try scenario("typhoon-night").timeScaled(by: 4)
        let r = await offPoolValue { [s] in Simulation.run(scenario: s, seed: 1) }
        let waiting = r.statusLines.compactMap { line -> Int? in
            guard let w = line.split(separator: " ").first(where: { $0.hasPrefix("waiting=") }) else { return nil }
            return Int(w.dropFirst("waiting=".count))
        }
        #expect(waiting.count == r.statusLines.count, "every status line carries waiting=")
        #expect(waiting.contains { $0 > 0 }, "the surge never queued a call")
        #expect(r.statusLines.allSatisfy { $0.contains(" agents=") })
        #expect(r.stats.callsAnswered > 0)
    }

    @Test func summaryLine_countsTheCallCenter() async {
        let r = await offPoolValue { Simulation.run(scenario: tinyScenario(durationMs: 4 * 60_000), seed: 1, options: SimulationOptions(statusLines: false)) }
        for key in ["calls=", "answered=", "abandoned=", "overflowed=", "sticky=", "selfServed=", "failovers="] {
            #expect(r.summaryLine.contains(key))
        }
    }
}
