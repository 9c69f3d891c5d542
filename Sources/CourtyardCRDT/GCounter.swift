/// A grow-only counter: one monotone count per replica; the value is their sum.
///
/// Each replica only increments its own entry, so merge (pointwise maximum) never loses an
/// increment. Counts saturate at `Dot.counterMax` (2^62) instead of trapping.
public struct GCounter: CRDT, Hashable, CustomStringConvertible {
    /// The count contributed by each replica.
    public private(set) var counts: VersionVector

    public init() { counts = VersionVector() }

    /// The total: the sum of every replica's count, saturating at `UInt64.max`.
    public var value: UInt64 {
        counts.entries.reduce(UInt64(0)) { total, entry in
            let (sum, overflow) = total.addingReportingOverflow(entry.counter)
            return overflow ? .max : sum
        }
    }

    /// The count contributed by `replica`.
    public subscript(replica: ReplicaID) -> UInt64 { counts[replica] }

    public var description: String { "GCounter(\(value))" }

    // MARK: Mutators (delta form)

    /// Adds `amount` to `replica`'s count; returns the delta (that replica's new entry).
    @discardableResult
    public mutating func increment(by amount: UInt64 = 1, replica: ReplicaID) -> GCounter {
        let now = counts.increment(replica, by: amount)
        var delta = GCounter()
        delta.counts.advance(replica, to: now)
        return delta
    }

    /// Forgets `replica`'s contribution (a node removed from the cluster; its increments are
    /// dropped from the value). Apply on every replica at a stable cut.
    public mutating func prune(replica: ReplicaID) { counts.prune(replica: replica) }

    public mutating func merge(_ other: GCounter) { counts.merge(other.counts) }

    // MARK: Codable

    // {"counts": {"entries": [{"counter": n, "replica": "hq"}, …]}}: duplicate, zero or
    // negative entries are refused by `VersionVector`'s decoder.
}
