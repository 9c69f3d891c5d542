// MARK: - MembershipInstance

/// Cluster membership of one node as a pure value: SWIM failure detection with the
/// Lifeguard extensions, piggybacked gossip, full-state push/pull and a keep-majority
/// down resolver.
///
/// Every handler is a `mutating func` that takes the caller's time (`nowMs`) and, where it
/// draws, the caller's generator, and returns `MembershipDirective`s for the shell to
/// execute. The instance reads no clock, owns no randomness and lets no hash order reach
/// its outputs, so a run is replayed exactly from its inputs and seed.
///
/// Lifecycle: `init`, then `start` (schedules the first probe round and push/pull), then
/// `onJoin` with the seeds; feed every received message to `receive` and every due timer
/// to `onTimer`; `leave` departs gracefully.
public struct MembershipInstance: Sendable {
    // MARK: State

    /// A member other than this node, as this node sees it.
    struct Member: Hashable, Sendable {
        var status: MemberStatus
        /// When this node first saw the current suspicion.
        var suspicionStartedMs: Int64?
        /// When the current suspicion expires, given its confirmations so far.
        var suspicionDeadlineMs: Int64?
        /// When this node recorded the member as down or left.
        var tombstonedAtMs: Int64?
    }

    /// The probe of the current round.
    struct Probe: Hashable, Sendable {
        let target: NodeID
        let seq: UInt64
        var relays: [NodeID] = []
        var nacks: Set<NodeID> = []
    }

    /// A probe this node makes on behalf of another (a ping-request).
    struct Relay: Hashable, Sendable {
        let origin: NodeID
        let originSeq: UInt64
        let target: NodeID
    }

    public let settings: MembershipSettings
    /// This node's identity (this life).
    public let myself: NodeID
    /// This node's own status: alive with its refutation counter, or left, or down.
    public internal(set) var selfStatus: MemberStatus = .alive(incarnation: 0)
    /// Whether this side holds the majority (see `DownResolver`).
    public internal(set) var quorumSide: QuorumSide = .majority

    var members: [NodeID: Member] = [:]
    var health: LocalHealth
    var schedule = ProbeSchedule()
    var gossip = GossipQueue()
    var resolver: DownResolver
    var probe: Probe?
    var relays: [UInt64: Relay] = [:]
    var seqNext: UInt64 = 0
    var seeds: [Endpoint] = []
    var joinAttemptMs: Int64?
    var resolverTimerMs: Int64?
    var started = false

    /// Creates the instance of `myself`; throws when `settings` are out of range.
    public init(myself: NodeID, settings: MembershipSettings = MembershipSettings()) throws(MembershipError) {
        try settings.validate()
        self.settings = settings
        self.myself = myself
        self.health = LocalHealth(max: settings.localHealthMultiplierMax)
        self.resolver = DownResolver(stableAfterMs: settings.stableAfterMs)
    }

    // MARK: Queries

    /// Lifeguard's local health multiplier, `0...localHealthMultiplierMax`.
    public var localHealthMultiplier: Int { health.multiplier }

    /// This node's view of `node` (itself included); nil when unknown.
    public func status(of node: NodeID) -> MemberStatus? {
        node == myself ? selfStatus : members[node]?.status
    }

    /// The whole view, this node included, sorted by node.
    public var view: [MembershipUpdate] {
        var all = members.map { MembershipUpdate(node: $0.key, status: $0.value.status) }
        all.append(MembershipUpdate(node: myself, status: selfStatus))
        return all.sorted { $0.node < $1.node }
    }

    /// The full state sent by push/pull.
    public func snapshot() -> MembershipSnapshot {
        MembershipSnapshot(members: view)
    }

    /// True while this node takes part (started, neither left nor down).
    public var isActive: Bool { started && selfStatus.isMember }

    /// Status kinds of every known node, this one included.
    var viewKinds: [NodeID: MemberStatus.Kind] {
        var kinds = members.mapValues(\.status.kind)
        kinds[myself] = selfStatus.kind
        return kinds
    }

    /// Members (not tombstones) other than this node, sorted.
    var memberNodes: [NodeID] {
        members.filter { $0.value.status.isMember }.keys.sorted()
    }

    /// Members seen alive other than this node, sorted.
    var aliveNodes: [NodeID] {
        members.filter { $0.value.status.kind == .alive }.keys.sorted()
    }

    // MARK: Timers

    /// Handles a timer the instance scheduled earlier; stale timers are ignored.
    public mutating func onTimer(_ timer: MembershipTimer, nowMs: Int64,
                                 rng: inout some RandomNumberGenerator) -> [MembershipDirective] {
        switch timer {
        case .protocolPeriod: onTick(nowMs: nowMs, rng: &rng)
        case .probeTimeout(let seq): onProbeTimeout(seq: seq, nowMs: nowMs, rng: &rng)
        case .indirectProbeTimeout(let seq): onIndirectProbeTimeout(seq: seq, nowMs: nowMs)
        case .relayTimeout(let seq): onRelayTimeout(seq: seq, nowMs: nowMs)
        case .suspicionTimeout(let node): onSuspicionTimeout(node: node, nowMs: nowMs)
        case .pushPull: onPushPullTimer(nowMs: nowMs, rng: &rng)
        case .downResolver: onDownResolverTimer(nowMs: nowMs)
        }
    }

    // MARK: Messages

    /// Handles a message from the network: validates it, merges its gossip, then answers
    /// it. An invalid or misaddressed message is refused whole with a typed error.
    public mutating func receive(_ message: MembershipMessage, nowMs: Int64) throws(MembershipError) -> [MembershipDirective] {
        try message.validate(settings)
        guard isActive, message.from != myself else { return [] }
        if let to = message.to, to != myself {
            guard to.isOtherLife(of: myself) else { throw .misaddressed(to: to, myself: myself) }
            return answerPredecessorMessage(message, nowMs: nowMs)
        }
        if let known = members[message.from]?.status, known.isTerminal {
            return answerTombstonedSender(message.from, status: known)
        }
        var out: [MembershipDirective] = []
        if members[message.from] == nil {
            // It speaks, so it lives: learn it (this also replaces an older life).
            apply(MembershipUpdate(node: message.from, status: .alive(incarnation: 0)), nowMs: nowMs, out: &out)
        }
        apply(message.gossip, nowMs: nowMs, out: &out)
        out += dispatch(message, nowMs: nowMs)
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    private mutating func dispatch(_ message: MembershipMessage, nowMs: Int64) -> [MembershipDirective] {
        let from = message.from
        switch message.kind {
        case .ping(let seq): return onPing(from: from, seq: seq, nowMs: nowMs)
        case .pingRequest(let seq, let target): return onPingRequest(from: from, seq: seq, target: target, nowMs: nowMs)
        case .ack(let seq): return onAck(from: from, seq: seq, nowMs: nowMs)
        case .nack(let seq): return onNack(from: from, seq: seq, nowMs: nowMs)
        case .pushPull(let snapshot): return onPushPull(from: from, snapshot: snapshot, nowMs: nowMs)
        case .pushPullReply(let snapshot): return onPushPullReply(from: from, snapshot: snapshot, nowMs: nowMs)
        case .gossip: return []
        }
    }

    /// A message for a previous life of this node: that life is over; tell the sender.
    private mutating func answerPredecessorMessage(_ message: MembershipMessage, nowMs: Int64) -> [MembershipDirective] {
        var out: [MembershipDirective] = []
        guard let old = message.to else { return out }
        apply(MembershipUpdate(node: old, status: .down), nowMs: nowMs, out: &out)
        let news = [MembershipUpdate(node: old, status: .down), MembershipUpdate(node: myself, status: selfStatus)]
        out.append(.send(to: message.from,
                         message: MembershipMessage(from: myself, to: message.from, kind: .gossip, gossip: news)))
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    /// A message from a node this one holds down: its observations are stale, so only
    /// tell it that it is down (it must restart as a new life). A left node is ignored.
    private func answerTombstonedSender(_ sender: NodeID, status: MemberStatus) -> [MembershipDirective] {
        guard status.kind == .down else { return [] }
        let news = [MembershipUpdate(node: sender, status: .down)]
        return [.send(to: sender, message: MembershipMessage(from: myself, to: sender, kind: .gossip, gossip: news))]
    }

    /// A message from this node to `to`, with as much queued gossip as the limits allow.
    /// When this node suspects `to`, that suspicion rides first, so `to` can refute it.
    mutating func message(to: NodeID?, kind: MembershipMessage.Kind) -> MembershipMessage {
        let pinned = to.flatMap { node -> MembershipUpdate? in
            guard let status = members[node]?.status,
                  status.kind == .suspect || status.kind == .unreachable else { return nil }
            return MembershipUpdate(node: node, status: status)
        }
        let updates = gossip.take(countMax: settings.gossipUpdatesPerMessageMax,
                                  bytesMax: settings.gossipBytesMax,
                                  retransmitLimit: settings.retransmitLimit(memberCount: memberNodes.count + 1),
                                  pinned: pinned)
        return MembershipMessage(from: myself, to: to, kind: kind, gossip: updates)
    }
}
