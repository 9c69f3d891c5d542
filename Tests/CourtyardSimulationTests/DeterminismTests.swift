import Testing
import CourtyardSimulation

@Suite struct DeterminismTests {
    @Test(arguments: ["tiny", "typhoon-night", "crash-at-peak"])
    func sameSeedTwice_givesTheSameTraceHash(_ name: String) throws {
        let s = name == "tiny" ? tinyScenario(durationMs: 10 * 60_000) : try scenario(name).timeScaled(by: 6)
        let a = Simulation.run(scenario: s, seed: 7)
        let b = Simulation.run(scenario: s, seed: 7)
        #expect(a.traceHash == b.traceHash)
        #expect(a.statusLines == b.statusLines)
        #expect(a.traceHash.records > 1_000)
    }

    @Test func differentSeeds_giveDifferentTraceHashes() {
        let s = tinyScenario(durationMs: 5 * 60_000)
        let hashes = (1...4).map { Simulation.run(scenario: s, seed: $0).traceHash }
        #expect(Set(hashes).count == 4)
    }

    @Test func replayOfTheChoiceLog_reproducesTheRun() {
        let s = tinyScenario(durationMs: 5 * 60_000)
        let run = Simulation.run(scenario: s, seed: 11, options: SimulationOptions(recordChoices: true))
        #expect(run.choiceLog.count == run.drawCount)
        let replay = Simulation.replay(scenario: s, choiceLog: run.choiceLog)
        #expect(replay.traceHash == run.traceHash)
        #expect(replay.seed == nil)
    }

    @Test func jsonTrace_holdsEveryRecordAndTheVerdict() {
        let s = tinyScenario(durationMs: 2 * 60_000)
        let r = Simulation.run(scenario: s, seed: 3, options: SimulationOptions(collectTrace: true))
        let lines = r.jsonTrace().split(separator: "\n")
        #expect(lines.count == r.trace.count + 1)
        #expect(r.trace.count == r.traceHash.records)
        #expect(lines.last?.contains("\"verdict\":\"PASS\"") == true)
        #expect(lines.last?.contains(r.traceHash.description) == true)
    }
}
