// MARK: - MembershipSnapshot

/// A node's whole view (members and tombstones), exchanged by push/pull so that views
/// converge even when piggybacked gossip was lost or exhausted, for example across a
/// healed partition.
///
/// Members are sorted by `NodeID` and bounded by `MembershipSettings.membersMax`. Merging
/// applies `MemberStatus.merged(with:)` member by member, so it is order independent.
public struct MembershipSnapshot: Hashable, Sendable, Codable {
    /// Sorted by node, at most one entry per node.
    public let members: [MembershipUpdate]

    /// Sorts and de-duplicates `members` (keeping the later entry of a duplicated node).
    public init(members: [MembershipUpdate]) {
        var byNode: [NodeID: MembershipUpdate] = [:]
        for update in members { byNode[update.node] = update }
        self.members = byNode.keys.sorted().compactMap { byNode[$0] }
    }

    /// The status of `node` in this snapshot, if listed.
    public func status(of node: NodeID) -> MemberStatus? {
        members.first { $0.node == node }?.status
    }
}
