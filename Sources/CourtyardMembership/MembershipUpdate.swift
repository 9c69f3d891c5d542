// MARK: - MembershipUpdate

/// One gossiped fact: `node` has `status`. Piggybacked on protocol messages and listed in
/// full-state snapshots.
public struct MembershipUpdate: Hashable, Sendable, Codable, CustomStringConvertible {
    public let node: NodeID
    public let status: MemberStatus

    public init(node: NodeID, status: MemberStatus) {
        self.node = node
        self.status = status
    }

    public var description: String { "\(node)=\(status)" }
}
