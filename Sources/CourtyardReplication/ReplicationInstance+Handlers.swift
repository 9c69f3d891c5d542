import CourtyardCRDT

// Named handlers for each message, for shells and tests that dispatch themselves. Each
// goes through `onMessage`, so the same peer and bound checks apply.

extension ReplicationInstance {
    /// A delta from `peer` (see `ReplicationMessage.delta`).
    public mutating func onDelta(from peer: ReplicaID, epoch: UInt64, seq: UInt64, floor: UInt64,
                                 items: [Item], nowMs: Int64) -> [Directive] {
        onMessage(from: peer, .delta(epoch: epoch, seq: seq, floor: floor, items: items), nowMs: nowMs)
    }

    /// `peer` persisted our deltas up to `seq` of our `epoch`.
    public mutating func onAck(from peer: ReplicaID, epoch: UInt64, seq: UInt64, nowMs: Int64) -> [Directive] {
        onMessage(from: peer, .ack(epoch: epoch, seq: seq), nowMs: nowMs)
    }

    /// `peer` reports a missing range of our deltas.
    public mutating func onNack(from peer: ReplicaID, epoch: UInt64, range: ClosedRange<UInt64>,
                                nowMs: Int64) -> [Directive] {
        onMessage(from: peer, .nack(epoch: epoch, from: range.lowerBound, through: range.upperBound), nowMs: nowMs)
    }

    /// Unsequenced items from `peer` (full-state fallback or anti-entropy).
    public mutating func onItems(from peer: ReplicaID, _ items: [Item], nowMs: Int64) -> [Directive] {
        onMessage(from: peer, .items(items), nowMs: nowMs)
    }

    /// `peer` starts an anti-entropy round with its bucket hashes.
    public mutating func onDigest(from peer: ReplicaID, buckets: [UInt64], nowMs: Int64) -> [Directive] {
        onMessage(from: peer, .digest(buckets: buckets), nowMs: nowMs)
    }

    /// `peer`'s key hashes for the buckets that differ.
    public mutating func onDigestReply(from peer: ReplicaID, buckets: [Int], keys: [KeyDigest<Item.Key>],
                                       nowMs: Int64) -> [Directive] {
        onMessage(from: peer, .digestReply(buckets: buckets, keys: keys), nowMs: nowMs)
    }
}
