/// For each replica, the largest counter `n` such that its dots `1...n` have all been seen.
///
/// The compact part of a causal context, and the per-replica counts of a `GCounter`. Entries
/// are never zero (an absent replica reads as 0), so equal vectors are equal values and
/// encode to equal bytes. It is itself a CRDT: merge is the pointwise maximum.
public struct VersionVector: CRDT, Hashable, CustomStringConvertible {
    private var counters: [ReplicaID: UInt64]

    public init() { counters = [:] }

    /// A vector holding `entries`; zero entries are dropped and entries are capped at
    /// `Dot.counterMax`.
    public init(_ entries: [ReplicaID: UInt64]) {
        counters = entries.filter { $0.value > 0 }.mapValues { min($0, Dot.counterMax) }
    }

    // MARK: Reading

    /// The counter recorded for `replica`, or 0.
    public subscript(replica: ReplicaID) -> UInt64 { counters[replica] ?? 0 }

    /// Whether `dot` lies in the contiguous prefix recorded for its replica.
    public func contains(_ dot: Dot) -> Bool { dot.counter <= self[dot.replica] }

    /// Replicas with a non-zero entry, sorted.
    public var replicas: [ReplicaID] { counters.keys.sorted() }

    /// The entries in replica order.
    public var entries: [(replica: ReplicaID, counter: UInt64)] {
        counters.sorted { $0.key < $1.key }.map { (replica: $0.key, counter: $0.value) }
    }

    public var isEmpty: Bool { counters.isEmpty }
    public var count: Int { counters.count }

    /// Whether every entry of `self` is at most the matching entry of `other` (`self ≤ other`
    /// in the causal partial order: `other` has seen everything `self` has).
    public func isDominated(by other: VersionVector) -> Bool {
        counters.allSatisfy { $0.value <= other[$0.key] }
    }

    /// Whether neither vector dominates the other: the histories are concurrent.
    public func isConcurrent(with other: VersionVector) -> Bool {
        !isDominated(by: other) && !other.isDominated(by: self)
    }

    public var description: String {
        "[" + entries.map { "\($0.replica):\($0.counter)" }.joined(separator: ", ") + "]"
    }

    // MARK: Mutating

    /// Raises the entry of `replica` to at least `counter` (capped at `Dot.counterMax`).
    public mutating func advance(_ replica: ReplicaID, to counter: UInt64) {
        let capped = min(counter, Dot.counterMax)
        guard capped > self[replica] else { return }
        counters[replica] = capped
    }

    /// Adds `amount` to the entry of `replica`, saturating at `Dot.counterMax` rather than
    /// trapping, and returns the new entry.
    @discardableResult
    public mutating func increment(_ replica: ReplicaID, by amount: UInt64 = 1) -> UInt64 {
        let (sum, overflow) = self[replica].addingReportingOverflow(amount)
        let next = overflow ? Dot.counterMax : min(sum, Dot.counterMax)
        if next > 0 { counters[replica] = next }
        return next
    }

    /// Forgets `replica` (a node removed from the cluster).
    public mutating func prune(replica: ReplicaID) {
        counters[replica] = nil
    }

    /// Pointwise maximum.
    public mutating func merge(_ other: VersionVector) {
        counters.merge(other.counters) { max($0, $1) }
    }

    // MARK: Codable

    // Encoded as {"entries": [{"counter": n, "replica": "hq"}, …]} sorted by replica: each
    // entry is the highest dot seen, so a zero entry cannot even be expressed.

    private enum CodingKeys: String, CodingKey { case entries }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let dots = try c.decodeArray(Dot.self, forKey: .entries,
                                     countMax: CRDTLimits.replicasMax, what: "version vector")
        var counters: [ReplicaID: UInt64] = [:]
        for dot in dots {
            guard counters.updateValue(dot.counter, forKey: dot.replica) == nil else {
                throw c.corrupt(.entries, "version vector: duplicate entry for replica '\(dot.replica)'")
            }
        }
        self.counters = counters
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entries.map { Dot(replica: $0.replica, counter: $0.counter) }, forKey: .entries)
    }
}
