import Testing
import CourtyardSimulation

@Suite struct DeterminismTests {
    @Test(arguments: ["tiny", "typhoon-night", "crash-at-peak"])
    func sameSeedTwice_givesTheSameTraceHash(_ name: String) async throws {
        let s = name == "tiny" ? tinyScenario(durationMs: 10 * 60_000) : try scenario(name).timeScaled(by: 6)
        let a = await offPoolValue { Simulation.run(scenario: s, seed: 7) }
        let b = await offPoolValue { Simulation.run(scenario: s, seed: 7) }
        #expect(a.traceHash == b.traceHash)
        #expect(a.statusLines == b.statusLines)
        #expect(a.traceHash.records > 1_000)
    }

    @Test func differentSeeds_giveDifferentTraceHashes() async {
        let s = tinyScenario(durationMs: 5 * 60_000)
        var hashes: [TraceHash] = []
        for seed: UInt64 in 1...4 { hashes.append(await offPoolValue { Simulation.run(scenario: s, seed: seed) }.traceHash) }
        #expect(Set(hashes).count == 4)
    }

    @Test func replayOfTheChoiceLog_reproducesTheRun() async {
        let s = tinyScenario(durationMs: 5 * 60_000)
        let run = await offPoolValue { Simulation.run(scenario: s, seed: 11, options: SimulationOptions(recordChoices: true)) }
        #expect(run.choiceLog.count == run.drawCount)
        let replay = await offPoolValue { Simulation.replay(scenario: s, choiceLog: run.choiceLog) }
        #expect(replay.traceHash == run.traceHash)
        #expect(replay.seed == nil)
    }

    @Test func jsonTrace_holdsEveryRecordAndTheVerdict() async {
        let s = tinyScenario(durationMs: 2 * 60_000)
        let r = await offPoolValue { Simulation.run(scenario: s, seed: 3, options: SimulationOptions(collectTrace: true)) }
        let lines = r.jsonTrace().split(separator: "\n")
        #expect(lines.count == r.trace.count + 1)
        #expect(r.trace.count == r.traceHash.records)
        #expect(lines.last?.contains("\"verdict\":\"PASS\"") == true)
        #expect(lines.last?.contains(r.traceHash.description) == true)
    }
}
