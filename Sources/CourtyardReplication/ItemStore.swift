import CourtyardCRDT

/// The replicated state of one node: key → items, with a two-level digest kept up to date
/// on every insert.
///
/// Level one: per key, a hash of its key bytes and of its set of item ids. Level two: keys
/// fall into `bucketCount` buckets by a stable hash of the key; a bucket's hash combines
/// its keys' hashes. Both levels combine by wrapping addition of mixed 64-bit hashes, which
/// is a set hash: it does not depend on insertion order and updates in O(1).
public struct ItemStore<Item: ReplicatedItem>: Sendable {
    struct KeyEntry: Sendable {
        var items: [EventID: Item] = [:]
        var idSum: UInt64 = 0
    }

    private var entries: [Item.Key: KeyEntry] = [:]
    private var bucketKeys: [Set<Item.Key>]
    public private(set) var bucketHashes: [UInt64]
    /// Items held (over all keys).
    public private(set) var count: Int = 0

    public let bucketCount: Int

    public init(bucketCount: Int) {
        precondition(bucketCount > 0)
        self.bucketCount = bucketCount
        bucketKeys = Array(repeating: [], count: bucketCount)
        bucketHashes = Array(repeating: 0, count: bucketCount)
    }

    // MARK: Reading

    public var keyCount: Int { entries.count }

    /// All keys, ascending.
    public var sortedKeys: [Item.Key] { entries.keys.sorted() }

    /// The items of `key`, ascending by id.
    public func items(for key: Item.Key) -> [Item] {
        guard let e = entries[key] else { return [] }
        return e.items.keys.sorted().compactMap { e.items[$0] }
    }

    /// The item ids of `key`, ascending.
    public func ids(for key: Item.Key) -> [EventID] {
        entries[key]?.items.keys.sorted() ?? []
    }

    public func item(_ id: EventID, key: Item.Key) -> Item? {
        entries[key]?.items[id]
    }

    public func contains(_ id: EventID, key: Item.Key) -> Bool {
        entries[key]?.items[id] != nil
    }

    /// Every item, ascending by (key, id): the state to compare across replicas.
    public var allItems: [Item] { sortedKeys.flatMap { items(for: $0) } }

    /// Whether inserting an item with `id` under `key` would change the state.
    public func wouldAccept(_ id: EventID, key: Item.Key) -> Bool {
        guard let e = entries[key] else { return true }
        switch Item.retention {
        case .all: return e.items[id] == nil
        case .latestOnly: return e.items.keys.allSatisfy { $0 < id }
        }
    }

    // MARK: Digests

    /// The bucket of `key`: stable across nodes and processes.
    public func bucket(of key: Item.Key) -> Int {
        Int(StableHash.of(bytes: key.canonicalBytes) % UInt64(bucketCount))
    }

    /// The hash of `key`'s item ids; 0 when the key is absent.
    public func keyHash(_ key: Item.Key) -> UInt64 {
        guard let e = entries[key] else { return 0 }
        return StableHash.mix(StableHash.of(bytes: key.canonicalBytes) &+ e.idSum)
    }

    /// The keys in `bucket`, ascending.
    public func keys(inBucket bucket: Int) -> [Item.Key] {
        bucketKeys[bucket].sorted()
    }

    // MARK: Writing

    /// Merges `item`; returns whether the state changed.
    @discardableResult
    public mutating func insert(_ item: Item) -> Bool {
        let key = item.key
        guard wouldAccept(item.itemID, key: key) else { return false }
        let b = bucket(of: key)
        let before = keyHash(key)
        var e = entries[key] ?? KeyEntry()
        if Item.retention == .latestOnly {
            for old in e.items.keys {
                e.idSum &-= StableHash.of(old)
                count -= 1
            }
            e.items.removeAll()
        }
        e.items[item.itemID] = item
        e.idSum &+= StableHash.of(item.itemID)
        count += 1
        entries[key] = e
        bucketKeys[b].insert(key)
        bucketHashes[b] = bucketHashes[b] &- before &+ keyHash(key)
        return true
    }
}
