import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import Logging
import Synchronization

// MARK: - ClusterNode

/// One node's part in the cluster: the transport, the membership shell, the replication
/// shells of the ticket space and (given a directory store) of the directory, and the
/// inbound dispatcher that routes wire messages to them by type prefix (DESIGN §2).
///
/// Wiring: create the node, pass `commitHook` to the `TicketService` (its `onCommitted`)
/// and `directoryCommitHook` to the `DirectoryService`, then run `run()` (a
/// swift-service-lifecycle `Service` body: it returns when cancelled).
/// After a write, the HTTP layer calls `awaitReplication` with the level the client asked
/// for; `TicketService` itself stays local-only.
public final class ClusterNode: Sendable {
    // MARK: Configuration

    public struct Configuration: Sendable {
        /// Endpoints to join through (this node's own is skipped).
        public var seeds: [Endpoint]
        public var membership: MembershipSettings
        /// The replication settings; `config.replica` must be the transport's site.
        public var replication: ReplicationShellSettings
        /// Inbound messages queued per lane (control, bulk) before new ones are dropped
        /// with a metric: the protocols retransmit.
        public var laneQueueMax: Int = 4_096

        public init(seeds: [Endpoint], membership: MembershipSettings = MembershipSettings(),
                    replication: ReplicationShellSettings) {
            self.seeds = seeds
            self.membership = membership
            self.replication = replication
        }
    }

    // MARK: Parts

    /// This life of this node: site, endpoint and incarnation from the transport's identity.
    public let myself: NodeID
    public let transport: any MessageTransport
    public let membership: MembershipShell
    public let replication: ReplicationShell
    /// The directory's replication shell; nil when the node was built without a directory
    /// store (its `replication.directory.*` messages are then ignored as unknown).
    public let directory: DirectoryReplicationShell?
    /// Typed remote calls between nodes (`distributed func`s); this node's `SiteNodeActor`
    /// lives at `/site`.
    public let actorSystem: ClusterActorSystem
    public let siteActor: SiteNodeActor
    public let store: any TicketStore
    /// The transport when it is a `FaultSwitch` (the admin API toggles its rules).
    public let faults: FaultSwitch?
    let configuration: Configuration
    let logger: Logger
    let counters = Mutex(DispatchStats())

    /// Builds the node's parts; nothing runs until `run()`. Throws `ClusterNodeError` when
    /// the settings are invalid or name another site than the transport's.
    ///
    /// With a `directoryStore`, the node also replicates the directory (pass
    /// `directoryCommitHook` to the `DirectoryService`). With `siteSnapshot`, its site actor
    /// answers the HQ dashboard's `snapshot()` calls; with `siteAttachments`, the other
    /// nodes' `attachmentChunk` calls (photos); with `siteReports`, the other sites'
    /// `callReport`/`callDrill` calls.
    public init(configuration: Configuration, transport: any MessageTransport, store: any TicketStore,
                directoryStore: (any DirectoryStore)? = nil,
                environment: NodeEnvironment, hooks: MembershipHooks = MembershipHooks(),
                siteSnapshot: (@Sendable () async throws -> SiteSnapshot)? = nil,
                siteReports: SiteCallReporter? = nil,
                siteAttachments: (any AttachmentStore)? = nil) throws(ClusterNodeError) {
        let identity = transport.identity
        guard configuration.replication.config.replica == identity.site else {
            throw ClusterNodeError("replication replica \(configuration.replication.config.replica) is not the transport's site \(identity.site)")
        }
        guard configuration.laneQueueMax > 0 else { throw ClusterNodeError("laneQueueMax must be positive") }
        let myself = NodeID(site: identity.site, endpoint: identity.endpoint, incarnation: identity.incarnation)
        let clock = MillisecondClock(environment.clock)
        let faults = transport as? FaultSwitch
        // Membership teaches the fault switch where each site listens, for site rules.
        let userHooks = hooks
        // Remote calls to a node membership has declared down fail fast.
        let actorSystem = ClusterActorSystem(transport: transport, environment: environment)
        let learningHooks = MembershipHooks(onUp: { node in
            faults?.learn(site: node.site, endpoint: node.endpoint)
            actorSystem.markUp(node.endpoint)
            userHooks.onUp(node)
        }, onDown: { node, status in
            actorSystem.markDown(node.endpoint)
            userHooks.onDown(node, status)
        })
        do {
            membership = try MembershipShell(myself: myself, settings: configuration.membership,
                                             seeds: configuration.seeds, transport: transport, clock: clock,
                                             environment: environment, hooks: learningHooks)
            replication = try ReplicationShell(settings: configuration.replication, store: store,
                                               transport: transport, clock: clock, environment: environment)
            directory = try directoryStore.map {
                try DirectoryReplicationShell(settings: configuration.replication, store: $0,
                                              transport: transport, clock: clock, environment: environment)
            }
        } catch let error as MembershipError {
            throw ClusterNodeError("\(error)")
        } catch {
            throw ClusterNodeError("\(error)")
        }
        do {
            siteActor = try SiteNodeActor.make(in: actorSystem, environment: environment, snapshot: siteSnapshot,
                                               reports: siteReports, attachments: siteAttachments)
        } catch {
            throw ClusterNodeError("cannot create the site actor: \(error)")
        }
        self.actorSystem = actorSystem
        self.myself = myself
        self.transport = transport
        self.store = store
        self.faults = faults
        self.configuration = configuration
        var logger = environment.logger
        logger[metadataKey: "node"] = "\(myself)"
        self.logger = logger
    }

    // MARK: Hooks for the rest of the node

    /// Pass to `TicketService(onCommitted:)` (or `setOnCommitted`): every committed local
    /// event goes to the replication shell.
    public var commitHook: @Sendable ([TicketEvent]) async -> Void {
        { [replication] events in await replication.localCommitted(events) }
    }

    /// Pass to `DirectoryService(onCommitted:)` (or `setOnCommitted`): every committed
    /// directory batch goes to the directory replication shell (a no-op without one).
    public var directoryCommitHook: @Sendable (DirectoryBatch) async -> Void {
        { [directory] batch in await directory?.localCommitted(batch) }
    }

    // MARK: Running

    /// Loads the replication state from the store, then runs membership, replication, the
    /// dispatcher and the membership follower until cancelled (or until the transport's
    /// inbound stream ends). Errors of a part end the whole node.
    public func run() async throws {
        try await replication.prepare()
        try await directory?.prepare()
        let (control, controlIn) = AsyncStream.makeStream(of: InboundMessage.self,
                                                          bufferingPolicy: .bufferingOldest(configuration.laneQueueMax))
        let (bulk, bulkIn) = AsyncStream.makeStream(of: InboundMessage.self,
                                                    bufferingPolicy: .bufferingOldest(configuration.laneQueueMax))
        let (calls, callsIn) = AsyncStream.makeStream(of: InboundMessage.self,
                                                      bufferingPolicy: .bufferingOldest(configuration.laneQueueMax))
        let events = membership.events() // subscribe before membership starts
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.replication.run() }
            if let directory = self.directory {
                group.addTask { try await directory.run() }
            }
            group.addTask { try await self.membership.run() }
            group.addTask { await self.dispatch(control: controlIn, bulk: bulkIn, calls: callsIn) }
            group.addTask { await self.actorSystem.run(inbound: calls) }
            group.addTask { await self.serve(control) { await self.membership.receive($0) } }
            group.addTask { await self.serve(bulk) { await self.receiveBulk($0) } }
            group.addTask { await self.follow(events) }
            defer { group.cancelAll() }
            try await group.next()
        }
        logger.info("cluster node stopped")
    }

    /// Runs the node like `run()` until the rest of the cluster declares this life down
    /// (after a partition it was on the minority side of) and returns true; returns false
    /// when the node stopped otherwise (cancelled, or its inbound stream ended). The caller
    /// then starts a new life — a new transport identity, a new incarnation — over the same
    /// stores, as `ClusterService` does in production and the actor simulator does in a run.
    public func runUntilDowned(checkEvery interval: Duration = .seconds(1),
                               clock: any Clock<Duration>) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.run()
                return false
            }
            group.addTask {
                while true {
                    try await clock.sleep(for: interval)
                    if case .down = await self.membership.selfStatus { return true }
                }
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
    }

    /// Keeps the replication shell's peers in line with membership: on every change, the
    /// latest snapshot (so events lost to a full buffer only coalesce).
    private func follow(_ events: AsyncStream<MembershipEvent>) async {
        await reconcile()
        for await _ in events {
            await reconcile()
        }
    }

    private func reconcile() async {
        let members = await membership.members()
        let side = await membership.quorumSide
        await replication.reconcile(members: members, quorum: side)
        await directory?.reconcile(members: members)
    }

    // MARK: Queries and consistency

    /// Every known member, this node included, sorted by node (site, endpoint, life, status).
    public func members() async -> [MemberInfo] {
        await membership.members()
    }

    /// Waits until this node's events `ids` are durable on enough sites for
    /// `consistency`, or throws a typed `ReplicationWaitError` (at `timeoutMs` at the
    /// latest). Call it after the `TicketService` write returned: the write has committed
    /// locally whatever this says.
    public func awaitReplication(of ids: [EventID], consistency: ConsistencyLevel,
                                 timeoutMs: Int64) async throws(ReplicationWaitError) {
        try await replication.awaitReplication(of: ids, consistency: consistency, timeoutMs: timeoutMs)
    }

    /// `awaitReplication` for the events this node wrote to `ticket` (e.g. `created` and an
    /// automatic `assigned` after a create).
    public func awaitReplication(ofTicket ticket: TicketID, consistency: ConsistencyLevel,
                                 timeoutMs: Int64) async throws(ReplicationWaitError) {
        let events: [TicketEvent]
        do {
            events = try await store.events(of: ticket)
        } catch {
            throw ReplicationWaitError(.unknownEvents, level: consistency, "cannot read the events of \(ticket): \(error)")
        }
        let site = myself.site
        let ids = await replication.trackedEvents(events.map(\.id).filter { $0.origin == site })
        guard !ids.isEmpty else {
            throw ReplicationWaitError(.unknownEvents, level: consistency,
                                       "no event of \(ticket) was written through this node since it started")
        }
        try await awaitReplication(of: ids, consistency: consistency, timeoutMs: timeoutMs)
    }
}

/// The cluster node could not be built.
public struct ClusterNodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
