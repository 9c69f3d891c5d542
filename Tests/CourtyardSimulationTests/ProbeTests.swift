import Testing
import CourtyardSimulation

@Suite struct ProbeTests {
    @Test func probe() throws {
        for (name, s) in [("tiny", tinyScenario()), ("typhoon", try scenario("typhoon-night").timeScaled(by: 4)), ("steady", try scenario("steady-weekday").timeScaled(by: 8))] {
            let r = Simulation.run(scenario: s, seed: 1)
            print(name, r.summaryLine)
            print(r.verdictLine, r.violations.prefix(5).map(\.description))
            print(r.statusLines.suffix(5).joined(separator: "\n"))
        }
    }
}
