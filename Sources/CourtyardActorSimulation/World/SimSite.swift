import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import CourtyardRuntime
import Logging
import Synchronization

// MARK: - SimSite

/// One site of an actor-simulation run: its disk (which outlives every life of its node),
/// its clock skew, and the current life of its node — the real `TicketService`,
/// `EscalationScheduler` and `ClusterNode` (membership, replication, remote actors), built
/// from a `NodeEnvironment` whose clock, wall clock, randomness, executors, network and
/// storage all belong to the simulator. Like `ClusterService` in production, a node the
/// cluster declares down starts a new cluster life (a new incarnation) over the same stores.
public final class SimSite: @unchecked Sendable {
    public let index: Int
    public let site: ReplicaID
    public let siteCode: String
    public let endpoint: Endpoint
    public let log = SimDurableLog()
    let world: SimWorld
    private let mutable = Mutex<(life: SimNodeLife?, lives: Int, skewMs: Int64, stoppedWith: String?)>((nil, 0, 0, nil))

    init(index: Int, site: ReplicaID, world: SimWorld) {
        self.index = index
        self.site = site
        self.world = world
        endpoint = Endpoint(host: site.rawValue, port: 7946)
        siteCode = "S" + String(UnicodeScalar(UInt8(65 + index % 26)))
    }

    public var life: SimNodeLife? { mutable.withLock { $0.life } }
    public var isUp: Bool { life != nil }
    public var lives: Int { mutable.withLock { $0.lives } }
    /// Why the node's runtime ended by itself (not by a crash), if it did.
    public var stoppedWith: String? { mutable.withLock { $0.stoppedWith } }

    public var skewMs: Int64 {
        get { mutable.withLock { $0.skewMs } }
        set { mutable.withLock { $0.skewMs = newValue } }
    }

    /// This site's wall clock now (virtual time, the epoch, and the site's skew).
    public var wallNowMs: Int64 { world.epochMs + world.scheduler.nowMs + skewMs }

    // MARK: Lives

    /// Starts a new life of the node (a process start) over the same disk.
    public func start() {
        let number = mutable.withLock { m -> Int in
            m.lives += 1
            return m.lives
        }
        let scheduler = world.scheduler
        let owner = SimExecutorOwner(name: "\(site)#\(number)", scheduler: scheduler)
        let environment = NodeEnvironment(clock: world.clock, wallClock: SiteWallClock(site: self),
                                          random: SeededRandom(seed: scheduler.draw()),
                                          logger: Logger(label: "sim", factory: { _ in SwiftLogNoOpLogHandler() }),
                                          executors: owner, faultPoints: world.faultPoints(for: self))
        let store = SimTicketStore(log: log, executors: owner, clock: world.clock,
                                   commitLatencyMs: { Int64(1 + scheduler.draw(below: 4)) })
        let tickets = TicketService(configuration: .init(site: site, siteCode: siteCode), store: store,
                                    directory: InMemoryDirectoryStore(executors: owner), environment: environment)
        let life = SimNodeLife(number: number, owner: owner, tickets: tickets, store: store,
                               startedAtMs: scheduler.nowMs)
        mutable.withLock { $0.life = life }
        scheduler.trace("start", "\(site) life \(number)")
        let escalation = EscalationScheduler(service: tickets, environment: environment,
                                             intervalMsMin: 1_000, intervalMsMax: 30_000)
        Task(executorPreference: owner.preferredTaskExecutor) { [self] in
            do {
                try await store.load()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.runClusterLives(life, environment: environment) }
                    group.addTask { try await escalation.run() }
                    try await group.next()
                    group.cancelAll()
                }
                noteStopped("the node's runtime returned")
            } catch {
                noteStopped("the node's runtime failed: \(error)")
            }
        }
    }

    /// The cluster side of a process life: one `ClusterNode` per cluster life, a new one
    /// (new incarnation) whenever the others declare this one down.
    private func runClusterLives(_ life: SimNodeLife, environment: NodeEnvironment) async throws {
        while true {
            let identity = PeerIdentity(site: site, endpoint: endpoint, incarnation: environment.random.next())
            let transport = world.network.attach(identity)
            var configuration = ClusterNode.Configuration(
                seeds: world.seeds, membership: world.settings.membership,
                replication: ReplicationShellSettings(config: ReplicationConfig(replica: site)))
            configuration.replication.config.hq = world.hq
            configuration.replication.config.writeTimeoutMs = world.settings.writeTimeoutMs
            let node = try ClusterNode(configuration: configuration, transport: transport, store: life.store,
                                       environment: environment)
            await life.tickets.setOnCommitted(node.commitHook)
            life.setNode(node, identity: identity)
            world.scheduler.trace("cluster-life", "\(site) incarnation \(identity.incarnation)")
            let downed = try await node.runUntilDowned(checkEvery: .seconds(1), clock: world.clock)
            await life.tickets.setOnCommitted(nil)
            guard downed else { return }
            world.noteRejoin(self)
        }
    }

    private func noteStopped(_ why: String) {
        mutable.withLock { m in if m.stoppedWith == nil { m.stoppedWith = why } }
    }

    /// Kills the node like `kill -9`: its jobs vanish, its network endpoint goes dark, and
    /// its disk keeps what it committed (writes in progress: a seeded coin each).
    public func crash() {
        guard let life = mutable.withLock({ m -> SimNodeLife? in defer { m.life = nil }; return m.life }) else { return }
        let scheduler = world.scheduler
        world.network.crash(endpoint)
        scheduler.retire(life.owner)
        log.crash(keep: { _ in scheduler.draw() & 1 == 1 })
        scheduler.trace("crash", "\(site) life \(life.number)")
    }
}

// MARK: - SimNodeLife

/// One process life of a site's node: everything a crash throws away.
public final class SimNodeLife: Sendable {
    public let number: Int
    public let owner: SimExecutorOwner
    public let tickets: TicketService
    public let store: SimTicketStore
    public let startedAtMs: Int64
    private let cluster = Mutex<(node: ClusterNode?, identity: PeerIdentity?, lives: Int)>((nil, nil, 0))

    init(number: Int, owner: SimExecutorOwner, tickets: TicketService, store: SimTicketStore, startedAtMs: Int64) {
        self.number = number
        self.owner = owner
        self.tickets = tickets
        self.store = store
        self.startedAtMs = startedAtMs
    }

    /// The current cluster life's node (nil before the first one started).
    public var node: ClusterNode? { cluster.withLock { $0.node } }
    public var identity: PeerIdentity? { cluster.withLock { $0.identity } }
    /// Cluster lives of this process life (more than one after being declared down).
    public var clusterLives: Int { cluster.withLock { $0.lives } }

    func setNode(_ node: ClusterNode, identity: PeerIdentity) {
        cluster.withLock { c in
            c.node = node
            c.identity = identity
            c.lives += 1
        }
    }
}

/// A site's wall clock: virtual time plus the site's skew (a clock 90 s ahead, a jump).
struct SiteWallClock: WallClock {
    let site: SimSite
    func nowMs() -> Int64 { site.wallNowMs }
}
