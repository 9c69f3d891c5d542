import CourtyardCRDT

/// One node's replication of the ticket space (or of directory records): a pure value.
///
/// The shell (an actor doing IO) calls a handler for every event — a local write, a
/// peer's message, a timer, a membership change, a completed persist — and executes the
/// returned directives in order. No clock, no randomness of its own (time is `nowMs`, a
/// generator is passed to `onTick`), and no dictionary order reaches an output, so a
/// simulator replays it exactly.
///
/// Protocol (DESIGN §2 "Replication", delta-state CRDTs after Almeida, Shoker, Baquero):
/// - a local write is merged into the store and sent as sequenced deltas to its targets;
///   each peer link buffers unacknowledged deltas, bounded, with full-state fallback
///   for the keys of evicted entries;
/// - a receiver persists new items first (`.persist` → `onPersisted`), then acknowledges
///   the highest contiguous sequence; gaps are reported (`nack`) and re-sent;
/// - periodic digest-based anti-entropy, in byte-bounded chunks, repairs everything else.
public struct ReplicationInstance<Item: ReplicatedItem>: Sendable {
    public typealias Directive = ReplicationDirective<Item>
    public typealias Message = ReplicationMessage<Item>

    public let config: ReplicationConfig
    /// This start's incarnation: link sequences restart with it.
    public let epoch: UInt64
    public let policy: DeltaTargetPolicy
    /// The merged, persisted state.
    public internal(set) var store: ItemStore<Item>
    /// Items written on this node so far (the per-origin sequence of the local log).
    public internal(set) var localSequence: UInt64
    public internal(set) var writes: WriteTracker

    var outbound: [ReplicaID: DeltaBuffer<Item>] = [:]
    var inbound: [ReplicaID: InboundLink] = [:]
    /// The epoch each inbound link belongs to.
    var inboundEpoch: [ReplicaID: UInt64] = [:]
    var alive: Set<ReplicaID> = []
    /// Received items awaiting local persistence, by id.
    var pendingPersist: [EventID: Item] = [:]
    var nextWriteID: UInt64 = 1
    var fanOutCursor = 0
    var nextAntiEntropyMs: Int64 = .min

    /// `items` and `localSequence` restore durable state after a restart; `epoch` must
    /// differ from the previous start's (the shell draws it from its random source).
    public init(config: ReplicationConfig, epoch: UInt64, items: [Item] = [],
                localSequence: UInt64 = 0) throws(ReplicationError) {
        try config.validate()
        self.config = config
        self.epoch = epoch
        self.policy = DeltaTargetPolicy(fanOut: config.deltaFanOut, alwaysInclude: config.hq.map { [$0] } ?? [])
        self.store = ItemStore(bucketCount: config.bucketCount)
        self.localSequence = localSequence
        self.writes = WriteTracker(pendingMax: config.pendingWritesMax)
        for item in items { store.insert(item) }
    }

    // MARK: Reading

    /// Known peers, ascending.
    public var peers: [ReplicaID] { outbound.keys.sorted() }
    public var alivePeers: [ReplicaID] { alive.sorted() }
    public var pendingPersistCount: Int { pendingPersist.count }

    /// Unacknowledged delta items buffered for `peer`.
    public func bufferedItems(for peer: ReplicaID) -> Int { outbound[peer]?.itemCount ?? 0 }
    /// Unacknowledged delta bytes buffered for `peer`.
    public func bufferedBytes(for peer: ReplicaID) -> Int { outbound[peer]?.byteCount ?? 0 }
    /// Keys waiting for a full-state push to `peer`.
    public func fallbackKeyCount(for peer: ReplicaID) -> Int { outbound[peer]?.fallbackKeys.count ?? 0 }

    // MARK: Membership

    /// A peer became reachable: send what it has not acknowledged and start an
    /// anti-entropy round with it (it may have been partitioned away).
    public mutating func onPeerUp(_ peer: ReplicaID, nowMs: Int64) throws(ReplicationError) -> [Directive] {
        guard peer != config.replica else { return [] }
        if outbound[peer] == nil {
            guard outbound.count < config.peersMax else {
                throw ReplicationError(.tooManyPeers, "cannot add peer \(peer): \(outbound.count) peers known (limit \(config.peersMax))")
            }
            outbound[peer] = DeltaBuffer()
            inbound[peer] = InboundLink()
        }
        alive.insert(peer)
        var out = resend(to: peer, nowMs: nowMs, retransmitMs: 0)
        out.append(.send(to: peer, message: .digest(buckets: store.bucketHashes)))
        return out
    }

    /// A peer became unreachable: its buffer is kept (bounded) for when it returns; writes
    /// that can no longer reach their level fail.
    public mutating func onPeerDown(_ peer: ReplicaID) -> [Directive] {
        guard alive.remove(peer) != nil else { return [] }
        return writes.peerDown(peer).map(Self.directive)
    }

    // MARK: Local writes

    /// Items written on this node, already durable here (the shell commits them before
    /// calling). Merges them and sends deltas; returns the write's id and the directives,
    /// which include `.writeSatisfied` or `.writeFailed` at once when the level allows.
    public mutating func onLocalWrite(
        _ items: [Item], consistency: ConsistencyLevel = .local, nowMs: Int64, timeoutMs: Int64? = nil
    ) throws(ReplicationError) -> (write: WriteID, directives: [Directive]) {
        for item in items where item.estimatedBytes > config.itemBytesMax {
            throw ReplicationError(.itemTooLarge, "item \(item.itemID) is \(item.estimatedBytes) bytes; the limit is \(config.itemBytesMax)")
        }
        guard items.count <= config.bufferItemsMax else {
            throw ReplicationError(.writeTooLarge, "a write of \(items.count) items exceeds the per-peer buffer of \(config.bufferItemsMax)")
        }
        let id = WriteID(nextWriteID)
        let outcome = try writes.begin(id, level: consistency, alivePeers: alive,
                                       deadlineMs: nowMs + (timeoutMs ?? config.writeTimeoutMs))
        nextWriteID += 1
        let changed = items.filter { store.insert($0) }
        localSequence += UInt64(changed.count)
        var out: [Directive] = []
        if let outcome { out.append(Self.directive(outcome)) }
        let tracked = writes.isPending(id) ? [id] : []
        let targets = consistency == .local
            ? policy.targets(known: peers, alive: alive, cursor: fanOutCursor)
            : peers
        fanOutCursor = (fanOutCursor + 1) % (1 << 30)
        for peer in targets where !changed.isEmpty {
            out += appendDeltas(changed, to: peer, writes: tracked, nowMs: nowMs)
        }
        return (id, out)
    }

    /// Buffers `items` for `peer` as one or more deltas (each within `chunkBytesMax`) and
    /// sends them when the peer is alive.
    mutating func appendDeltas(_ items: [Item], to peer: ReplicaID, writes tracked: [WriteID],
                               nowMs: Int64) -> [Directive] {
        let chunks = Chunking.chunks(items, bytesMax: config.chunkBytesMax, overhead: MessageSize.overhead,
                                     countMax: config.messageItemsMax) { MessageSize.perItem + $0.estimatedBytes }
        var out: [Directive] = []
        let isAlive = alive.contains(peer)
        for (i, chunk) in chunks.enumerated() {
            let bytes = Message.items(chunk).estimatedBytes
            guard let (entry, evicted) = outbound[peer]?.append(
                chunk, bytes: bytes, writes: tracked, completesWrites: i == chunks.count - 1,
                nowMs: isAlive ? nowMs : nil, itemsMax: config.bufferItemsMax,
                bytesMax: config.bufferBytesMax, fallbackKeysMax: config.fallbackKeysMax)
            else { continue }
            for old in evicted {
                out += old.writes.compactMap { writes.drop($0, peer: peer) }.map(Self.directive)
            }
            if isAlive, let floor = outbound[peer]?.floor {
                out.append(.send(to: peer, message: .delta(epoch: epoch, seq: entry.seq, floor: floor, items: chunk)))
            }
        }
        return out
    }

    /// Re-sends `peer`'s unacknowledged deltas last sent at least `retransmitMs` ago.
    mutating func resend(to peer: ReplicaID, nowMs: Int64, retransmitMs: Int64) -> [Directive] {
        guard alive.contains(peer), let buffer = outbound[peer] else { return [] }
        let due = buffer.due(nowMs: nowMs, retransmitMs: retransmitMs, retransmitMsMax: config.retransmitMsMax,
                             limit: config.retransmitBatchMax)
        outbound[peer]?.markSent(due, nowMs: nowMs)
        return due.map { i in
            let e = buffer.entries[i]
            return .send(to: peer, message: .delta(epoch: epoch, seq: e.seq, floor: buffer.floor, items: e.items))
        }
    }

    static func directive(_ outcome: WriteOutcome) -> Directive {
        switch outcome {
        case .satisfied(let id): .writeSatisfied(id)
        case .failed(let id, let error): .writeFailed(id, error)
        }
    }
}
