import CourtyardCRDT
import CourtyardMembership
import Logging
import Metrics

// MARK: - MembershipShell

/// Runs one node's membership: owns the pure `MembershipInstance`, feeds it inbound
/// messages and due timers, and carries out its directives (sends, timers, reports).
///
/// Timers live in one deadline queue served by `run()` on the injected clock; `run()`
/// returns when its task is cancelled. Every `await` (a send, a hook) may let another
/// message in, so no decision is taken across one: the core decides synchronously and the
/// shell only executes.
public actor MembershipShell {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    // MARK: Counters

    /// What the shell has done, for tests and the admin API.
    public struct Stats: Sendable, Hashable {
        public var received = 0
        public var rejected = 0
        public var sent = 0
        public var sendFailures = 0
        public var timersFired = 0
        public var timersDropped = 0
    }

    // MARK: State

    public nonisolated let myself: NodeID
    public nonisolated let settings: MembershipSettings
    let seeds: [Endpoint]
    let transport: any MessageTransport
    let clock: MillisecondClock
    let random: any RandomSource
    let logger: Logger
    let hooks: MembershipHooks

    var instance: MembershipInstance
    var timers = TimerQueue<MembershipTimer>(capacity: 4_096)
    let wake = WakeSignal()
    let broadcaster = EventBroadcaster<MembershipEvent>(bufferMax: 256)
    var started = false
    public private(set) var stats = Stats()

    /// Creates the shell of `myself` (drawn fresh at every start); `seeds` are the
    /// endpoints to join through. Throws when `settings` are out of range.
    public init(myself: NodeID, settings: MembershipSettings = MembershipSettings(), seeds: [Endpoint],
                transport: any MessageTransport, clock: MillisecondClock, environment: NodeEnvironment,
                hooks: MembershipHooks = MembershipHooks()) throws(MembershipError) {
        unownedExecutor = environment.actorExecutor("membership-shell", lane: lane)
        self.instance = try MembershipInstance(myself: myself, settings: settings)
        self.myself = myself
        self.settings = settings
        self.seeds = seeds
        self.transport = transport
        self.clock = clock
        self.random = environment.random
        var logger = environment.logger
        logger[metadataKey: "node"] = "\(myself)"
        self.logger = logger
        self.hooks = hooks
    }

    // MARK: Queries

    /// Every known member, this node included, sorted by node.
    public func members() -> [MemberInfo] {
        instance.view.map { MemberInfo(node: $0.node, status: $0.status) }
    }

    /// Whether this node's side holds the majority: quorum writes need it.
    public var quorumSide: QuorumSide { instance.quorumSide }

    /// This node's own status (alive, or left, or down when the others removed it).
    public var selfStatus: MemberStatus { instance.selfStatus }

    /// Membership changes from now on, buffered up to 256 per subscriber (oldest dropped).
    public nonisolated func events() -> AsyncStream<MembershipEvent> {
        broadcaster.subscribe()
    }

    // MARK: Running

    /// Starts the protocol, joins through the seeds and serves timers until cancelled.
    public func run() async throws {
        guard !started else { throw MembershipShellError.alreadyRunning }
        started = true
        var rng = random.generator
        await execute(instance.start(nowMs: clock.nowMs(), rng: &rng))
        await execute(instance.onJoin(seeds: seeds, nowMs: clock.nowMs()))
        while !Task.isCancelled {
            wake.reset()
            for timer in timers.popDue(nowMs: clock.nowMs()) {
                stats.timersFired += 1
                var rng = random.generator
                await execute(instance.onTimer(timer, nowMs: clock.nowMs(), rng: &rng))
            }
            if let next = timers.nextDueMs, next <= clock.nowMs() { continue }
            await wake.sleep(untilMs: timers.nextDueMs, clock: clock)
        }
        timers.removeAll()
        broadcaster.finish()
    }

    /// Leaves gracefully: tells every member, then the instance is inert.
    public func leave() async {
        await execute(instance.leave(nowMs: clock.nowMs()))
    }

    // MARK: Inbound

    /// Handles one inbound `membership.*` message; bad ones are logged and counted.
    public func receive(_ inbound: InboundMessage) async {
        stats.received += 1
        let message: MembershipMessage
        do {
            message = try ClusterWire.decodeMembership(inbound.message)
        } catch {
            reject(inbound, "\(error)")
            return
        }
        // The transport authenticated the sender's site and endpoint: a message may not
        // speak for another node.
        guard message.from.site == inbound.from.site, message.from.endpoint == inbound.from.endpoint else {
            reject(inbound, "sender \(message.from) does not match the connection's peer \(inbound.from)")
            return
        }
        do {
            await execute(try instance.receive(message, nowMs: clock.nowMs()))
        } catch {
            reject(inbound, "\(error)")
        }
    }

    private func reject(_ inbound: InboundMessage, _ why: String) {
        stats.rejected += 1
        Counter(label: "courtyard_membership_rejected_total").increment()
        logger.warning("membership message rejected",
                       metadata: ["from": "\(inbound.from)", "type": "\(inbound.message.type.prefix(64))", "error": "\(why)"])
    }

    // MARK: Directives

    func execute(_ directives: [MembershipDirective]) async {
        for directive in directives {
            switch directive {
            case .send(let to, let message):
                await send(message, to: to.endpoint, lane: .control)
            case .sendToEndpoint(let endpoint, let message):
                await send(message, to: endpoint, lane: .control)
            case .pushPull(let to, let message):
                await send(message, to: to.endpoint, lane: .bulk)
            case .scheduleTimer(let timer, let atMs):
                schedule(timer, atMs: atMs)
            case .statusChanged(let member, let from, let to):
                report(member, from: from, to: to)
            case .quorumChanged(let side):
                logger.notice("quorum side changed", metadata: ["side": "\(side)"])
                broadcaster.publish(.quorumChanged(side))
            }
        }
    }

    private func schedule(_ timer: MembershipTimer, atMs: Int64) {
        let before = timers.dropped
        if timers.schedule(timer, atMs: atMs) { wake.signal() }
        if timers.dropped != before {
            stats.timersDropped += 1
            logger.warning("membership timer queue full; latest timer dropped")
        }
    }

    private func send(_ message: MembershipMessage, to endpoint: Endpoint, lane: TransportLane) async {
        do {
            let wire = try ClusterWire.encode(message)
            try await transport.send(wire, to: endpoint, lane: lane)
            stats.sent += 1
        } catch {
            // Best effort: the protocol tolerates loss (probes time out, gossip repeats).
            stats.sendFailures += 1
            logger.debug("membership send failed", metadata: ["to": "\(endpoint)", "error": "\(error)"])
        }
    }

    private func report(_ member: NodeID, from: MemberStatus?, to: MemberStatus) {
        logger.info("member status changed",
                    metadata: ["member": "\(member)", "from": "\(from.map { "\($0)" } ?? "new")", "to": "\(to)"])
        broadcaster.publish(.memberChanged(MemberInfo(node: member, status: to), previous: from?.kind))
        if member == myself {
            if to.kind == .down {
                logger.critical("this node was declared down by the cluster; restart it to rejoin as a new life")
            }
            return
        }
        let wasUp = from.map { MemberInfo.isUp($0.kind) } ?? false
        let isUp = MemberInfo.isUp(to.kind)
        if !wasUp && isUp { hooks.onUp(member) }
        if wasUp && !isUp { hooks.onDown(member, to) }
    }
}

/// Misuse of a membership shell.
public enum MembershipShellError: Error, Hashable, Sendable {
    /// `run()` was called twice: a shell runs once; a restart is a new shell (a new life).
    case alreadyRunning
}
