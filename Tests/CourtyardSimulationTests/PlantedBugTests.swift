import Testing
import CourtyardSimulation

/// Each planted bug is caught, by the checker meant for it, within its stated number of seeds.
@Suite struct PlantedBugTests {
    static let expectations: [(PlantedBug, String)] = [
        (.skipAntiEntropy, "convergence"),
        (.ackBeforePersist, "durability"),
        (.dropEscalationIdempotence, "escalation-once"),
        (.forgetHLCOnRestart, "hlc"),
    ]

    @Test(arguments: PlantedBug.allCases)
    func plantedBug_isCaughtWithinItsSeedBudget(_ bug: PlantedBug) {
        let checker = Self.expectations.first { $0.0 == bug }?.1 ?? "?"
        let s = tinyScenario(durationMs: bug == .dropEscalationIdempotence ? 40 * 60_000 : 10 * 60_000)
        var caughtAt: UInt64?
        for seed in 1...UInt64(bug.seedsToCatchMax) {
            let r = Simulation.run(scenario: s, seed: seed, plant: bug, options: SimulationOptions(statusLines: false))
            if r.violations.contains(where: { $0.checker == checker }) {
                caughtAt = seed
                break
            }
        }
        #expect(caughtAt != nil, "\(bug.rawValue) was not caught by \(checker) within \(bug.seedsToCatchMax) seeds")
    }

    @Test func tinyScenario_withoutPlant_passes() {
        let r = Simulation.run(scenario: tinyScenario(), seed: 1)
        #expect(r.verdict == .pass, "\(r.violations.prefix(5).map(\.description))")
        #expect(r.stats.escalations > 0)
        #expect(r.stats.crashes == 1)
    }

    @Test func shrink_returnsAShorterLogThatStillFails() {
        let s = tinyScenario(durationMs: 4 * 60_000)
        let failing = Simulation.run(scenario: s, seed: 1, plant: .ackBeforePersist,
                                     options: SimulationOptions(recordChoices: true, statusLines: false))
        #expect(failing.verdict == .fail)
        let shrunk = Simulation.shrink(scenario: s, failing: failing, plant: .ackBeforePersist, runsMax: 24)
        #expect(shrunk.choiceLog.count < failing.choiceLog.count)
        #expect(shrunk.result.violations.contains { $0.checker == "durability" })
        let again = Simulation.replay(scenario: s, choiceLog: shrunk.choiceLog, plant: .ackBeforePersist)
        #expect(again.verdict == .fail)
    }
}
