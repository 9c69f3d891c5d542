import CourtyardCRDT

extension ReplicationInstance {
    // MARK: Dispatch

    /// A message from `peer`. Messages from unknown peers or breaking the bounds are
    /// refused with a `.rejected` directive; nothing in them is applied.
    public mutating func onMessage(from peer: ReplicaID, _ message: Message, nowMs: Int64) -> [Directive] {
        guard outbound[peer] != nil else {
            return [.rejected(from: peer, error: ReplicationError(.unknownPeer, "message \(message.kind) from unknown peer \(peer)"))]
        }
        if let error = validate(message) { return [.rejected(from: peer, error: error)] }
        switch message {
        case .delta(let e, let seq, let floor, let items):
            return handleDelta(from: peer, epoch: e, seq: seq, floor: floor, items: items)
        case .ack(let e, let seq): return handleAck(from: peer, epoch: e, seq: seq)
        case .nack(let e, let from, let through): return handleNack(from: peer, epoch: e, range: from...through, nowMs: nowMs)
        case .items(let items): return handleItems(from: peer, items)
        case .digest(let buckets): return handleDigest(from: peer, buckets: buckets)
        case .digestReply(let buckets, let keys): return handleDigestReply(from: peer, buckets: buckets, keys: keys)
        case .exchange(let entries): return handleExchange(from: peer, entries)
        case .request(let entries): return handleRequest(from: peer, entries)
        }
    }

    /// Checks bounds a well-behaved peer never breaks.
    func validate(_ message: Message) -> ReplicationError? {
        func bad(_ m: String) -> ReplicationError { ReplicationError(.malformedMessage, "\(message.kind): \(m)") }
        switch message {
        case .delta(_, let seq, let floor, let items):
            if seq == 0 || floor == 0 || floor > seq { return bad("floor \(floor) and seq \(seq) must satisfy 0 < floor ≤ seq") }
            return validate(items: items).map(bad)
        case .items(let items):
            return validate(items: items).map(bad)
        case .nack(_, let from, let through):
            if from == 0 || from > through { return bad("range \(from)...\(through) is empty") }
        case .digest(let buckets):
            if buckets.count != config.bucketCount { return bad("\(buckets.count) buckets, expected \(config.bucketCount)") }
        case .digestReply(let buckets, let keys):
            if buckets.contains(where: { $0 < 0 || $0 >= config.bucketCount }) { return bad("bucket out of range") }
            if keys.count > config.messageItemsMax { return bad("\(keys.count) keys exceed \(config.messageItemsMax)") }
        case .exchange(let entries), .request(let entries):
            let ids = entries.reduce(0) { $0 + $1.ids.count }
            if entries.count > config.messageItemsMax || ids > config.messageItemsMax {
                return bad("\(entries.count) keys and \(ids) ids exceed \(config.messageItemsMax)")
            }
        case .ack:
            break
        }
        return nil
    }

    private func validate(items: [Item]) -> String? {
        if items.count > config.messageItemsMax { return "\(items.count) items exceed \(config.messageItemsMax)" }
        if let big = items.first(where: { $0.estimatedBytes > config.itemBytesMax }) {
            return "item \(big.itemID) is \(big.estimatedBytes) bytes; the limit is \(config.itemBytesMax)"
        }
        return nil
    }

    // MARK: Receiving items

    /// Takes items the store would accept and that are not already awaiting persistence;
    /// nil when accepting them would overflow `pendingPersistMax` (backpressure: the
    /// sender retransmits, anti-entropy repairs).
    mutating func admit(_ items: [Item]) -> [Item]? {
        var fresh: [Item] = []
        var seen: Set<EventID> = []
        for item in items where store.wouldAccept(item.itemID, key: item.key)
            && pendingPersist[item.itemID] == nil && seen.insert(item.itemID).inserted {
            fresh.append(item)
        }
        guard pendingPersist.count + fresh.count <= config.pendingPersistMax else { return nil }
        for item in fresh { pendingPersist[item.itemID] = item }
        return fresh
    }

    /// A delta: admit its items, ask to persist the new ones, and acknowledge only what is
    /// persisted (at once when nothing new had to be written).
    mutating func handleDelta(from peer: ReplicaID, epoch e: UInt64, seq: UInt64, floor: UInt64,
                                 items: [Item]) -> [Directive] {
        if inboundEpoch[peer] != e {
            inboundEpoch[peer] = e
            inbound[peer] = InboundLink()
        }
        guard let fresh = admit(items) else {
            return [.rejected(from: peer, error: ReplicationError(.overloaded, "delta \(seq) refused: \(pendingPersist.count) items await persistence"))]
        }
        let waitingOn = Set(items.map(\.itemID).filter { pendingPersist[$0] != nil })
        let before = inbound[peer]?.contiguous ?? 0
        guard let receipt = inbound[peer]?.receive(seq: seq, floor: floor, pending: waitingOn, window: config.inboundWindow)
        else { return [] }
        var out: [Directive] = fresh.isEmpty ? [] : [.persist(fresh)]
        let contiguous = inbound[peer]?.contiguous ?? 0
        switch receipt {
        case .duplicate:
            out.append(.send(to: peer, message: .ack(epoch: e, seq: contiguous)))
        case .accepted(let gap):
            if contiguous != before { out.append(.send(to: peer, message: .ack(epoch: e, seq: contiguous))) }
            if let gap { out.append(.send(to: peer, message: .nack(epoch: e, from: gap.lowerBound, through: gap.upperBound))) }
        case .outOfWindow(let gap):
            out.append(.send(to: peer, message: .nack(epoch: e, from: gap.lowerBound, through: gap.upperBound)))
        }
        return out
    }

    /// Unsequenced items (fallback or anti-entropy): persist the new ones; no ack.
    mutating func handleItems(from peer: ReplicaID, _ items: [Item]) -> [Directive] {
        guard let fresh = admit(items) else {
            return [.rejected(from: peer, error: ReplicationError(.overloaded, "\(items.count) items refused: \(pendingPersist.count) items await persistence"))]
        }
        return fresh.isEmpty ? [] : [.persist(fresh)]
    }

    // MARK: Persistence

    /// The shell persisted these items: merge them and acknowledge every link whose
    /// contiguous sequence moved.
    public mutating func onPersisted(_ items: [Item]) -> [Directive] {
        var ids: Set<EventID> = []
        for item in items where pendingPersist.removeValue(forKey: item.itemID) != nil {
            store.insert(item)
            ids.insert(item.itemID)
        }
        guard !ids.isEmpty else { return [] }
        var out: [Directive] = []
        for peer in inbound.keys.sorted() {
            guard inbound[peer]?.persisted(ids) == true, let e = inboundEpoch[peer],
                  let seq = inbound[peer]?.contiguous else { continue }
            out.append(.send(to: peer, message: .ack(epoch: e, seq: seq)))
        }
        return out
    }

    /// The shell could not persist these items: forget them, so a retransmission or
    /// anti-entropy brings them again. Nothing is acknowledged for them.
    public mutating func onPersistFailed(_ items: [Item]) -> [Directive] {
        let ids = Set(items.map(\.itemID).filter { pendingPersist.removeValue(forKey: $0) != nil })
        for peer in inbound.keys.sorted() { inbound[peer]?.persistFailed(ids) }
        return []
    }

    // MARK: Acknowledgements

    /// The peer persisted our deltas up to `seq`: drop them and credit their writes.
    mutating func handleAck(from peer: ReplicaID, epoch e: UInt64, seq: UInt64) -> [Directive] {
        guard e == epoch, let buffer = outbound[peer] else { return [] }
        guard seq < buffer.nextSeq else {
            return [.rejected(from: peer, error: ReplicationError(.malformedMessage, "ack \(seq) for a sequence never sent (next is \(buffer.nextSeq))"))]
        }
        let done = outbound[peer]?.ack(seq) ?? []
        var out: [Directive] = []
        for entry in done where entry.completesWrites {
            out += entry.writes.compactMap { writes.ack($0, by: peer) }.map(Self.directive)
        }
        return out
    }

    /// The peer is missing `range`: re-send what is still buffered; the rest was handed to
    /// full-state fallback when it was evicted, and the next delta's floor tells the peer
    /// not to wait for it.
    mutating func handleNack(from peer: ReplicaID, epoch e: UInt64, range: ClosedRange<UInt64>,
                                nowMs: Int64) -> [Directive] {
        guard e == epoch, let buffer = outbound[peer], alive.contains(peer) else { return [] }
        let indices = Array(buffer.indices(in: range).prefix(config.retransmitBatchMax))
        outbound[peer]?.markSent(indices, nowMs: nowMs)
        var out: [Directive] = indices.map { i in
            let entry = buffer.entries[i]
            return .send(to: peer, message: .delta(epoch: epoch, seq: entry.seq, floor: buffer.floor, items: entry.items))
        }
        if indices.isEmpty, let last = buffer.entries.last {
            // Nothing of the range is left: re-send the newest entry so its floor releases the peer.
            out.append(.send(to: peer, message: .delta(epoch: epoch, seq: last.seq, floor: buffer.floor, items: last.items)))
        }
        return out
    }
}
