// MARK: - Simulation

/// The core simulator's API (DESIGN §5, layer 1): run a scenario from a seed, replay a
/// choice log, shrink a failing run, sweep seeds in swarm mode. Deterministic: the same
/// scenario, seed and plant give the same trace hash on every machine.
public enum Simulation {
    /// Runs `scenario` from `seed`, with an optional planted bug.
    public static func run(scenario: Scenario, seed: UInt64, plant: PlantedBug? = nil,
                           options: SimulationOptions = SimulationOptions()) -> SimulationResult {
        execute(scenario: scenario, rng: SimRandom(seed: seed, recording: options.recordChoices),
                seed: seed, plant: plant, options: options)
    }

    /// Replays a recorded choice log (draws past its end are 0, the simplest choice).
    public static func replay(scenario: Scenario, choiceLog: [UInt64], plant: PlantedBug? = nil,
                              options: SimulationOptions = SimulationOptions()) -> SimulationResult {
        execute(scenario: scenario, rng: SimRandom(replaying: choiceLog, recording: options.recordChoices),
                seed: nil, plant: plant, options: options)
    }

    /// Runs `seeds` with the fault configuration randomised per seed (swarm testing).
    public static func swarm(scenario: Scenario, seeds: some Sequence<UInt64>, plant: PlantedBug? = nil,
                             options: SimulationOptions = SimulationOptions(statusLines: false)) -> [SimulationResult] {
        var s = scenario
        s.swarm = true
        return seeds.map { run(scenario: s, seed: $0, plant: plant, options: options) }
    }

    static func execute(scenario: Scenario, rng: SimRandom, seed: UInt64?, plant: PlantedBug?,
                        options: SimulationOptions) -> SimulationResult {
        do {
            var sim = try Simulator(scenario: scenario, rng: rng, plant: plant, options: options)
            let stats = sim.run()
            return SimulationResult(scenario: scenario.name, seed: seed, plant: plant, violations: sim.checker.violations,
                                    traceHash: sim.trace, statusLines: sim.statusLines, stats: stats,
                                    choiceLog: sim.rng.choiceLog, drawCount: sim.rng.drawCount, trace: sim.traceRecords)
        } catch {
            let v = Violation(checker: "internal", atMs: 0, message: "could not start the simulation: \(error)")
            return SimulationResult(scenario: scenario.name, seed: seed, plant: plant, violations: [v],
                                    traceHash: TraceHash(), statusLines: [], stats: SimulationStats(),
                                    choiceLog: [], drawCount: 0, trace: [])
        }
    }
}
