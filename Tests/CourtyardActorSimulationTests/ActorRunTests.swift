@testable import CourtyardActorSimulation
import CourtyardSimulation
import Foundation
import Testing

/// A small cluster for quick runs: three sites, a few minutes, a busy workload.
func smallScenario(minutes: Int64 = 8, faults: [String] = []) throws -> Scenario {
    let plan = faults.map { "\"\($0)\"" }.joined(separator: ", ")
    return try Scenario(toml: """
    name = "small"
    [cluster]
    sites = ["hq", "north-bay", "east-lake"]
    hq = "hq"
    duration = "\(minutes)m"
    quiesce = "2m"
    status_every = "1m"
    [workload]
    calls_per_hour = 120
    curve = "flat"
    [faults]
    plan = [\(plan)]
    """)
}

@Suite struct ActorRunTests {
    @Test func faultFreeRun_passes_andAcknowledgesWrites() async throws {
        let result = try await offPool { try ActorSimulation.run(scenario: smallScenario(), seed: 1) }
        for v in result.violations { Issue.record("\(v)") }
        #expect(result.verdict == .pass)
        #expect(result.stats.acked > 20)
        #expect(result.stats.escapes == 0)
        print(result.summaryLine)
        print(result.statusLines.suffix(3).joined(separator: "\n"))
    }
}

@Suite struct ActorFaultRunTests {
    @Test func sameSeedTwice_sameTraceHash_differentSeed_differentHash() async throws {
        let scenario = try smallScenario(minutes: 6, faults: ["at 2m crash north-bay for 1m"])
        let a = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 7) }
        let b = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 7) }
        let c = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 8) }
        #expect(a.traceHash == b.traceHash)
        #expect(a.statusLines == b.statusLines)
        #expect(a.stats == b.stats)
        #expect(a.traceHash != c.traceHash)
    }

    @Test func crashAndRestart_convergesAndKeepsAcknowledgedWrites() async throws {
        let scenario = try smallScenario(minutes: 10, faults: ["at 3m crash north-bay for 2m"])
        let result = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 3) }
        for v in result.violations { Issue.record("\(v)") }
        #expect(result.verdict == .pass)
        #expect(result.stats.crashes == 1)
        #expect(result.stats.jobsDropped > 0)
    }

    @Test func partitionAndOneWayAndClog_healToIdenticalReplicas() async throws {
        let scenario = try smallScenario(minutes: 12, faults: [
            "at 2m partition hq | north-bay, east-lake for 3m",
            "at 6m one-way north-bay -> east-lake for 2m",
            "at 9m clog hq ~ east-lake for 30s",
        ])
        let result = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 5) }
        for v in result.violations { Issue.record("\(v)") }
        #expect(result.verdict == .pass)
        #expect(result.stats.messagesLost > 0)
    }

    @Test func skewJumpAndDiskFaults_pass() async throws {
        let scenario = try smallScenario(minutes: 10, faults: [
            "at 0s skew east-lake +90s",
            "at 4m jump north-bay -5s",
            "at 5m disk-error hq for 30s",
            "at 7m disk-full north-bay for 30s",
        ])
        let result = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 11) }
        for v in result.violations { Issue.record("\(v)") }
        #expect(result.stats.writesFailed > 0)
    }
}

@Suite struct ActorPlantedBugTests {
    /// Each planted bug is caught within its stated number of seeds.
    @Test(arguments: ActorPlantedBug.allCases)
    func plantedBug_isCaughtWithinItsSeedBudget(_ bug: ActorPlantedBug) async throws {
        let scenario: Scenario = switch bug {
        case .skipAntiEntropy:
            try smallScenario(minutes: 10, faults: ["at 2m partition hq | north-bay, east-lake for 3m"])
        case .forgetHLCOnRestart:
            try smallScenario(minutes: 6, faults: ["at 1m jump north-bay -5m", "at 2m crash north-bay for 1m"])
        }
        var caughtAt: UInt64?
        for seed in 1...UInt64(bug.seedsToCatchMax) {
            let result = try await offPool { try ActorSimulation.run(scenario: scenario, seed: seed, plant: bug) }
            if result.verdict == .fail {
                caughtAt = seed
                print("\(bug.rawValue) caught at seed \(seed): \(result.violations[0])")
                break
            }
        }
        #expect(caughtAt != nil, "\(bug.rawValue) was not caught within \(bug.seedsToCatchMax) seeds")
    }

    @Test func sameScenarioWithoutThePlant_passes() async throws {
        let scenario = try smallScenario(minutes: 6, faults: ["at 1m jump north-bay -5m", "at 2m crash north-bay for 1m"])
        let result = try await offPool { try ActorSimulation.run(scenario: scenario, seed: 1) }
        for v in result.violations { Issue.record("\(v)") }
    }
}

@Suite struct ActorNetworkAccountingTests {
    @Test func lostMessagesDuringAPartition_areCountedByType() async throws {
        let scenario = try smallScenario(minutes: 6, faults: ["at 1m partition hq | north-bay for 3m"])
        let world = SimWorld(scenario: scenario, seed: 2, settings: ActorSimSettings(), plant: nil)
        let result = try ActorRunDriver(world: world, scenario: scenario).run()
        let lost = world.network.statistics.lostByType.sorted { $0.value > $1.value }
        print("lost by type: \(lost.prefix(6))")
        #expect(result.verdict == .pass)
        #expect(!lost.isEmpty)
    }
}
