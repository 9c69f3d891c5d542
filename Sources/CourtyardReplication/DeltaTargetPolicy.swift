import CourtyardCRDT

/// Which peers receive the deltas of a `local` write.
///
/// With no fan-out limit every known peer does. With a limit, the `alwaysInclude` peers
/// (headquarters: "HQ receives everything") always do, and the rest of the limit rotates
/// over the alive peers in id order; anti-entropy brings the others up to date.
public struct DeltaTargetPolicy: Sendable, Hashable {
    public var fanOut: Int?
    public var alwaysInclude: [ReplicaID]

    public init(fanOut: Int?, alwaysInclude: [ReplicaID]) {
        self.fanOut = fanOut
        self.alwaysInclude = alwaysInclude.sorted()
    }

    /// The targets, ascending. `cursor` rotates the choice between writes.
    public func targets(known: [ReplicaID], alive: Set<ReplicaID>, cursor: Int) -> [ReplicaID] {
        guard let fanOut else { return known.sorted() }
        let knownSet = Set(known)
        var chosen = Set(alwaysInclude.filter { knownSet.contains($0) })
        let rotating = known.filter { alive.contains($0) && !chosen.contains($0) }.sorted()
        if !rotating.isEmpty {
            let wanted = min(max(fanOut - chosen.count, 0), rotating.count)
            for i in 0..<wanted { chosen.insert(rotating[(cursor + i) % rotating.count]) }
        }
        return chosen.sorted()
    }
}
