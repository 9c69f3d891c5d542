/// A last-writer-wins register: holds the value of the write with the greatest `EventID`.
///
/// The stamp is an `EventID` — the writer's HLC timestamp, then its origin replica — so the
/// winner is deterministic: a later HLC wins, and on an equal HLC the greater origin wins.
/// Two writes cannot share a stamp (each replica's HLC is strictly monotone); should corrupt
/// input pair one stamp with two values, the value with the smaller canonical encoding wins
/// everywhere, keeping merge commutative.
public struct LWWRegister<Value: Codable & Sendable & Equatable>: CRDT {
    private struct Entry: Codable, Sendable, Equatable {
        var stamp: EventID
        var value: Value
    }

    private var entry: Entry?

    /// The empty register (bottom): never written.
    public init() { entry = nil }

    /// A register written once.
    public init(_ value: Value, at stamp: EventID) {
        entry = Entry(stamp: stamp, value: value)
    }

    /// The winning value, or nil if never written.
    public var value: Value? { entry?.value }

    /// The stamp of the winning write, or nil if never written.
    public var stamp: EventID? { entry?.stamp }

    // MARK: Mutators (delta form)

    /// Writes `value` at `stamp`; returns the delta (a register holding just this write).
    /// A write stamped at or before the current one loses, as it would on any replica.
    @discardableResult
    public mutating func assign(_ value: Value, at stamp: EventID) -> LWWRegister {
        let delta = LWWRegister(value, at: stamp)
        merge(delta)
        return delta
    }

    public mutating func merge(_ other: LWWRegister) {
        guard let theirs = other.entry else { return }
        guard let mine = entry else {
            entry = theirs
            return
        }
        if theirs.stamp > mine.stamp {
            entry = theirs
        } else if theirs.stamp == mine.stamp, theirs.value != mine.value {
            entry = CanonicalOrder.smaller(mine, theirs)
        }
    }

    // MARK: Codable

    // {} when empty, else {"entry": {"stamp": …, "value": …}}.

    private enum CodingKeys: String, CodingKey { case entry }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        entry = try c.decodeIfPresent(Entry.self, forKey: .entry)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(entry, forKey: .entry)
    }
}

extension LWWRegister: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entry?.stamp)
        hasher.combine(entry?.value)
    }
}
