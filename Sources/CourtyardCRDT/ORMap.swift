/// An observed-remove map: add-wins keys (an `AWORSet` of keys) whose values are CRDTs
/// merged per key.
///
/// Updating a key (`apply`) re-adds it with a fresh dot, so an update concurrent with a
/// remove keeps the key (add wins); a remove after an observed update hides it.
///
/// A removed key's value is kept, hidden, rather than reset: for an arbitrary value lattice
/// there is no "reset" that commutes with a concurrent update, and dropping the value would
/// make merge non-associative. So a key re-added after a remove resumes from its merged old
/// value, and removed values cost memory until purged by a higher layer. (Tickets are never
/// removed from the ticket space, only closed, so this costs nothing there.)
public struct ORMap<Key: Hashable & Codable & Sendable, Value: CRDT>: CRDT {
    /// The present keys and their causal history.
    public private(set) var keySet: AWORSet<Key>
    /// Values per key, present or removed; never the bottom (a bottom value is not stored).
    private var values: [Key: Value]

    public init() {
        keySet = AWORSet()
        values = [:]
    }

    // MARK: Reading

    /// The value of a present key (the bottom if it was added without a value change), or
    /// nil if the key is absent or removed.
    public subscript(key: Key) -> Value? {
        guard keySet.contains(key) else { return nil }
        return values[key] ?? Value()
    }

    public func contains(_ key: Key) -> Bool { keySet.contains(key) }
    public var count: Int { keySet.count }
    public var isEmpty: Bool { keySet.isEmpty }

    /// The present keys in no particular order; use `keys` for anything that decides.
    public var unorderedKeys: Dictionary<Key, Set<Dot>>.Keys { keySet.unorderedElements }

    // MARK: Mutators (delta form)

    /// Adds `key` (if absent) and updates its value with `body`, which mutates the value in
    /// place and returns the value's own delta. Returns the map delta: the key's new dot and
    /// the value delta. If `body` throws, the map is unchanged.
    @discardableResult
    public mutating func apply<E: Error>(
        _ key: Key, by replica: ReplicaID, _ body: (inout Value) throws(E) -> Value
    ) throws(E) -> ORMap {
        var value = values[key] ?? Value()
        let valueDelta = try body(&value)
        var delta = ORMap()
        delta.keySet = keySet.insert(key, by: replica)
        delta.store(valueDelta, for: key)
        store(value, for: key)
        return delta
    }

    /// Removes `key` as observed here; returns the delta (the bottom if `key` is absent).
    @discardableResult
    public mutating func remove(_ key: Key) -> ORMap {
        var delta = ORMap()
        delta.keySet = keySet.remove(key)
        return delta
    }

    /// Forgets `replica` in the key set's causal context; see `AWORSet.prune(replica:)`.
    public mutating func prune(replica: ReplicaID) { keySet.prune(replica: replica) }

    public mutating func merge(_ other: ORMap) {
        keySet.merge(other.keySet)
        for (key, theirs) in other.values {
            store(values[key].map { $0.merging(theirs) } ?? theirs, for: key)
        }
    }

    private mutating func store(_ value: Value, for key: Key) {
        values[key] = value.isBottom ? nil : value
    }

    // MARK: Codable

    // {"keys": <AWORSet>, "values": [{"key": k, "value": v}, …]} in canonical key order.

    private enum CodingKeys: String, CodingKey { case keys, values }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        keySet = try c.decode(AWORSet<Key>.self, forKey: .keys)
        let pairs = try c.decodeArray(KeyValuePair<Key, Value>.self, forKey: .values,
                                      countMax: CRDTLimits.elementsMax, what: "observed-remove map")
        var values: [Key: Value] = [:]
        for pair in pairs {
            guard !pair.value.isBottom else { throw c.corrupt(.values, "observed-remove map: bottom value stored") }
            guard values.updateValue(pair.value, forKey: pair.key) == nil else {
                throw c.corrupt(.values, "observed-remove map: duplicate key")
            }
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(keySet, forKey: .keys)
        let keys = try CanonicalOrder.sorted(values.keys)
        let pairs = keys.compactMap { key in values[key].map { KeyValuePair(key: key, value: $0) } }
        try c.encode(pairs, forKey: .values)
    }
}

extension ORMap where Key: Comparable {
    /// The present keys in ascending order.
    public var keys: [Key] { keySet.sorted }
}
