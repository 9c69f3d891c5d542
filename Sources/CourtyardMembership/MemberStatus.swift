// MARK: - MemberStatus

/// What this node believes about a member, as gossiped.
///
/// `incarnation` here is SWIM's refutation counter: only the member itself raises it, to
/// refute a suspicion. `unreachable` is an *observation* (a suspicion expired without a
/// refutation); `down` is a *decision* (taken by `DownResolver` or because a new life
/// replaced the member); `left` is a graceful departure. `down` and `left` are terminal.
public enum MemberStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Answering, as of `incarnation`.
    case alive(incarnation: UInt64)
    /// Failed a probe; `confirmers` (sorted, bounded) are the members that suspect it.
    case suspect(incarnation: UInt64, confirmers: [NodeID])
    /// Its suspicion expired without refutation.
    case unreachable(incarnation: UInt64)
    /// Removed from the cluster by a decision; a tombstone.
    case down
    /// Left gracefully; a tombstone.
    case left

    /// The status without its payload, for counting and comparison.
    public enum Kind: Int, Hashable, Sendable, Comparable, Codable {
        case alive, suspect, unreachable, down, left
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public var kind: Kind {
        switch self {
        case .alive: .alive
        case .suspect: .suspect
        case .unreachable: .unreachable
        case .down: .down
        case .left: .left
        }
    }

    /// The refutation counter, nil for the terminal statuses.
    public var incarnation: UInt64? {
        switch self {
        case .alive(let i), .suspect(let i, _), .unreachable(let i): i
        case .down, .left: nil
        }
    }

    /// Down and left are final for a `NodeID`: the node must restart as a new life.
    public var isTerminal: Bool { kind == .down || kind == .left }

    /// Counts as a member for probing, gossip and quorum (everything but tombstones).
    public var isMember: Bool { !isTerminal }

    /// Lifeguard's independent confirmations `k`: suspecters besides the first.
    public var confirmationCount: Int {
        if case .suspect(_, let c) = self { return max(0, c.count - 1) }
        return 0
    }

    public var description: String {
        switch self {
        case .alive(let i): "alive(\(i))"
        case .suspect(let i, let c): "suspect(\(i), k=\(max(0, c.count - 1)))"
        case .unreachable(let i): "unreachable(\(i))"
        case .down: "down"
        case .left: "left"
        }
    }
}

// MARK: - Precedence

extension MemberStatus {
    /// The status that survives when `self` (known) meets `incoming` (heard).
    ///
    /// Left beats down beats everything else; between the others the higher incarnation
    /// wins, and at equal incarnation unreachable > suspect > alive. Two suspicions of the
    /// same incarnation merge their confirmers (sorted, at most `confirmersMax`). The
    /// merge is commutative, associative and idempotent, so views converge whatever order
    /// gossip arrives in.
    public func merged(with incoming: MemberStatus, confirmersMax: Int) -> MemberStatus {
        if isTerminal || incoming.isTerminal { return max(kind, incoming.kind) == .left ? .left : .down }
        let mine = incarnation ?? 0
        let theirs = incoming.incarnation ?? 0
        if mine != theirs { return mine > theirs ? self : incoming }
        if kind != incoming.kind { return kind > incoming.kind ? self : incoming }
        guard case .suspect(let i, let a) = self, case .suspect(_, let b) = incoming else { return self }
        return .suspect(incarnation: i, confirmers: Self.union(a, b, countMax: confirmersMax))
    }

    /// Sorted union of two confirmer lists, keeping the lowest `countMax` ids so that the
    /// result does not depend on arrival order.
    static func union(_ a: [NodeID], _ b: [NodeID], countMax: Int) -> [NodeID] {
        Array(Set(a).union(b).sorted().prefix(max(1, countMax)))
    }
}
