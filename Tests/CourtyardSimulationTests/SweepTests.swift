import Testing
import CourtyardSimulation

@Suite struct SweepTests {
    /// A bounded swarm sweep: fault points and network rates randomised per seed.
    @Test func swarmSweep_everySeedPasses() async {
        let results = await offPoolValue { Simulation.swarm(scenario: tinyScenario(durationMs: 6 * 60_000), seeds: 1...20) }
        let failed = results.filter { $0.verdict == .fail }
        #expect(failed.isEmpty, "\(failed.map { "\($0.verdictLine): \($0.violations.prefix(2).map(\.description))" })")
    }

    /// Every recorded regression seed replays to its recorded verdict.
    @Test func regressionSeeds_replayToTheirVerdicts() async throws {
        let dir = "\(simulationsDirectory)/regression-seeds"
        let files = tomlFiles(in: dir)
        #expect(files.count >= 3)
        for file in files {
            guard let text = readText("\(dir)/\(file)") else { throw ScenarioError("cannot read \(file)") }
            let entry = try RegressionSeed(toml: text)
            var s = try scenario(entry.scenario)
            s = s.timeScaled(by: entry.timeScale)
            let r = await offPoolValue { [s] in Simulation.run(scenario: s, seed: entry.seed, plant: entry.plant,
                                   options: SimulationOptions(statusLines: false)) }
            #expect(r.verdict == entry.verdict, "\(file): \(r.verdictLine)")
        }
    }
}
