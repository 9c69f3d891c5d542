import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import CourtyardRuntime
import CourtyardSimulation
import Synchronization

// MARK: - ActorSimSettings

/// The runtime settings every simulated node runs with, and the bounds the checkers hold
/// them to.
public struct ActorSimSettings: Sendable {
    public var membership: MembershipSettings
    /// How long a replicated write may wait for its consistency level.
    public var writeTimeoutMs: Int64 = 5_000
    /// How often each node's membership view is observed for the failure-detection checks.
    public var observeEveryMs: Int64 = 2_000
    /// How late an escalation may be recorded after its deadline (the scheduler's longest
    /// sleep plus slack), on a site that stayed up.
    public var escalationLatenessMaxMs: Int64 = 45_000
    /// BUGGIFY: legal fault points compiled into the runtime, switched on per site.
    public var buggify = true
    public var buggifyEnableChance = 0.25
    public var buggifyFireChance = 0.05
    /// Keep every trace record (for a JSON trace); the hash is kept either way.
    public var collectTrace = false
    /// Jobs one virtual instant may run before the run is declared livelocked.
    public var jobsPerInstantMax = 2_000_000

    public init() {
        var m = MembershipSettings()
        m.probeIntervalMs = 1_000
        m.probeTimeoutMs = 400
        m.suspicionTimeoutMinMs = 2_000
        m.suspicionTimeoutMaxMs = 8_000
        m.stableAfterMs = 3_000
        m.pushPullIntervalMs = 10_000
        m.joinRetryIntervalMs = 1_000
        membership = m
    }

    /// The longest a crashed node may stay undeclared down by a live node that can reach the
    /// others: a probe round, the longest suspicion, the stable-after window, and the
    /// observation period.
    public var detectionBoundMs: Int64 {
        2 * membership.probeIntervalMs + membership.suspicionTimeoutMaxMs + membership.stableAfterMs
            + observeEveryMs + 2_000
    }
}

// MARK: - SimWorld

/// Everything one actor-simulation run shares: the scheduler (run queue, virtual time,
/// randomness), the virtual clock, the network, the sites, and the record of what the
/// workload was told (acknowledged writes) that the checkers judge the cluster by.
public final class SimWorld: @unchecked Sendable {
    public let scheduler: SimScheduler
    public let clock: SimVirtualClock
    public let network: SimClusterNetwork
    public let settings: ActorSimSettings
    /// Wall-clock time at virtual time zero (2026-03-02 08:00 +08:00 shifted by the start hour).
    public let epochMs: Int64
    public private(set) var sites: [SimSite] = []
    public let hq: ReplicaID?
    let seeds: [Endpoint]
    let records = Mutex(WorldRecords())
    public let seed: UInt64
    public let plant: ActorPlantedBug?

    init(scenario: Scenario, seed: UInt64, settings: ActorSimSettings, plant: ActorPlantedBug?) {
        self.seed = seed
        self.plant = plant
        scheduler = SimScheduler(seed: seed, collectTrace: settings.collectTrace)
        clock = SimVirtualClock(scheduler: scheduler)
        network = SimClusterNetwork(scheduler: scheduler, settings: scenario.link)
        self.settings = settings
        // 2026-03-02T00:00:00+08:00, then the scenario's start hour.
        epochMs = 1_772_380_800_000 + Int64(scenario.startHour) * 3_600_000
        hq = scenario.hq.map { ReplicaID($0) }
        // Every node may join through any other (each skips its own endpoint), as the
        // local cluster's configuration does: a node downed after a partition must find a
        // way back in even when it is the first seed itself.
        seeds = scenario.sites.map { Endpoint(host: $0, port: 7946) }
        sites = scenario.sites.enumerated().map { SimSite(index: $0.offset, site: ReplicaID($0.element), world: self) }
        switches = makeFaultPoints()
    }

    /// Each site's BUGGIFY switch (the same across its lives).
    private(set) var switches: [SimFaultPoints] = []

    func faultPoints(for site: SimSite) -> any FaultPointSwitch { switches[site.index] }

    /// A cluster life of `site` was declared down by the others and rejoins.
    func noteRejoin(_ site: SimSite) {
        scheduler.trace("rejoin", "\(site.site)")
        records.withLock { $0.rejoins += 1 }
    }

    public func site(named name: ReplicaID) -> SimSite? { sites.first { $0.site == name } }

    /// Records a broken invariant at the current virtual time.
    func violate(_ checker: String, _ message: String) {
        let atMs = scheduler.nowMs
        scheduler.trace("violation", "\(checker): \(message)")
        records.withLock { $0.violations.append(Violation(checker: checker, atMs: atMs, message: message)) }
    }

    /// Before a restart: the own-event HLC floor the new life must stay above.
    func noteRestart(_ site: SimSite) {
        let own = site.log.committed.filter { $0.id.origin == site.site }
        let floor = own.map(\.id.hlc).max()
        let count = site.log.committed.count
        let atMs = scheduler.nowMs
        records.withLock { r in
            r.restarts[site.index, default: []].append((floor: floor, logCount: count))
            if var spans = r.downtimes[site.index], let last = spans.last, last.1 == nil {
                spans[spans.count - 1] = (last.0, atMs)
                r.downtimes[site.index] = spans
            }
        }
    }

    func noteCrash(_ site: SimSite) {
        let atMs = scheduler.nowMs
        records.withLock { $0.downtimes[site.index, default: []].append((atMs, nil)) }
    }

    func noteFaultWindow(sites: [Int], fromMs: Int64, toMs: Int64) {
        records.withLock { r in
            for i in sites { r.faultWindows[i, default: []].append((fromMs, toMs)) }
        }
    }
}

// MARK: - Records

/// A write the workload was told succeeded, with what was true when it was told.
public struct AckedWrite: Sendable, Hashable {
    public let site: ReplicaID
    public let ticket: TicketID
    public let events: [EventID]
    public let consistency: ConsistencyLevel
    public let atMs: Int64
    /// Durable copies of every event when the ack was given.
    public let copiesAtAck: Int
    /// Copies the level demanded, given the members the writer saw alive.
    public let copiesNeeded: Int
}

/// One node's membership view at an instant.
public struct MembershipObservation: Sendable, Hashable {
    public let atMs: Int64
    public let observer: Int
    /// Sites this node considers down or dead (any life).
    public let down: Set<Int>
    /// Sites this node considers alive (up or suspect).
    public let alive: Set<Int>
}

struct WorldRecords {
    var acked: [AckedWrite] = []
    var writesFailed = 0
    var rejoins = 0
    var writesRefusedDown = 0
    var followUps = 0
    var followUpsRefused = 0
    var observations: [MembershipObservation] = []
    /// Per site: (crash virtual ms, restart virtual ms or nil).
    var downtimes: [Int: [(Int64, Int64?)]] = [:]
    /// Per site: own-event HLC floor at each restart and the log length then.
    var restarts: [Int: [(floor: HLCTimestamp?, logCount: Int)]] = [:]
    /// Virtual-time windows with a network, disk or clock fault, per site (for the bounds).
    var faultWindows: [Int: [(Int64, Int64)]] = [:]
    var violations: [Violation] = []
    var statusLines: [String] = []
}
