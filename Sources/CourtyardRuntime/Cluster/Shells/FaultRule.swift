import CourtyardCRDT
import CourtyardMembership

// MARK: - FaultRule

/// One fault injected by a `FaultSwitch`: drop traffic to and/or from a peer, always or
/// with a probability. The admin API toggles these to rehearse partitions on a live cluster.
public struct FaultRule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whose traffic is affected.
    public enum Target: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Every node of a site.
        case site(ReplicaID)
        /// The node listening at an endpoint.
        case endpoint(Endpoint)

        public var description: String {
            switch self {
            case .site(let s): "site \(s)"
            case .endpoint(let e): "endpoint \(e)"
            }
        }
    }

    /// Which way traffic is dropped: both ways is a symmetric partition, one way an
    /// asymmetric one (this node hears the peer but the peer never hears this node).
    public enum Direction: String, Sendable, Hashable, Codable {
        case outbound
        case inbound
        case both
    }

    public var target: Target
    public var direction: Direction
    /// Drop probability in per mille: 1000 drops everything, 100 drops one message in ten.
    public var dropPermille: Int

    /// A rule; `dropPermille` is clamped to 0...1000.
    public init(_ target: Target, direction: Direction = .both, dropPermille: Int = 1_000) {
        self.target = target
        self.direction = direction
        self.dropPermille = min(max(dropPermille, 0), 1_000)
    }

    /// Cuts this node off from `site` both ways.
    public static func partition(from site: ReplicaID) -> FaultRule { FaultRule(.site(site)) }

    public var description: String { "drop \(direction.rawValue) \(target) \(dropPermille)‰" }

    func matches(site: ReplicaID?, endpoint: Endpoint, inbound: Bool) -> Bool {
        switch direction {
        case .outbound where inbound, .inbound where !inbound: return false
        default: break
        }
        switch target {
        case .site(let s): return s == site
        case .endpoint(let e): return e == endpoint
        }
    }
}
