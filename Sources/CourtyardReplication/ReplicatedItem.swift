import CourtyardCRDT

// MARK: - Keys

/// The key an item belongs to (a ticket, a directory record): the unit of digests and of
/// full-state fallback.
///
/// `canonicalBytes` feeds the deterministic digest hash, so it must be the same on every
/// node and in every process (never `hashValue`).
public protocol ReplicationKey: Hashable, Comparable, Codable, Sendable {
    var canonicalBytes: [UInt8] { get }
}

extension String: ReplicationKey {
    public var canonicalBytes: [UInt8] { Array(utf8) }
}

// MARK: - Retention

/// What a replica keeps of the items under one key.
public enum ItemRetention: Sendable, Hashable {
    /// Every item (a grow-only event set: ticket events). Merge is union by id.
    case all
    /// Only the item with the greatest id (a last-writer-wins record: directory records,
    /// whose id is their `version`). Merge keeps the maximum.
    case latestOnly
}

// MARK: - Items

/// One replicated unit: an immutable item with a unique, totally ordered id under a key.
///
/// The ticket space is a map key → set of items; the replication core only needs this
/// much of an item, so ticket events and versioned directory records share one core.
public protocol ReplicatedItem: Hashable, Codable, Sendable {
    associatedtype Key: ReplicationKey

    /// Unique across the cluster (an HLC plus its origin).
    var itemID: EventID { get }
    /// The ticket or record this item belongs to.
    var key: Key { get }
    /// An upper bound on the item's encoded size in bytes, used for every byte limit
    /// (delta buffers, chunks). Must be deterministic.
    var estimatedBytes: Int { get }
    /// Whether the key keeps all items or only the latest.
    static var retention: ItemRetention { get }
}
