import Testing
import CourtyardSimulation

/// Each planted bug is caught, by the checker meant for it, within its stated number of seeds.
@Suite struct PlantedBugTests {
    static let expectations: [(PlantedBug, String)] = [
        (.skipAntiEntropy, "convergence"),
        (.ackBeforePersist, "durability"),
        (.dropEscalationIdempotence, "escalation-once"),
        (.forgetHLCOnRestart, "hlc"),
        (.allowDoubleReservation, "one-call-per-agent"),
    ]

    /// The scenario each bug is hunted on: the small four-site scenario, or for the ACD's
    /// double reservation the water outage (small sites overflowing to HQ's agents).
    static func hunt(_ bug: PlantedBug) throws -> Scenario {
        switch bug {
        case .allowDoubleReservation: try scenario("water-outage").timeScaled(by: 4)
        case .dropEscalationIdempotence: tinyScenario(durationMs: 40 * 60_000)
        default: tinyScenario(durationMs: 10 * 60_000)
        }
    }

    @Test(arguments: PlantedBug.allCases)
    func plantedBug_isCaughtWithinItsSeedBudget(_ bug: PlantedBug) async throws {
        let checker = Self.expectations.first { $0.0 == bug }?.1 ?? "?"
        let s = try Self.hunt(bug)
        var caughtAt: UInt64?
        for seed in 1...UInt64(bug.seedsToCatchMax) {
            let r = await offPoolValue { Simulation.run(scenario: s, seed: seed, plant: bug, options: SimulationOptions(statusLines: false)) }
            if r.violations.contains(where: { $0.checker == checker }) {
                caughtAt = seed
                break
            }
        }
        #expect(caughtAt != nil, "\(bug.rawValue) was not caught by \(checker) within \(bug.seedsToCatchMax) seeds")
    }

    /// Seed 1 catches the double reservation (see above); without the plant it passes: the
    /// checker flags the bug, not the workload.
    @Test func waterOutage_withoutPlant_passesTheSeedThatCatchesTheDoubleReservation() async throws {
        let hunt = try Self.hunt(.allowDoubleReservation)
        let clean = await offPoolValue { Simulation.run(scenario: hunt, seed: 1, options: SimulationOptions(statusLines: false)) }
        #expect(clean.verdict == .pass, "\(clean.violations.prefix(3).map(\.description))")
        #expect(clean.stats.overflowRequests > 0)
    }

    @Test func tinyScenario_withoutPlant_passes() async {
        let r = await offPoolValue { Simulation.run(scenario: tinyScenario(), seed: 1) }
        #expect(r.verdict == .pass, "\(r.violations.prefix(5).map(\.description))")
        #expect(r.stats.escalations > 0)
        #expect(r.stats.crashes == 1)
    }

    @Test func shrink_returnsAShorterLogThatStillFails() async {
        let s = tinyScenario(durationMs: 4 * 60_000)
        let failing = await offPoolValue { Simulation.run(scenario: s, seed: 1, plant: .ackBeforePersist,
                                     options: SimulationOptions(recordChoices: true, statusLines: false)) }
        #expect(failing.verdict == .fail)
        let shrunk = await offPoolValue { Simulation.shrink(scenario: s, failing: failing, plant: .ackBeforePersist, runsMax: 24) }
        #expect(shrunk.choiceLog.count < failing.choiceLog.count)
        #expect(shrunk.result.violations.contains { $0.checker == "durability" })
        let again = await offPoolValue { Simulation.replay(scenario: s, choiceLog: shrunk.choiceLog, plant: .ackBeforePersist) }
        #expect(again.verdict == .fail)
    }
}
