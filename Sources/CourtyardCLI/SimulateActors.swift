import ArgumentParser
import CourtyardActorSimulation
import CourtyardSimulation
import Foundation

// MARK: - The actor layer from the CLI

/// `simulate run|replay|swarm --layer actors`: the same output shape as the core layer —
/// status lines, a summary, every violation, the replay command, and a last line with the
/// seed, the verdict and the trace hash.
enum ActorLayerCommands {
    static func plant(_ target: SimulationTarget) throws -> ActorPlantedBug? {
        do {
            return try target.plant.map { name throws(ScenarioError) in try ActorPlantedBug.named(name) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func run(scenario: Scenario, target: SimulationTarget, seed: UInt64, runs: Int, quiet: Bool,
                    jsonTrace: String? = nil) throws {
        let plant = try plant(target)
        var failed = 0
        var combined = TraceHash()
        var last: ActorSimulationResult?
        for k in 0..<runs {
            let r = try simulate(scenario, seed: seed &+ UInt64(k), plant: plant, collectTrace: jsonTrace != nil && k == runs - 1)
            report(r, scenarioPath: target.scenario, statusLines: !quiet && runs == 1)
            if runs > 1 { print(r.verdictLine) }
            if r.verdict == .fail { failed += 1 }
            combined.add(r.traceHash.description)
            last = r
        }
        if let path = jsonTrace, let last { try last.jsonTrace().write(toFile: path, atomically: true, encoding: .utf8) }
        if runs > 1 {
            print("seed=\(seed)+\(runs) scenario=\(scenario.name) layer=actors verdict=\(failed == 0 ? "PASS" : "FAIL") failed=\(failed) trace=\(combined)")
        } else if let last {
            print(last.verdictLine)
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func replay(scenario: Scenario, target: SimulationTarget, seed: UInt64, expectTrace: String?) throws {
        let r = try simulate(scenario, seed: seed, plant: try plant(target))
        report(r, scenarioPath: target.scenario, statusLines: true)
        print(r.verdictLine)
        if let expected = expectTrace, expected != r.traceHash.description {
            print("trace \(r.traceHash) differs from the expected \(expected)")
            throw ExitCode(2)
        }
        if r.verdict == .fail { throw ExitCode(1) }
    }

    private static func simulate(_ scenario: Scenario, seed: UInt64, plant: ActorPlantedBug?,
                                 collectTrace: Bool = false) throws -> ActorSimulationResult {
        var settings = ActorSimSettings()
        settings.collectTrace = collectTrace
        do {
            return try ActorSimulation.run(scenario: scenario, seed: seed, plant: plant, settings: settings)
        } catch let error as ScenarioError {
            throw ValidationError(error.description)
        }
    }

    private static func report(_ r: ActorSimulationResult, scenarioPath: String, statusLines: Bool) {
        if statusLines { r.statusLines.forEach { print($0) } }
        print(r.summaryLine)
        for v in r.violations { print("VIOLATION \(v)") }
        if r.verdict == .fail { print("replay: \(r.replayCommand(scenarioPath: scenarioPath))") }
    }
}
