import CourtyardCRDT
import CourtyardMembership

// MARK: - MemberInfo

/// One member as this node sees it: the admin API's row and the replication shell's input.
public struct MemberInfo: Sendable, Hashable, CustomStringConvertible {
    public let node: NodeID
    public let status: MemberStatus

    public init(node: NodeID, status: MemberStatus) {
        self.node = node
        self.status = status
    }

    public var site: ReplicaID { node.site }
    public var endpoint: Endpoint { node.endpoint }
    /// The life of the node (random per start), not SWIM's refutation counter.
    public var incarnation: UInt64 { node.incarnation }
    public var kind: MemberStatus.Kind { status.kind }

    /// Reachable for traffic: alive, or suspected but not yet given up on.
    public var isUp: Bool { MemberInfo.isUp(status.kind) }

    static func isUp(_ kind: MemberStatus.Kind) -> Bool { kind == .alive || kind == .suspect }

    public var description: String { "\(node) \(status)" }
}

// MARK: - MembershipEvent

/// A change of this node's view, published to subscribers of `MembershipShell.events()`.
public enum MembershipEvent: Sendable, Hashable {
    /// `member`'s status changed kind (`previous` is nil for a newly learned member).
    case memberChanged(MemberInfo, previous: MemberStatus.Kind?)
    /// This node's side gained or lost the majority.
    case quorumChanged(QuorumSide)
}

// MARK: - MembershipHooks

/// Synchronous call-outs on reachability, for the actor system (`markUp` / `markDown`).
///
/// They run on the membership shell's executor in the order of the changes and must not
/// block: hand the news to your own queue. `onUp` fires when a member becomes alive or
/// suspect from unknown, unreachable or new; `onDown` when it becomes unreachable, down or
/// left (with the status: only down and left are final for that life).
public struct MembershipHooks: Sendable {
    public var onUp: @Sendable (NodeID) -> Void
    public var onDown: @Sendable (NodeID, MemberStatus) -> Void

    public init(onUp: @escaping @Sendable (NodeID) -> Void = { _ in },
                onDown: @escaping @Sendable (NodeID, MemberStatus) -> Void = { _, _ in }) {
        self.onUp = onUp
        self.onDown = onDown
    }
}
