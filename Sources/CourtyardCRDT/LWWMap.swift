/// A map of last-writer-wins registers: per-field records (a resident's phone, a room's
/// owner) where each field takes the latest write independently.
///
/// Removing a key writes a tombstone (a register holding nil) so that a remove and a
/// concurrent write are ordered by their stamps like any two writes. Tombstones older than a
/// stable cut can be dropped with `pruneTombstones(before:)`.
public struct LWWMap<Key: Hashable & Codable & Sendable, Value: Codable & Sendable & Equatable>: CRDT {
    private var registers: [Key: LWWRegister<Value?>]

    public init() { registers = [:] }

    // MARK: Reading

    /// The current value of `key`, or nil if never written or removed.
    public subscript(key: Key) -> Value? { registers[key]?.value ?? nil }

    /// The stamp of the winning write (or remove) of `key`.
    public func stamp(for key: Key) -> EventID? { registers[key]?.stamp }

    /// Keys with a value (not removed), in no particular order.
    public var unorderedKeys: [Key] { registers.filter { LWWMap.isLive($0.value) }.map(\.key) }

    /// Number of keys with a value.
    public var count: Int { registers.values.reduce(0) { $0 + (LWWMap.isLive($1) ? 1 : 0) } }

    /// Whether a register holds a value rather than a tombstone.
    private static func isLive(_ register: LWWRegister<Value?>) -> Bool {
        if case .some(.some) = register.value { return true }
        return false
    }

    public var isEmpty: Bool { count == 0 }

    // MARK: Mutators (delta form)

    /// Writes `value` under `key` at `stamp`; returns the delta.
    @discardableResult
    public mutating func set(_ key: Key, to value: Value, at stamp: EventID) -> LWWMap {
        write(key, value, at: stamp)
    }

    /// Removes `key` at `stamp` (a tombstone write); returns the delta.
    @discardableResult
    public mutating func remove(_ key: Key, at stamp: EventID) -> LWWMap {
        write(key, nil, at: stamp)
    }

    private mutating func write(_ key: Key, _ value: Value?, at stamp: EventID) -> LWWMap {
        var delta = LWWMap()
        delta.registers[key] = LWWRegister(value, at: stamp)
        merge(delta)
        return delta
    }

    /// Drops tombstones stamped before `cut`. Apply only at a cut every replica has passed,
    /// or an older write still in flight could resurface.
    public mutating func pruneTombstones(before cut: HLCTimestamp) {
        registers = registers.filter { _, register in
            guard let stamp = register.stamp else { return false }
            return LWWMap.isLive(register) || stamp.hlc >= cut
        }
    }

    public mutating func merge(_ other: LWWMap) {
        registers.merge(other.registers) { $0.merging($1) }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case entries }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let pairs = try c.decodeArray(KeyValuePair<Key, LWWRegister<Value?>>.self, forKey: .entries,
                                      countMax: CRDTLimits.elementsMax, what: "LWW map")
        var registers: [Key: LWWRegister<Value?>] = [:]
        for pair in pairs {
            guard !pair.value.isBottom else { throw c.corrupt(.entries, "LWW map: empty register") }
            guard registers.updateValue(pair.value, forKey: pair.key) == nil else {
                throw c.corrupt(.entries, "LWW map: duplicate key")
            }
        }
        self.registers = registers
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let keys = try CanonicalOrder.sorted(registers.keys)
        let pairs = keys.compactMap { key in registers[key].map { KeyValuePair(key: key, value: $0) } }
        try c.encode(pairs, forKey: .entries)
    }
}

extension LWWMap where Key: Comparable {
    /// Keys with a value, in ascending order.
    public var keys: [Key] { unorderedKeys.sorted() }
}
