import Testing
import CourtyardSimulation

/// Every scenario, shortened (`timeScaled`) so the suite stays fast, passes a few seeds and
/// is deterministic. (`water-outage` runs in CallCenterTests and PlantedBugTests.)
@Suite struct ScenarioRunTests {
    static let scenarios = ["steady-weekday", "typhoon-night", "crash-at-peak", "rolling-restart", "clock-ahead", "flapping-link"]

    static func quick(_ name: String) throws -> Scenario {
        try scenario(name).timeScaled(by: name == "steady-weekday" ? 8 : 4)
    }

    @Test(arguments: scenarios)
    func scenario_passesSeveralSeeds(_ name: String) async throws {
        let s = try Self.quick(name)
        for seed: UInt64 in [1, 2] {
            let r = await offPoolValue { Simulation.run(scenario: s, seed: seed, options: SimulationOptions(statusLines: false)) }
            #expect(r.verdict == .pass, "\(r.verdictLine)\n\(r.violations.prefix(5).map(\.description).joined(separator: "\n"))")
            #expect(r.stats.ticketsCreated > 0)
        }
    }
}
