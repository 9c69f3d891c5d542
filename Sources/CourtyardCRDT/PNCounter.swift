/// A counter that goes up and down: two grow-only counters, increments and decrements.
///
/// The value is `increments − decrements`, clamped to the range of `Int64` instead of
/// trapping (a state that far out can only come from corrupt input).
public struct PNCounter: CRDT, Hashable, CustomStringConvertible {
    public private(set) var increments: GCounter
    public private(set) var decrements: GCounter

    public init() {
        increments = GCounter()
        decrements = GCounter()
    }

    /// The current value, clamped to `Int64`.
    public var value: Int64 {
        let up = increments.value, down = decrements.value
        if up >= down {
            let diff = up - down
            return diff > UInt64(Int64.max) ? .max : Int64(diff)
        }
        let diff = down - up
        return diff > UInt64(Int64.max) ? .min : -Int64(diff)
    }

    public var description: String { "PNCounter(\(value))" }

    // MARK: Mutators (delta form)

    /// Adds `amount`; returns the delta.
    @discardableResult
    public mutating func increment(by amount: UInt64 = 1, replica: ReplicaID) -> PNCounter {
        var delta = PNCounter()
        delta.increments = increments.increment(by: amount, replica: replica)
        return delta
    }

    /// Subtracts `amount`; returns the delta.
    @discardableResult
    public mutating func decrement(by amount: UInt64 = 1, replica: ReplicaID) -> PNCounter {
        var delta = PNCounter()
        delta.decrements = decrements.increment(by: amount, replica: replica)
        return delta
    }

    /// Forgets `replica`'s contributions (a node removed from the cluster).
    public mutating func prune(replica: ReplicaID) {
        increments.prune(replica: replica)
        decrements.prune(replica: replica)
    }

    public mutating func merge(_ other: PNCounter) {
        increments.merge(other.increments)
        decrements.merge(other.decrements)
    }
}
