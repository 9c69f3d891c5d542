import CourtyardCRDT

/// A key's digest entry: the second level of an anti-entropy comparison.
public struct KeyDigest<Key: ReplicationKey>: Hashable, Sendable, Codable {
    public let key: Key
    public let hash: UInt64
}

/// A key with item ids: "these are the ids I hold" (`exchange`) or "send me these" (`request`).
public struct KeyIDs<Key: ReplicationKey>: Hashable, Sendable, Codable {
    public let key: Key
    public let ids: [EventID]
}

/// What replication cores say to each other. Every message's `estimatedBytes` stays at or
/// below the sender's `chunkBytesMax`.
public enum ReplicationMessage<Item: ReplicatedItem>: Hashable, Sendable, Codable {
    // MARK: Deltas (sequenced per link, acknowledged)

    /// Items written at the sender. `epoch` is the sender's incarnation (sequences restart
    /// with it); `seq` is the link's sequence number; `floor` is the lowest sequence the
    /// sender still buffers: below it, everything was acknowledged or handed to full-state
    /// fallback, so the receiver must not wait for it.
    case delta(epoch: UInt64, seq: UInt64, floor: UInt64, items: [Item])
    /// The highest contiguous sequence of the peer's `epoch` received *and persisted* here.
    case ack(epoch: UInt64, seq: UInt64)
    /// A gap: sequences `from...through` of the peer's `epoch` did not arrive.
    case nack(epoch: UInt64, from: UInt64, through: UInt64)

    // MARK: Unsequenced state transfer (fallback and anti-entropy)

    /// Items the receiver may lack: full state of some keys, or the answer to a request.
    case items([Item])

    // MARK: Anti-entropy

    /// Round start: the sender's bucket hashes (index = bucket).
    case digest(buckets: [UInt64])
    /// The receiver's key hashes for the buckets that differ (`buckets` lists them, even
    /// when a bucket holds no keys on this side).
    case digestReply(buckets: [Int], keys: [KeyDigest<Item.Key>])
    /// The ids the sender holds for keys that differ: answer with the items it lacks and
    /// request the ids you lack.
    case exchange([KeyIDs<Item.Key>])
    /// Send me these items.
    case request([KeyIDs<Item.Key>])

    /// A deterministic upper bound on the encoded size.
    public var estimatedBytes: Int {
        switch self {
        case .delta(_, _, _, let items), .items(let items):
            MessageSize.overhead + items.reduce(0) { $0 + MessageSize.perItem + $1.estimatedBytes }
        case .ack, .nack:
            MessageSize.overhead
        case .digest(let buckets):
            MessageSize.digest(bucketCount: buckets.count)
        case .digestReply(let buckets, let keys):
            MessageSize.overhead + buckets.count * MessageSize.perNumber
                + keys.reduce(0) { $0 + MessageSize.keyDigest($1.key) }
        case .exchange(let entries), .request(let entries):
            MessageSize.overhead + entries.reduce(0) { $0 + MessageSize.keyIDs($1.key, ids: $1.ids) }
        }
    }

    /// A short name for traces and metrics.
    public var kind: String {
        switch self {
        case .delta: "delta"
        case .ack: "ack"
        case .nack: "nack"
        case .items: "items"
        case .digest: "digest"
        case .digestReply: "digestReply"
        case .exchange: "exchange"
        case .request: "request"
        }
    }
}

/// Size estimates for canonical JSON; generous (worst-case digits, escapes) so that the
/// real encoding never exceeds them.
enum MessageSize {
    /// Enum case wrapper, field names, two sequence numbers.
    static let overhead = 96
    /// Separator and framing of one item in an array.
    static let perItem = 4
    /// One integer with its separator (a UInt64 has at most 20 digits).
    static let perNumber = 22
    /// Smallest chunk that still carries a useful message.
    static let minimumUseful = 1_024

    static func digest(bucketCount: Int) -> Int { overhead + bucketCount * perNumber }

    /// A JSON string: quotes plus every byte, escapes counted at their worst (`\u00XX`).
    static func string(_ bytes: [UInt8]) -> Int {
        2 + bytes.reduce(0) { n, b in
            n + (b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") ? 2 : b < 0x20 ? 6 : 1)
        }
    }

    /// `{"hlc":{"logical":…,"wallMs":…},"origin":"…"}` with worst-case digits.
    static func eventID(_ id: EventID) -> Int { 80 + id.origin.rawValue.utf8.count }

    static func keyDigest<K: ReplicationKey>(_ key: K) -> Int {
        24 + string(key.canonicalBytes) + perNumber
    }

    static func keyIDs<K: ReplicationKey>(_ key: K, ids: [EventID]) -> Int {
        24 + string(key.canonicalBytes) + ids.reduce(0) { $0 + 1 + eventID($1) }
    }
}
