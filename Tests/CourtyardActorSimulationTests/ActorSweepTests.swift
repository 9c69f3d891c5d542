import CourtyardActorSimulation
import CourtyardSimulation
import Foundation
import Testing

/// The bounded sweep CI runs on the actor layer: every scenario of simulations/, played
/// six times faster, on two seeds each; every invariant must hold.
@Suite struct ActorSweepTests {
    static let scenariosDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("simulations")

    static var scenarioFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted()
    }

    @Test func everyScenarioFileIsFound() async {
        #expect(Self.scenarioFiles.count >= 6)
    }

    @Test(arguments: scenarioFiles)
    func scenario_holdsEveryInvariant_onTwoSeeds(_ file: String) async throws {
        let text = try String(contentsOf: Self.scenariosDirectory.appendingPathComponent(file), encoding: .utf8)
        let scenario = try Scenario(toml: text).timeScaled(by: 6)
        for seed: UInt64 in [1, 2] {
            let result = try await offPool { try ActorSimulation.run(scenario: scenario, seed: seed) }
            for v in result.violations { Issue.record("\(file) seed \(seed): \(v)") }
            #expect(result.stats.acked > 0, "\(file) seed \(seed) acknowledged nothing: \(result.summaryLine)")
            #expect(result.stats.escapes == 0)
        }
    }

    @Test func swarmMode_isDeterministicPerSeed_andVariesTheConfiguration() async throws {
        var scenario = try smallScenario(minutes: 5)
        scenario.swarm = true
        var settings = ActorSimSettings()
        settings.collectTrace = true
        let a = try await offPool { [scenario, settings] in try ActorSimulation.run(scenario: scenario, seed: 21, settings: settings) }
        let b = try await offPool { [scenario, settings] in try ActorSimulation.run(scenario: scenario, seed: 21, settings: settings) }
        if let i = a.trace.indices.first(where: { $0 < b.trace.count && a.trace[$0] != b.trace[$0] }) {
            Issue.record("diverged at record \(i): \(a.trace[i]) vs \(b.trace[i]); before: \(a.trace[max(0, i - 3)..<i])")
        }
        #expect(a.traceHash == b.traceHash)
        #expect(a.stats.escapes == 0, "\(a.summaryLine)")
        #expect(a.stats == b.stats, "\(a.summaryLine) vs \(b.summaryLine)")
        var hashes: Set<TraceHash> = []
        for seed: UInt64 in 22...25 {
            hashes.insert(try await offPool { [scenario] in try ActorSimulation.run(scenario: scenario, seed: seed) }.traceHash)
        }
        #expect(hashes.count == 4)
        for v in a.violations { Issue.record("\(v)") }
    }
}
