import CourtyardCRDT

/// The bounds and intervals of one node's replication core. Every buffer is bounded here
/// (DESIGN §7); units are last in the names.
public struct ReplicationConfig: Sendable, Hashable {
    /// This node.
    public var replica: ReplicaID
    /// The node that receives every delta whatever the fan-out (`hq`).
    public var hq: ReplicaID?
    /// Peers a `local` write's deltas go to; nil = every known peer. Writes at stronger
    /// levels always go to every alive peer (their acks are what the level waits for).
    public var deltaFanOut: Int?

    /// Unacknowledged delta items per peer before the oldest entries fall back to full state.
    public var bufferItemsMax: Int = 4_096
    /// Unacknowledged delta bytes per peer (estimated) before falling back.
    public var bufferBytesMax: Int = 4 * 1024 * 1024
    /// Keys waiting for a full-state push to one peer; beyond it the peer is marked for a
    /// full anti-entropy round instead.
    public var fallbackKeysMax: Int = 4_096
    /// Keys pushed per peer per tick from the fallback set.
    public var fallbackKeysPerTick: Int = 256
    /// Every message's estimated size stays at or below this (deltas, chunks, digests).
    public var chunkBytesMax: Int = 256 * 1024
    /// Items in one message (a decoding bound for peers' messages).
    public var messageItemsMax: Int = 10_000
    /// Digest buckets (the first level of the digest).
    public var bucketCount: Int = 64
    /// Received items awaiting local persistence; beyond it new items are refused (backpressure).
    public var pendingPersistMax: Int = 16_384
    /// Out-of-order sequence numbers held per inbound peer.
    public var inboundWindow: UInt64 = 1_024
    /// Writes awaiting their consistency level.
    public var pendingWritesMax: Int = 4_096
    /// Peers known at once.
    public var peersMax: Int = 256

    public var tickIntervalMs: Int64 = 100
    public var retransmitMs: Int64 = 500
    /// The longest wait between retransmissions of one delta (the backoff doubles up to it).
    public var retransmitMsMax: Int64 = 8_000
    /// Entries re-sent per peer per tick.
    public var retransmitBatchMax: Int = 64
    public var antiEntropyIntervalMs: Int64 = 1_000
    /// Messages one anti-entropy step may send (a reply, an exchange, an answer): bounds the
    /// work one peer's message can cause; what is left is found in the next round.
    public var antiEntropyChunksMax: Int = 16
    public var writeTimeoutMs: Int64 = 5_000

    public init(replica: ReplicaID, hq: ReplicaID? = nil, deltaFanOut: Int? = nil) {
        self.replica = replica
        self.hq = hq
        self.deltaFanOut = deltaFanOut
    }

    /// Checks the bounds fit together (e.g. a digest fits one chunk).
    public func validate() throws(ReplicationError) {
        func fail(_ m: String) -> ReplicationError { ReplicationError(.invalidConfig, "replication config: \(m)") }
        let positives: [(String, Int64)] = [
            ("bufferItemsMax", Int64(bufferItemsMax)), ("bufferBytesMax", Int64(bufferBytesMax)),
            ("fallbackKeysMax", Int64(fallbackKeysMax)), ("fallbackKeysPerTick", Int64(fallbackKeysPerTick)),
            ("messageItemsMax", Int64(messageItemsMax)), ("bucketCount", Int64(bucketCount)),
            ("pendingPersistMax", Int64(pendingPersistMax)), ("inboundWindow", Int64(inboundWindow)),
            ("pendingWritesMax", Int64(pendingWritesMax)), ("peersMax", Int64(peersMax)),
            ("tickIntervalMs", tickIntervalMs), ("retransmitMs", retransmitMs), ("retransmitMsMax", retransmitMsMax),
            ("retransmitBatchMax", Int64(retransmitBatchMax)),
            ("antiEntropyIntervalMs", antiEntropyIntervalMs),
            ("antiEntropyChunksMax", Int64(antiEntropyChunksMax)), ("writeTimeoutMs", writeTimeoutMs),
        ]
        for (name, v) in positives where v <= 0 { throw fail("\(name) must be positive, got \(v)") }
        guard retransmitMsMax >= retransmitMs else {
            throw fail("retransmitMsMax \(retransmitMsMax) is below retransmitMs \(retransmitMs)")
        }
        if let f = deltaFanOut, f < 1 { throw fail("deltaFanOut must be at least 1, got \(f)") }
        let digestBytes = MessageSize.digest(bucketCount: bucketCount)
        guard digestBytes <= chunkBytesMax else {
            throw fail("a digest of \(bucketCount) buckets (\(digestBytes) bytes) exceeds chunkBytesMax \(chunkBytesMax)")
        }
        guard chunkBytesMax >= MessageSize.minimumUseful else {
            throw fail("chunkBytesMax \(chunkBytesMax) is below \(MessageSize.minimumUseful)")
        }
    }

    /// The largest item a message can carry.
    public var itemBytesMax: Int { chunkBytesMax - MessageSize.overhead - MessageSize.perItem }
}
