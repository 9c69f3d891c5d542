@testable import CourtyardActorSimulation
import CourtyardSimulation
import Testing

/// A run depends on its seed only: not on heap addresses (per-instance hash seeds, object
/// identities) nor on other simulations or escapes on other threads of the process.
@Suite struct ActorDeterminismTests {
    @Test func swarmSeed_sameTraceUnderHeapPerturbation() async throws {
        var scenario = try smallScenario(minutes: 5)
        scenario.swarm = true
        var settings = ActorSimSettings()
        settings.collectTrace = true
        let a = try await offPool { [scenario, settings] in try ActorSimulation.run(scenario: scenario, seed: 21, settings: settings) }
        var junk: [[UInt8]] = []
        for i in 0..<5_000 { junk.append([UInt8](repeating: UInt8(i % 251), count: 16 + (i * 37) % 700)) }
        let b = try await offPool { [scenario, settings] in try ActorSimulation.run(scenario: scenario, seed: 21, settings: settings) }
        _ = junk.count
        if let i = a.trace.indices.first(where: { $0 < b.trace.count && a.trace[$0] != b.trace[$0] }) {
            Issue.record("diverged at record \(i): \(a.trace[i]) vs \(b.trace[i]); before: \(a.trace[max(0, i - 3)..<i])")
        }
        #expect(a.traceHash == b.traceHash)
    }
}
