import Testing
import CourtyardSimulation

@Suite struct ParserTests {
    @Test func everyScenarioFile_parses() throws {
        for file in tomlFiles(in: simulationsDirectory) {
            let s = try scenario(String(file.dropLast(5)))
            #expect(s.sites.count >= 2)
        }
        #expect(tomlFiles(in: simulationsDirectory).count >= 7)
    }

    @Test func typhoonNight_hasItsPartitionAndSurge() throws {
        let s = try scenario("typhoon-night")
        #expect(s.faults == [TimedFault(atMs: 20 * 60_000, action: .partition([0], [2], durationMs: 40 * 60_000))])
        #expect(s.workload.surges.first?.factor == 10)
    }

    @Test func callCenterTables_parse() throws {
        let s = try scenario("water-outage")
        #expect(s.callCenter.agentCounts == [8, 2, 2, 2])
        #expect(s.callCenter.agents(atSite: 1) == 2)
        #expect(s.callCenter.talkMinMs == 60_000 && s.callCenter.talkMaxMs == 180_000)
        #expect(s.callCenter.overflowAfterMs == 10_000)
        #expect(s.callCenter.returningRate == 0.5)
        #expect(s.callCenter.patienceMinMs == 60_000 && s.callCenter.patienceMaxMs == 300_000)
        #expect(try scenario("typhoon-night").callCenter.agentsPerSite == 3)
        #expect(try scenario("steady-weekday").callCenter.agentsPerSite == CallCenterSettings().agentsPerSite)
    }

    @Test func badCallCenterInput_isRefused() {
        let head = "name = \"x\"\n[cluster]\nsites = [\"hq\", \"nb\"]\n"
        let cases: [(String, String)] = [
            ("[agents]\ncounts = [1, 2, 3]", "one value per site"),
            ("[agents]\nper_site = 500", "per_site must be"),
            ("[agents]\ntalk = \"5m..1m\"", "FROM must not be after TO"),
            ("[agents]\nwrap = \"1m\"", "unknown key 'wrap'"),
            ("[callers]\nivr_keys = [\"8\"]", "ivr_keys"),
            ("[callers]\npatience = \"1m\"", "expected 'FROM..TO'"),
        ]
        for (text, expected) in cases {
            do {
                _ = try Scenario(toml: head + text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should mention \(expected)")
            }
        }
    }

    @Test func badInput_isRefusedWithTheLine() {
        let cases: [(String, String)] = [
            ("name = \"x\"\n[cluster]\nsites = [\"hq\", \"nb\"\nduration = 5", "line 3: expected , or ]"),
            ("name = x", "double quotes"),
            ("name = \"x\"\n[cluster]\nsites = [\"hq\", \"nb\"]\n[nonsense]", "unknown table"),
            ("name = \"x\"\n[cluster]\nsites = [\"hq\", \"nb\"]\nspeed = 3", "unknown key 'speed'"),
            ("name = \"x\"\n[cluster]\nsites = [\"hq\", \"nb\"]\n[faults]\nplan = [\"at 5m crash mars for 1m\"]", "unknown site 'mars'"),
            ("name = \"x\"\n[cluster]\nsites = [\"hq\", \"nb\"]\n[faults]\nplan = [\"at 5 crash hq for 1m\"]", "bad duration"),
            ("name = \"x\"\nname = \"y\"", "line 2"),
        ]
        for (text, expected) in cases {
            do {
                _ = try Scenario(toml: text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should mention \(expected)")
            }
        }
    }

    @Test func choiceLogText_roundTrips() throws {
        let log: [UInt64] = [0, 1, .max, 0xdead_beef]
        #expect(try ChoiceLogText.parse(ChoiceLogText.render(log, header: "test")) == log)
    }

    @Test func exhaustedReplay_drawsTheSimplestChoices() {
        var r = SimRandom(replaying: [])
        #expect(r.chance(0.99) == false)
        #expect(r.int(in: 5...10) == 5)
        #expect(r.below(7) == 0)
    }
}
