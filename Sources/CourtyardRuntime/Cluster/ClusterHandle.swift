import Synchronization

/// The node's current cluster life. HTTP routes read it per request, because a node the
/// cluster declared down starts a new life (a new incarnation: a new transport and a new
/// `ClusterNode`) and the old one must no longer be served.
public final class ClusterHandle: Sendable {
    private let node: Mutex<ClusterNode?> = Mutex(nil)

    public init() {}

    public var current: ClusterNode? { node.withLock { $0 } }

    public func set(_ value: ClusterNode?) { node.withLock { $0 = value } }
}
