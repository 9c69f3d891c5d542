import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication
import CourtyardRuntime
import CourtyardSimulation

// MARK: - ActorSimulation

/// `courtyard simulate run --layer actors`: the real runtime actors of every site of a
/// scenario — membership, replication, remote actors, ticket service, escalation — on one
/// seeded run queue with virtual time, driven by the scenario's workload and fault plan,
/// and judged by the checkers. The same scenario and seed always take the same path and
/// end with the same trace hash.
public enum ActorSimulation {
    public static func run(scenario: Scenario, seed: UInt64, plant: ActorPlantedBug? = nil,
                           settings: ActorSimSettings = ActorSimSettings()) throws -> ActorSimulationResult {
        try scenario.validate()
        var scenario = scenario
        var settings = settings
        if scenario.swarm { swarm(&scenario, &settings, seed: seed) }
        let world = SimWorld(scenario: scenario, seed: seed, settings: settings, plant: plant)
        let driver = ActorRunDriver(world: world, scenario: scenario)
        return try driver.run()
    }
}

extension ActorSimulation {
    /// Swarm mode: the link behaviour and the BUGGIFY configuration are drawn from the
    /// seed (a stream of its own, so the run's other draws do not shift), so a sweep of
    /// seeds explores configurations no one wrote down.
    static func swarm(_ scenario: inout Scenario, _ settings: inout ActorSimSettings, seed: UInt64) {
        var rng = SimRandom(seed: seed ^ 0x5357_4152_4D21, recording: false)
        func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }
        scenario.link.dropRate = pick([0, 0, 0.01, 0.05])
        scenario.link.duplicateRate = pick([0, 0.01, 0.05])
        scenario.link.delayMaxMs = pick([5, 20, 100, 400])
        scenario.link.slowRate = pick([0, 0.01])
        settings.buggify = pick([false, true, true])
        settings.buggifyEnableChance = pick([0.1, 0.25, 0.5, 1.0])
        settings.buggifyFireChance = pick([0.01, 0.05, 0.2])
    }
}

// MARK: - ActorRunDriver

/// Schedules the workload, the faults, the observations and the status lines onto the
/// world's virtual time, runs it, heals and quiesces, and asks the checkers.
final class ActorRunDriver: @unchecked Sendable {
    let world: SimWorld
    let scenario: Scenario
    var stats = ActorSimulationStats()

    init(world: SimWorld, scenario: Scenario) {
        self.world = world
        self.scenario = scenario
    }

    var scheduler: SimScheduler { world.scheduler }

    func run() throws -> ActorSimulationResult {
        for site in world.sites {
            let delayMs = Int64(scheduler.draw(below: 2_000))
            scheduler.schedule(afterMs: delayMs) { [self] in startSite(site) }
        }
        scheduleWorkload()
        for fault in scenario.faults { scheduleFault(fault) }
        scheduleObservations(untilMs: scenario.durationMs + scenario.quiesceMs)
        scheduleStatus(untilMs: scenario.durationMs + scenario.quiesceMs)
        var end = scheduler.run(untilMs: scenario.durationMs, jobsPerInstantMax: world.settings.jobsPerInstantMax)
        if case .livelock = end { return finish(end: end) }
        heal()
        end = scheduler.run(untilMs: scenario.durationMs + scenario.quiesceMs,
                            jobsPerInstantMax: world.settings.jobsPerInstantMax)
        return finish(end: end)
    }

    func startSite(_ site: SimSite) {
        site.start()
    }

    /// The final phase: every link mended, every disk healthy, every node up.
    func heal() {
        scheduler.trace("heal", "all")
        world.network.healAll()
        for site in world.sites {
            site.log.failing = nil
            if !site.isUp { restart(site) }
        }
    }

    func restart(_ site: SimSite) {
        world.noteRestart(site)
        startSite(site)
    }

    private func finish(end: SimScheduler.RunEnd) -> ActorSimulationResult {
        if case .livelock(let jobs) = end {
            world.violate("liveness", "\(jobs) jobs ran without virtual time moving (a livelock)")
        }
        let checkers = ActorCheckers(world: world, scenario: scenario)
        checkers.runFinalChecks()
        stats.jobs = scheduler.jobsRun
        stats.jobsDropped = scheduler.jobsDropped
        let net = world.network.statistics
        stats.messagesDelivered = net.delivered
        stats.messagesLost = net.dropped + net.lostInPartition + net.lostToCrash
        let records = world.records.withLock { $0 }
        stats.acked = records.acked.count
        stats.writesFailed = records.writesFailed
        stats.writesRefusedDown = records.writesRefusedDown
        stats.followUps = records.followUps
        stats.escapes = Int(scheduler.escapes)
        stats.rejoins = records.rejoins
        stats.faultPointsFired = world.switches.reduce(0) { $0 + $1.fired.values.reduce(0, +) }
        return ActorSimulationResult(scenario: scenario.name, seed: world.seed, plant: world.plant,
                                     violations: records.violations.sorted { ($0.atMs, $0.checker, $0.message) < ($1.atMs, $1.checker, $1.message) },
                                     traceHash: scheduler.traceHash, statusLines: records.statusLines, stats: stats,
                                     trace: scheduler.records)
    }
}

// MARK: - Stats

public struct ActorSimulationStats: Sendable, Hashable {
    public var calls = 0
    public var acked = 0
    public var writesFailed = 0
    public var writesRefusedDown = 0
    public var followUps = 0
    public var crashes = 0
    public var jobs = 0
    public var jobsDropped = 0
    public var messagesDelivered = 0
    public var messagesLost = 0
    public var escapes = 0
    public var rejoins = 0
    public var faultPointsFired = 0
}
