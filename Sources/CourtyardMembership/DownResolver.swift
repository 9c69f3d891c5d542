// MARK: - DownResolver

/// Turns the observation *unreachable* into the decision *down*, keeping the majority.
///
/// It waits until the set of suspect and unreachable members has not changed for
/// `stableAfterMs` (so a flapping link or a partition still forming decides nothing), then:
/// if this node's side — the members it sees alive, itself included — is a strict majority
/// of the known members (everything not down or left), or exactly half and holding the
/// lowest `NodeID`, it downs the unreachable ones; otherwise it is in the minority, downs
/// nobody, and says so, so that the shell refuses quorum writes until the cluster heals.
/// Both sides of a partition compute this from their own view, so at most one side can
/// hold a majority of the same member set.
public struct DownResolver: Hashable, Sendable {
    /// The stable-after window.
    public let stableAfterMs: Int64
    /// One troubled member as last seen.
    public struct Observation: Hashable, Sendable {
        public let node: NodeID
        public let kind: MemberStatus.Kind
    }

    /// The suspect and unreachable members last seen, sorted by node.
    public private(set) var observed: [Observation] = []
    /// Since when `observed` has been unchanged.
    public private(set) var stableSinceMs: Int64 = 0

    public init(stableAfterMs: Int64) {
        self.stableAfterMs = stableAfterMs
    }

    /// What the resolver concludes now.
    public enum Decision: Hashable, Sendable {
        /// Nothing is unreachable.
        case healthy
        /// Something is unreachable but the view is not yet stable: ask again at `atMs`.
        case wait(untilMs: Int64)
        /// This side holds the majority: down these members (sorted).
        case down([NodeID])
        /// This side is a minority: decide nothing.
        case inMinority
    }

    /// Evaluates `view` (every known member's status kind) as seen by `myself` at `nowMs`.
    public mutating func evaluate(view: [NodeID: MemberStatus.Kind], myself: NodeID, nowMs: Int64) -> Decision {
        let troubled = view.filter { $0.value == .suspect || $0.value == .unreachable }
            .map { Observation(node: $0.key, kind: $0.value) }
            .sorted { $0.node < $1.node }
        if troubled != observed {
            observed = troubled
            stableSinceMs = nowMs
        }
        let unreachable = troubled.filter { $0.kind == .unreachable }.map(\.node)
        guard !unreachable.isEmpty else { return .healthy }
        guard nowMs >= stableSinceMs + stableAfterMs else { return .wait(untilMs: stableSinceMs + stableAfterMs) }
        return Self.hasMajority(view: view, myself: myself) ? .down(unreachable) : .inMinority
    }

    /// Whether the members `myself` sees alive (itself included) are a strict majority of
    /// the known members, or exactly half including the lowest `NodeID`.
    public static func hasMajority(view: [NodeID: MemberStatus.Kind], myself: NodeID) -> Bool {
        let voters = view.filter { $0.value != .down && $0.value != .left }.map(\.key)
        var side = Set(view.filter { $0.value == .alive }.map(\.key))
        side.insert(myself)
        if 2 * side.count > voters.count { return true }
        guard 2 * side.count == voters.count, let lowest = (voters + [myself]).min() else { return false }
        return side.contains(lowest)
    }
}
