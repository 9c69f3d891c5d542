import CourtyardCRDT

extension ReplicationInstance {
    /// The periodic step: expire writes, retransmit unacknowledged deltas, push full state
    /// for fallback keys, start an anti-entropy round when due, and ask for the next tick.
    ///
    /// `rng` picks the anti-entropy partner; it is the only randomness the core uses.
    public mutating func onTick<R: RandomNumberGenerator>(nowMs: Int64, rng: inout R) -> [Directive] {
        var out = writes.expire(nowMs: nowMs).map(Self.directive)
        for peer in alivePeers {
            out += resend(to: peer, nowMs: nowMs, retransmitMs: config.retransmitMs)
            out += pushFallback(to: peer)
        }
        if nowMs >= nextAntiEntropyMs, let peer = antiEntropyPartner(rng: &rng) {
            outbound[peer]?.needsFullSync = false
            out.append(.send(to: peer, message: digestMessage()))
            nextAntiEntropyMs = nowMs + config.antiEntropyIntervalMs
        }
        out.append(.scheduleTimer(atMs: nowMs + config.tickIntervalMs))
        return out
    }

    /// Full state of up to `fallbackKeysPerTick` keys whose deltas were evicted.
    mutating func pushFallback(to peer: ReplicaID) -> [Directive] {
        guard let keys = outbound[peer]?.fallbackKeys, !keys.isEmpty else { return [] }
        let batch = keys.sorted().prefix(config.fallbackKeysPerTick)
        outbound[peer]?.fallbackKeys.subtract(batch)
        let items = batch.flatMap { store.items(for: $0) }
        // Not capped by antiEntropyChunksMax: these keys were taken off the fallback set.
        return Chunking.chunks(items, bytesMax: config.chunkBytesMax, overhead: MessageSize.overhead,
                               countMax: config.messageItemsMax) { MessageSize.perItem + $0.estimatedBytes }
            .map { .send(to: peer, message: .items($0)) }
    }

    /// A peer marked for a full round first (lowest id), else one alive peer at random.
    func antiEntropyPartner<R: RandomNumberGenerator>(rng: inout R) -> ReplicaID? {
        let candidates = alivePeers
        if let urgent = candidates.first(where: { outbound[$0]?.needsFullSync == true }) { return urgent }
        guard !candidates.isEmpty else { return nil }
        return candidates[Int(rng.next() % UInt64(candidates.count))]
    }
}
