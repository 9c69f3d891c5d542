/// A state-based CRDT: a join-semilattice whose `merge` is the join.
///
/// Replicas converge because `merge` is commutative, associative and idempotent, so any
/// delivery order, with duplicates and losses repaired later, yields the same state.
///
/// ### Delta-state design (Almeida, Shoker & Baquero, "Delta State Replicated Data Types", 2018)
///
/// Every mutator of a conforming type has a *delta form*: it changes `self` and returns a
/// delta of the same type — a small state that, merged into any replica (including this one
/// and the bottom `init()`), has the effect of the mutation. The replication layer ships
/// deltas instead of full states, buffers and joins them per peer (starting from `init()`,
/// the bottom), and falls back to full state when a gap is detected. Joining all deltas of a
/// history equals the full state it produced, so a delta and a full state are interchangeable.
///
/// Conforming types are values: `Sendable`, `Equatable` (equal means same state, not merely
/// same visible value) and `Codable` with a deterministic form, so that equal states encode
/// to equal bytes through `CRDTCodec` and digests can compare replicas.
public protocol CRDT: Sendable, Codable, Equatable {
    /// The bottom of the lattice: the state before any mutation, neutral for `merge`.
    init()

    /// Joins `other` into `self` (least upper bound). Never traps, whatever `other` holds.
    mutating func merge(_ other: Self)
}

extension CRDT {
    /// The join of `self` and `other`, as a new value.
    public func merging(_ other: Self) -> Self {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Whether this state is the bottom (`init()`): an empty delta need not be shipped.
    public var isBottom: Bool { self == Self() }

    /// Joins a sequence of states or deltas, starting from the bottom.
    public static func join(_ states: some Sequence<Self>) -> Self {
        states.reduce(into: Self()) { $0.merge($1) }
    }
}
