import CourtyardCRDT

// MARK: - NodeID

/// One life of one node: its site, where it listens, and a random number drawn at start.
///
/// `incarnation` is drawn by the caller (from the injected random source) every time the
/// process starts, so a node restarted on the same endpoint is a *new* member that replaces
/// the old one: the old life is marked down and kept as a tombstone, and stale gossip about
/// it can never bring it back. It is an identity, not a counter: it is never compared for
/// "newer". (The refutation counter SWIM calls incarnation lives in `MemberStatus`.)
///
/// The order (site, endpoint, incarnation) is total and platform independent: it breaks
/// ties in the down resolver and orders every output that would otherwise follow hashing.
public struct NodeID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The site this node serves (`hq`, `north-bay`); also its replica id for CRDT state.
    public let site: ReplicaID
    /// Where the node listens.
    public let endpoint: Endpoint
    /// Random per start; distinguishes two lives of a node on the same endpoint.
    public let incarnation: UInt64

    public init(site: ReplicaID, endpoint: Endpoint, incarnation: UInt64) {
        self.site = site
        self.endpoint = endpoint
        self.incarnation = incarnation
    }

    /// Draws a fresh start incarnation from `rng`: call once per process start.
    public static func start(site: ReplicaID, endpoint: Endpoint,
                             using rng: inout some RandomNumberGenerator) -> NodeID {
        NodeID(site: site, endpoint: endpoint, incarnation: rng.next())
    }

    /// True when `other` is another life of the node at the same endpoint.
    public func isOtherLife(of other: NodeID) -> Bool {
        endpoint == other.endpoint && incarnation != other.incarnation
    }

    public static func < (a: NodeID, b: NodeID) -> Bool {
        if a.site != b.site { return a.site < b.site }
        if a.endpoint != b.endpoint { return a.endpoint < b.endpoint }
        return a.incarnation < b.incarnation
    }

    public var description: String { "\(site)@\(endpoint)#\(String(incarnation, radix: 16))" }
}
