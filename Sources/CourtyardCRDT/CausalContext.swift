/// The set of dots a replica has seen: a version vector (the contiguous prefix of each
/// replica's dots) plus a dot cloud (dots seen out of order, past a gap).
///
/// Deltas arrive out of order, so a replica can see dot 7 of `hq` before dot 6; the cloud
/// holds such dots until the gap fills, and compaction then folds them into the vector.
/// Every mutator leaves the context compact — no cloud dot is covered by, or adjacent to,
/// the vector — so the representation is canonical: equal sets of dots are equal values and
/// encode to equal bytes, and the metadata stays bounded by the gaps still in flight.
public struct CausalContext: CRDT, Hashable, CustomStringConvertible {
    /// The contiguous prefix of each replica's dots.
    public private(set) var vector: VersionVector
    /// Dots seen past a gap in their replica's sequence.
    public private(set) var cloud: Set<Dot>

    public init() {
        vector = VersionVector()
        cloud = []
    }

    /// A context holding exactly `dots` (compacted).
    public init(dots: some Sequence<Dot>) {
        self.init()
        for dot in dots { insert(dot) }
    }

    /// A context holding `vector` and `cloud` (compacted).
    public init(vector: VersionVector, cloud: some Sequence<Dot>) {
        self.vector = vector
        self.cloud = Set(cloud)
        compact()
    }

    // MARK: Reading

    /// Whether `dot` has been seen.
    public func contains(_ dot: Dot) -> Bool {
        vector.contains(dot) || cloud.contains(dot)
    }

    /// The cloud in canonical order.
    public var sortedCloud: [Dot] { cloud.sorted() }

    public var isEmpty: Bool { vector.isEmpty && cloud.isEmpty }

    /// The highest counter of `replica` seen, in the vector or the cloud.
    public func maxCounter(of replica: ReplicaID) -> UInt64 {
        cloud.reduce(vector[replica]) { $1.replica == replica ? max($0, $1.counter) : $0 }
    }

    public var description: String {
        "\(vector)+{" + sortedCloud.map(\.description).joined(separator: ", ") + "}"
    }

    // MARK: Mutating

    /// Records `dot` as seen, folding it (and any cloud dots it makes contiguous) into the vector.
    public mutating func insert(_ dot: Dot) {
        let known = vector[dot.replica]
        if dot.counter <= known { return }
        guard dot.counter == known + 1 else {
            cloud.insert(dot)
            return
        }
        var top = dot.counter
        while top < Dot.counterMax, cloud.remove(Dot(replica: dot.replica, counter: top + 1)) != nil {
            top += 1
        }
        vector.advance(dot.replica, to: top)
    }

    /// Issues the next dot of `replica` — one past the highest seen — and records it.
    ///
    /// - Precondition: the replica has issued fewer than `Dot.counterMax` dots (decoding
    ///   refuses larger counters, so no input can reach it).
    public mutating func nextDot(for replica: ReplicaID) -> Dot {
        let dot = Dot(replica: replica, counter: maxCounter(of: replica) + 1)
        insert(dot)
        return dot
    }

    /// Union of the dots seen, compacted.
    public mutating func merge(_ other: CausalContext) {
        vector.merge(other.vector)
        cloud.formUnion(other.cloud)
        compact()
    }

    /// Folds contiguous cloud dots into the vector and drops cloud dots it already covers.
    public mutating func compact() {
        guard !cloud.isEmpty else { return }
        var remaining = Set<Dot>()
        // Sorted by (replica, counter): a run of consecutive dots folds in one pass.
        for dot in cloud.sorted() {
            let known = vector[dot.replica]
            if dot.counter <= known { continue }
            if dot.counter == known + 1 {
                vector.advance(dot.replica, to: dot.counter)
            } else {
                remaining.insert(dot)
            }
        }
        cloud = remaining
    }

    /// Forgets every dot of `replica`, a node removed from the cluster.
    ///
    /// Safe only at a stable cut: once every live replica has seen all of the removed
    /// replica's dots and applies the same prune. A replica that has not pruned yet merely
    /// re-introduces the entry on its next merge (harmless, pruned again later).
    public mutating func prune(replica: ReplicaID) {
        vector.prune(replica: replica)
        cloud = cloud.filter { $0.replica != replica }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case vector, cloud }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let vector = try c.decode(VersionVector.self, forKey: .vector)
        let dots = try c.decodeArray(Dot.self, forKey: .cloud,
                                     countMax: CRDTLimits.dotCloudMax, what: "dot cloud")
        let cloud = Set(dots)
        guard cloud.count == dots.count else { throw c.corrupt(.cloud, "dot cloud: duplicate dot") }
        self.init(vector: vector, cloud: cloud)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vector, forKey: .vector)
        try c.encode(sortedCloud, forKey: .cloud)
    }
}
