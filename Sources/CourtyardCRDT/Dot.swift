/// One event of one replica in the causal history: the `counter`-th event issued by `replica`.
///
/// Dots tag the elements of observed-remove types so a remove names exactly the adds it saw,
/// and an add that it did not see survives (add-wins). Counters start at 1: a replica's first
/// dot is `(replica, 1)`, so a version-vector entry of `n` means "dots 1...n seen".
public struct Dot: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let replica: ReplicaID
    public let counter: UInt64

    /// The largest counter a dot (or a version-vector entry) may hold: 2^62. Far beyond any
    /// real history, and low enough that `counter + 1` can never overflow, even for a
    /// counter received from a hostile peer (decoding refuses anything larger).
    public static let counterMax: UInt64 = 1 << 62

    /// - Precondition: `1 <= counter <= counterMax`. Untrusted input goes through
    ///   `Decodable`, which throws instead.
    public init(replica: ReplicaID, counter: UInt64) {
        precondition(counter >= 1 && counter <= Dot.counterMax, "dot counter out of range: \(counter)")
        self.replica = replica
        self.counter = counter
    }

    /// Ordered by replica, then counter: the canonical order of dot clouds and dot sets.
    public static func < (a: Dot, b: Dot) -> Bool {
        if a.replica != b.replica { return a.replica < b.replica }
        return a.counter < b.counter
    }

    public var description: String { "\(replica):\(counter)" }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case replica, counter }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let replica = try c.decode(ReplicaID.self, forKey: .replica)
        let counter = try c.decode(UInt64.self, forKey: .counter)
        guard counter >= 1 && counter <= Dot.counterMax else {
            throw DecodingError.dataCorruptedError(forKey: .counter, in: c,
                                                   debugDescription: "dot counter must be in 1...\(Dot.counterMax), got \(counter)")
        }
        self.replica = replica
        self.counter = counter
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(replica, forKey: .replica)
        try c.encode(counter, forKey: .counter)
    }
}
