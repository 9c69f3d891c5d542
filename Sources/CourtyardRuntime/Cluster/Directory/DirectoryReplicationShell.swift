import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import Logging
import Metrics

// MARK: - DirectoryReplicationShell

/// Replicates the directory (residents, rooms, occupancies, suppliers, fixtures, knowledge
/// cases, dispatch rules) of one node: the sibling of `ReplicationShell` over
/// `DirectoryItem`s, last-writer-wins by each record's version.
///
/// It owns a pure `ReplicationInstance<DirectoryItem>`, feeds it local commits (from
/// `DirectoryService`'s hook), peers' `replication.directory.*` messages, membership
/// changes and its tick, and carries out the directives. Received records are applied
/// through `DirectoryStore.apply` (last-writer-wins, so a re-delivery is harmless) before
/// the core acknowledges them. There are no consistency waits: directory writes are local.
///
/// Lifecycle: `init` → `run()` (loads the store's versioned records into the core, then
/// serves timers until cancelled). Commits reported before the load are applied after it.
public actor DirectoryReplicationShell {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    // MARK: Counters

    public struct Stats: Sendable, Hashable {
        public var received = 0
        public var rejected = 0
        public var sent = 0
        public var sendFailures = 0
        public var persistedRecords = 0
        public var persistFailures = 0
        public var localRecords = 0
        public var localWriteErrors = 0
        public var loadedRecords = 0
        public var preloadDropped = 0
    }

    // MARK: State

    public nonisolated let site: ReplicaID
    public nonisolated let settings: ReplicationShellSettings
    let store: any DirectoryStore
    let transport: any MessageTransport
    let clock: MillisecondClock
    let random: any RandomSource
    let logger: Logger

    var instance: ReplicationInstance<DirectoryItem>
    var timers = TimerQueue<Int>(capacity: 16)
    let wake = WakeSignal()
    var loaded = false
    var loading = false
    var started = false
    var stopped = false
    var preload: [DirectoryItem] = []
    public internal(set) var stats = Stats()
    /// Up lives per site and where each site was last seen, from membership snapshots.
    var upLives: [ReplicaID: Set<NodeID>] = [:]
    var endpoints: [ReplicaID: Endpoint] = [:]

    /// Creates the shell of `settings.config.replica`; the core's epoch is drawn from the
    /// environment's random source (a new one at every start). `settings.loadEventsMax`
    /// bounds the records loaded at start-up, `preloadEventsMax` those buffered meanwhile.
    public init(settings: ReplicationShellSettings, store: any DirectoryStore, transport: any MessageTransport,
                clock: MillisecondClock, environment: NodeEnvironment) throws(ReplicationError) {
        unownedExecutor = environment.actorExecutor("directory-replication-shell", lane: lane)
        try settings.validate()
        self.site = settings.config.replica
        self.settings = settings
        self.store = store
        self.transport = transport
        self.clock = clock
        self.random = environment.random
        var logger = environment.logger
        logger[metadataKey: "directory-replication"] = "\(settings.config.replica)"
        self.logger = logger
        self.instance = try ReplicationInstance(config: settings.config, epoch: environment.random.next())
    }

    // MARK: Queries

    /// Records held by the core (loaded, written here, or received and persisted).
    public var recordCount: Int { instance.store.count }
    /// Sites this node currently replicates the directory to, ascending.
    public var alivePeers: [ReplicaID] { instance.alivePeers }

    // MARK: Running

    /// Loads the store into the core, then serves the core's tick until cancelled.
    public func run() async throws {
        guard !started else { throw ReplicationShellError.alreadyRunning }
        started = true
        try await prepare()
        var rng = random.generator
        await execute(instance.onTick(nowMs: clock.nowMs(), rng: &rng))
        while !Task.isCancelled {
            wake.reset()
            if !timers.popDue(nowMs: clock.nowMs()).isEmpty {
                var rng = random.generator
                await execute(instance.onTick(nowMs: clock.nowMs(), rng: &rng))
            }
            if let next = timers.nextDueMs, next <= clock.nowMs() { continue }
            await wake.sleep(untilMs: timers.nextDueMs, clock: clock)
        }
        stopped = true
        timers.removeAll()
    }

    /// Loads the store's versioned records into the core once (idempotent).
    public func prepare() async throws {
        guard !loaded, !loading else { return }
        loading = true
        defer { loading = false }
        let all = try await store.allRecords(limit: settings.loadEventsMax)
        if all.recordCount >= settings.loadEventsMax {
            logger.error("the directory holds more records than the replication core loads; the rest is not replicated",
                         metadata: ["limit": "\(settings.loadEventsMax)"])
        }
        let items = DirectoryEntry.items(of: all)
        let localCount = items.reduce(0) { $0 + ($1.version.origin == site ? 1 : 0) }
        instance = try ReplicationInstance(config: settings.config, epoch: instance.epoch, items: items,
                                           localSequence: UInt64(localCount))
        stats.loadedRecords = instance.store.count
        loaded = true
        let early = preload
        preload = []
        await applyLocal(early)
        logger.info("directory replication loaded", metadata: ["records": "\(stats.loadedRecords)"])
    }

    // MARK: Local writes

    /// A batch `DirectoryService` committed: its versioned records go to the core and out
    /// as deltas. Never throws back to the writer: the commit stands.
    public func localCommitted(_ batch: DirectoryBatch) async {
        let items = DirectoryEntry.items(of: batch)
        guard !items.isEmpty else { return }
        guard loaded else {
            let room = max(0, settings.preloadEventsMax - preload.count)
            preload += items.prefix(room)
            if items.count > room {
                stats.preloadDropped += items.count - room
                logger.error("directory records committed during start-up exceed the buffer; they replicate after a restart",
                             metadata: ["dropped": "\(items.count - room)"])
            }
            return
        }
        await applyLocal(items)
    }

    private func applyLocal(_ items: [DirectoryItem]) async {
        for batch in ReplicationShell.batches(items, size: settings.config.bufferItemsMax) {
            do {
                let (_, directives) = try instance.onLocalWrite(batch, consistency: .local, nowMs: clock.nowMs())
                stats.localRecords += batch.count
                await execute(directives)
            } catch {
                stats.localWriteErrors += 1
                Counter(label: "courtyard_directory_replication_local_refused_total").increment()
                logger.error("local directory records refused by replication",
                             metadata: ["error": "\(error)", "count": "\(batch.count)"])
            }
        }
    }
}
