import ArgumentParser
import CourtyardActorSimulation
import CourtyardSimulation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - simulate

/// `courtyard simulate`: the deterministic chaos simulator (docs/simulation.md).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run deterministic chaos simulations of a whole cluster from a seed.",
        subcommands: [SimulateRun.self, SimulateReplay.self, SimulateShrink.self, SimulateSwarm.self])
}

/// Options every simulate subcommand shares.
struct SimulationTarget: ParsableArguments {
    @Option(help: "Scenario file (simulations/*.toml).")
    var scenario: String

    @Option(help: "Planted bug to prove the checkers (core: \(PlantedBug.allCases.map(\.rawValue).joined(separator: ", ")); actors: \(ActorPlantedBug.allCases.map(\.rawValue).joined(separator: ", "))).")
    var plant: String?

    @Option(help: "Simulator layer: 'core' (the pure cores of every site) or 'actors' (the real runtime actors on a deterministic executor).")
    var layer: String = "core"

    @Option(help: "Play the scenario this many times faster (faults and surges scale too).")
    var timeScale: Int64 = 1

    @Flag(help: "Randomise the fault configuration from the seed (swarm mode).")
    var swarm = false

    var isActorLayer: Bool { layer == "actors" }

    func load() throws -> (Scenario, PlantedBug?) {
        guard layer == "core" || layer == "actors" else { throw ValidationError("--layer \(layer): use 'core' or 'actors'") }
        DeterministicHashing.ensure()
        let text: String
        do { text = try String(contentsOfFile: scenario, encoding: .utf8) } catch {
            throw ValidationError("cannot read scenario \(scenario): \(error.localizedDescription)")
        }
        do {
            var s = try Scenario(toml: text).timeScaled(by: max(1, timeScale))
            if swarm { s.swarm = true }
            if isActorLayer { return (s, nil) }
            return (s, try plant.map { name throws(ScenarioError) in try PlantedBug.named(name) })
        } catch {
            throw ValidationError("\(scenario): \(error.description)")
        }
    }
}

// MARK: - run

struct SimulateRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a scenario from a seed.")

    @OptionGroup var target: SimulationTarget
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Run seeds seed, seed+1, … this many.") var runs: Int = 1
    @Option(help: "Write the JSON-lines trace of the (last) run here.") var jsonTrace: String?
    @Option(help: "Write the choice log of the (last) run here (for shrink/replay).") var choiceLogOut: String?
    @Flag(help: "Do not print status lines.") var quiet = false

    func run() throws {
        let (scenario, plant) = try target.load()
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be 1...100000") }
        if target.isActorLayer {
            return try ActorLayerCommands.run(scenario: scenario, target: target, seed: seed, runs: runs, quiet: quiet,
                                              jsonTrace: jsonTrace)
        }
        let options = SimulationOptions(collectTrace: jsonTrace != nil, recordChoices: choiceLogOut != nil, statusLines: !quiet)
        var failed = 0
        var last: SimulationResult?
        for k in 0..<runs {
            let r = Simulation.run(scenario: scenario, seed: seed &+ UInt64(k), plant: plant, options: options)
            report(r, scenarioPath: target.scenario, statusLines: !quiet && runs == 1)
            if runs > 1 { print(r.verdictLine) }
            if r.verdict == .fail { failed += 1 }
            last = r
        }
        if let r = last {
            if let path = jsonTrace { try r.jsonTrace().write(toFile: path, atomically: true, encoding: .utf8) }
            if let path = choiceLogOut {
                try ChoiceLogText.render(r.choiceLog, header: r.verdictLine).write(toFile: path, atomically: true, encoding: .utf8)
            }
            if runs > 1 { print("runs=\(runs) failed=\(failed)") }
            print(r.verdictLine)
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Prints status lines, the summary and every violation with its replay command.
func report(_ r: SimulationResult, scenarioPath: String, statusLines: Bool) {
    if statusLines { r.statusLines.forEach { print($0) } }
    print(r.summaryLine)
    for v in r.violations { print("VIOLATION \(v)") }
    if r.verdict == .fail { print("replay: \(r.replayCommand(scenarioPath: scenarioPath))") }
}

// MARK: - replay

struct SimulateReplay: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Replay a seed or a recorded choice log.")

    @OptionGroup var target: SimulationTarget
    @Option(help: "Seed to replay.") var seed: UInt64?
    @Option(help: "Choice log file to replay (from run --choice-log-out or shrink).") var choiceLog: String?
    @Option(help: "Fail unless the trace hash equals this (0x…).") var expectTrace: String?
    @Option(help: "Write the JSON-lines trace here.") var jsonTrace: String?

    func run() throws {
        let (scenario, plant) = try target.load()
        if target.isActorLayer {
            guard let seed, choiceLog == nil else {
                throw ValidationError("the actor layer replays from --seed (choice logs belong to the core layer)")
            }
            return try ActorLayerCommands.replay(scenario: scenario, target: target, seed: seed, expectTrace: expectTrace)
        }
        let options = SimulationOptions(collectTrace: jsonTrace != nil)
        let r: SimulationResult
        switch (seed, choiceLog) {
        case (let s?, nil):
            r = Simulation.run(scenario: scenario, seed: s, plant: plant, options: options)
        case (nil, let path?):
            let log = try ChoiceLogText.parse(try String(contentsOfFile: path, encoding: .utf8))
            r = Simulation.replay(scenario: scenario, choiceLog: log, plant: plant, options: options)
        default:
            throw ValidationError("give exactly one of --seed and --choice-log")
        }
        report(r, scenarioPath: target.scenario, statusLines: true)
        if let path = jsonTrace { try r.jsonTrace().write(toFile: path, atomically: true, encoding: .utf8) }
        print(r.verdictLine)
        if let expected = expectTrace, expected != r.traceHash.description {
            print("trace \(r.traceHash) differs from the expected \(expected)")
            throw ExitCode(2)
        }
        if r.verdict == .fail { throw ExitCode(1) }
    }
}

// MARK: - shrink

struct SimulateShrink: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shrink", abstract: "Minimise the choice log of a failing seed.")

    @OptionGroup var target: SimulationTarget
    @Option(help: "The failing seed.") var seed: UInt64
    @Option(help: "Replays at most.") var runsMax: Int = 200
    @Option(help: "Where to write the shrunk choice log.") var out: String = "shrunk.choices"

    func run() throws {
        let (scenario, plant) = try target.load()
        if target.isActorLayer {
            throw ValidationError("shrink works on the core layer's choice log; reproduce with the core layer, or replay the actor run with its seed")
        }
        let failing = Simulation.run(scenario: scenario, seed: seed, plant: plant,
                                     options: SimulationOptions(recordChoices: true, statusLines: false))
        guard failing.verdict == .fail else {
            print(failing.verdictLine)
            throw ValidationError("seed \(seed) passes; nothing to shrink")
        }
        let s = Simulation.shrink(scenario: scenario, failing: failing, plant: plant, runsMax: runsMax)
        try ChoiceLogText.render(s.choiceLog, header: s.result.verdictLine).write(toFile: out, atomically: true, encoding: .utf8)
        for v in s.result.violations { print("VIOLATION \(v)") }
        print("shrunk \(s.originalLength) draws to \(s.choiceLog.count) in \(s.runs) replays; written to \(out)")
        print("replay: courtyard simulate replay --scenario \(target.scenario) --choice-log \(out)\(plant.map { " --plant \($0.rawValue)" } ?? "")")
        print("seed=\(seed) scenario=\(scenario.name) verdict=\(s.result.verdict.rawValue) trace=\(s.result.traceHash)")
        throw ExitCode(1)
    }
}

// MARK: - swarm

struct SimulateSwarm: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swarm", abstract: "Sweep seeds with fault configurations randomised per seed.")

    @OptionGroup var target: SimulationTarget
    @Option(help: "First seed.") var seed: UInt64 = 1
    @Option(help: "Seeds to run.") var runs: Int = 20

    func run() throws {
        var (scenario, plant) = try target.load()
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be 1...100000") }
        if target.isActorLayer {
            scenario.swarm = true
            return try ActorLayerCommands.run(scenario: scenario, target: target, seed: seed, runs: runs, quiet: true)
        }
        var combined = TraceHash()
        var failed = 0
        for r in Simulation.swarm(scenario: scenario, seeds: seed..<(seed &+ UInt64(runs)), plant: plant) {
            print(r.verdictLine)
            for v in r.violations.prefix(3) { print("  VIOLATION \(v)") }
            if r.verdict == .fail {
                failed += 1
                print("  replay: \(r.replayCommand(scenarioPath: target.scenario)) --swarm")
            }
            combined.add(r.traceHash.description)
        }
        print("seed=\(seed)+\(runs) scenario=\(scenario.name) verdict=\(failed == 0 ? "PASS" : "FAIL") failed=\(failed) trace=\(combined)")
        if failed > 0 { throw ExitCode(1) }
    }
}

// MARK: - Deterministic hashing

/// Re-executes this process with `SWIFT_DETERMINISTIC_HASHING=1` when it is not set, so no
/// `Set`/`Dictionary` order can differ between two runs of the same seed (DESIGN §5).
enum DeterministicHashing {
    static func ensure() {
        #if os(Linux)
        guard getenv("SWIFT_DETERMINISTIC_HASHING") == nil else { return }
        setenv("SWIFT_DETERMINISTIC_HASHING", "1", 1)
        let args = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        argv.append(nil)
        execve("/proc/self/exe", &argv, environ)
        // execve returns only on failure: carry on without deterministic hashing.
        FileHandle.standardError.write(Data("warning: could not re-execute with SWIFT_DETERMINISTIC_HASHING=1; continuing\n".utf8))
        #endif
    }
}
