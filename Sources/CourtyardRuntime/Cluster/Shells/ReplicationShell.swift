import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import Logging
import Metrics

// MARK: - ReplicationShell

/// Replicates the ticket space of one node: owns the pure `ReplicationInstance` over
/// `TicketEvent`s, feeds it local commits, peers' messages, membership changes and its
/// tick, and carries out its directives: sends on the bulk lane, durable appends of
/// received events (persist before ack), timers.
///
/// It also lets a caller wait until a local write reached a consistency level
/// (`awaitReplication`), by crediting peers' delta acknowledgements to the events they
/// carried (see `ReplicationShell+Waits.swift`).
///
/// Lifecycle: `init` → `run()` (loads the store into the core, then serves timers until
/// cancelled). Local commits reported before the load finished are applied after it.
public actor ReplicationShell {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()
    let environment: NodeEnvironment

    // MARK: Counters

    public struct Stats: Sendable, Hashable {
        public var received = 0
        public var rejected = 0
        public var sent = 0
        public var sendFailures = 0
        public var persistedEvents = 0
        public var persistFailures = 0
        public var localEvents = 0
        public var localWriteErrors = 0
        public var loadedEvents = 0
        public var preloadDropped = 0
    }

    enum ShellTimer: Sendable, Hashable {
        case coreTick
        case waitDeadline
    }

    // MARK: State

    public nonisolated let site: ReplicaID
    public nonisolated let settings: ReplicationShellSettings
    let store: any TicketStore
    let transport: any MessageTransport
    let clock: MillisecondClock
    let random: any RandomSource
    let logger: Logger

    var instance: ReplicationInstance<TicketEvent>
    var timers = TimerQueue<ShellTimer>(capacity: 1_024)
    let wake = WakeSignal()
    var loaded = false
    var loading = false
    var started = false
    var stopped = false
    var preload: [TicketEvent] = []
    public internal(set) var stats = Stats()

    // Peers, from membership snapshots (see ReplicationShell+Peers.swift).
    var upLives: [ReplicaID: Set<NodeID>] = [:]
    var memberSites: Set<ReplicaID> = []
    var quorumSide: QuorumSide = .majority
    /// Where each site was last seen (an up life first, else the last sender).
    var endpoints: [ReplicaID: Endpoint] = [:]

    // Acknowledgement ledger and waits (see ReplicationShell+Waits.swift).
    var ledger: AckLedger
    var waits: WriteTracker
    var waitIDNext: UInt64 = 1
    var waiters: [WriteID: Waiter] = [:]

    /// Creates the shell of `settings.config.replica`; the core's epoch is drawn from the
    /// environment's random source (a new one at every start).
    public init(settings: ReplicationShellSettings, store: any TicketStore, transport: any MessageTransport,
                clock: MillisecondClock, environment: NodeEnvironment) throws(ReplicationError) {
        unownedExecutor = environment.actorExecutor("replication-shell", lane: lane)
        self.environment = environment
        try settings.validate()
        self.site = settings.config.replica
        self.settings = settings
        self.store = store
        self.transport = transport
        self.clock = clock
        self.random = environment.random
        var logger = environment.logger
        logger[metadataKey: "replication"] = "\(settings.config.replica)"
        self.logger = logger
        self.instance = try ReplicationInstance(config: settings.config, epoch: environment.random.next())
        self.ledger = AckLedger(eventsMax: settings.trackedEventsMax, seqsPerPeerMax: settings.sentDeltasPerPeerMax)
        self.waits = WriteTracker(pendingMax: settings.waitsPendingMax)
    }

    // MARK: Queries

    /// Events held by the core (loaded, written here, or received and persisted).
    public var eventCount: Int { instance.store.count }
    /// Sites this node currently replicates to (up in membership), ascending.
    public var alivePeers: [ReplicaID] { instance.alivePeers }
    public var pendingWaits: Int { waits.pendingCount }

    // MARK: Running

    /// Loads the store into the core, then serves the core's tick and wait deadlines until
    /// cancelled. Pending waits fail with `.stopped` when it returns.
    public func run() async throws {
        guard !started else { throw ReplicationShellError.alreadyRunning }
        started = true
        try await prepare()
        var rng = random.generator
        await execute(instance.onTick(nowMs: clock.nowMs(), rng: &rng))
        while !Task.isCancelled {
            wake.reset()
            for timer in timers.popDue(nowMs: clock.nowMs()) {
                await fire(timer)
            }
            if let next = timers.nextDueMs, next <= clock.nowMs() { continue }
            await wake.sleep(untilMs: timers.nextDueMs, clock: clock)
        }
        stop()
    }

    private func fire(_ timer: ShellTimer) async {
        switch timer {
        case .coreTick:
            var rng = random.generator
            await execute(instance.onTick(nowMs: clock.nowMs(), rng: &rng))
        case .waitDeadline:
            for outcome in waits.expire(nowMs: clock.nowMs()) { resolve(outcome) }
        }
    }

    private func stop() {
        stopped = true
        timers.removeAll()
        for id in waiters.keys.sorted() {
            guard let waiter = waiters.removeValue(forKey: id) else { continue }
            waiter.continuation.resume(returning: .failure(
                ReplicationWaitError(.stopped, level: waiter.level, "replication stopped before the write was confirmed")))
        }
    }

    /// Loads the store into the core once (idempotent); `run()` calls it first.
    public func prepare() async throws {
        guard !loaded, !loading else { return }
        loading = true
        defer { loading = false }
        try await load()
    }

    /// The ids among `ids` whose acknowledgements this shell tracks (written here since start).
    public func trackedEvents(_ ids: [EventID]) -> [EventID] {
        ids.filter { ledger.isTracked($0) }
    }

    // MARK: Local writes

    /// Events this node committed (called by `TicketService` after the append returned):
    /// merges them into the core and sends their deltas. Never throws back to the writer:
    /// the commit stands; a refusal (an oversized event) is logged and counted.
    public func localCommitted(_ events: [TicketEvent]) async {
        guard !events.isEmpty else { return }
        guard loaded else {
            let room = max(0, settings.preloadEventsMax - preload.count)
            preload += events.prefix(room)
            if events.count > room {
                stats.preloadDropped += events.count - room
                logger.error("events committed during start-up exceed the buffer; they replicate after a restart",
                             metadata: ["dropped": "\(events.count - room)"])
            }
            return
        }
        await applyLocal(events)
    }

    func applyLocal(_ events: [TicketEvent]) async {
        for batch in Self.batches(events, size: settings.config.bufferItemsMax) {
            do {
                let (_, directives) = try instance.onLocalWrite(batch, consistency: .local, nowMs: clock.nowMs())
                stats.localEvents += batch.count
                ledger.track(batch.map(\.id))
                await execute(directives)
            } catch {
                stats.localWriteErrors += 1
                Counter(label: "courtyard_replication_local_refused_total").increment()
                logger.error("local events refused by replication", metadata: ["error": "\(error)", "count": "\(batch.count)"])
            }
        }
    }

    static func batches<T>(_ items: [T], size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: max(1, size)).map { Array(items[$0..<min($0 + max(1, size), items.count)]) }
    }

    // MARK: Inbound

    /// Handles one inbound `replication.ticket.*` message from the peer the transport
    /// authenticated; bad ones are logged and counted.
    public func receive(_ inbound: InboundMessage) async {
        stats.received += 1
        guard loaded, !stopped else { return } // the sender retransmits; anti-entropy repairs
        let message: ReplicationMessage<TicketEvent>
        do {
            message = try ClusterWire.decodeTicketReplication(inbound.message)
        } catch {
            reject(from: inbound.from.site, "\(error)")
            return
        }
        let peer = inbound.from.site
        endpoints[peer] = inbound.from.endpoint
        if case .ack(let epoch, let seq) = message, epoch == instance.epoch {
            creditAck(from: peer, seq: seq)
        }
        await execute(instance.onMessage(from: peer, message, nowMs: clock.nowMs()))
    }

    func reject(from peer: ReplicaID, _ why: String) {
        stats.rejected += 1
        Counter(label: "courtyard_replication_rejected_total").increment()
        logger.warning("replication message rejected", metadata: ["from": "\(peer)", "error": "\(why)"])
    }

    // MARK: Directives

    func execute(_ directives: [ReplicationDirective<TicketEvent>]) async {
        for directive in directives {
            switch directive {
            case .send(let peer, let message):
                await send(message, to: peer)
            case .persist(let events):
                await persist(events)
            case .scheduleTimer(let atMs):
                schedule(.coreTick, atMs: atMs)
            case .writeSatisfied, .writeFailed:
                break // local writes only: the core satisfies them at once
            case .rejected(let peer, let error):
                reject(from: peer, "\(error)")
            }
        }
    }

    func schedule(_ timer: ShellTimer, atMs: Int64) {
        if timers.schedule(timer, atMs: atMs) { wake.signal() }
    }

    private func send(_ message: ReplicationMessage<TicketEvent>, to peer: ReplicaID) async {
        if case .delta(let epoch, let seq, _, let items) = message, epoch == instance.epoch {
            ledger.sent(seq: seq, events: items.map(\.id), to: peer)
        }
        guard let endpoint = endpoints[peer] else {
            stats.sendFailures += 1
            return
        }
        if case .digest = message, environment.buggify(FaultPoint.plantSkipAntiEntropy) { return }
        if environment.buggify(FaultPoint.replicationDropSend) { return }
        do {
            try await transport.send(try ClusterWire.encode(message), to: endpoint, lane: .bulk)
            stats.sent += 1
        } catch {
            // Best effort: the core retransmits unacknowledged deltas and anti-entropy repairs.
            stats.sendFailures += 1
            logger.debug("replication send failed", metadata: ["to": "\(peer)", "error": "\(error)"])
        }
    }

    /// Persist before ack: the received events are appended durably (idempotent by id),
    /// then the core may acknowledge them.
    private func persist(_ events: [TicketEvent]) async {
        do {
            _ = try await store.append(events)
            stats.persistedEvents += events.count
            await execute(instance.onPersisted(events))
        } catch {
            stats.persistFailures += 1
            Counter(label: "courtyard_replication_persist_failed_total").increment()
            logger.error("persisting replicated events failed", metadata: ["error": "\(error)", "count": "\(events.count)"])
            await execute(instance.onPersistFailed(events))
        }
    }
}

/// Misuse of a replication shell.
public enum ReplicationShellError: Error, Hashable, Sendable {
    /// `run()` was called twice: a shell runs once; a restart is a new shell.
    case alreadyRunning
}
