import CourtyardCRDT
import CourtyardMembership

/// The identity of a distributed actor in the cluster: the node that hosts it (site,
/// endpoint, incarnation) and its path on that node (`/site`, `/agent/<id>`).
///
/// The incarnation makes ids of a restarted node distinct from those of its previous life:
/// a call addressed to an old incarnation is refused with `.unknownActor` rather than
/// reaching an actor that never saw the caller's earlier state.
public struct ClusterActorID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var site: ReplicaID
    public var endpoint: Endpoint
    public var incarnation: UInt64
    public var path: String

    /// The longest path accepted.
    public static let pathBytesMax = 256

    /// Creates an id, trapping on an invalid path: use for literals; untrusted ids are
    /// checked when decoded.
    public init(site: ReplicaID, endpoint: Endpoint, incarnation: UInt64, path: String) {
        precondition(ClusterActorID.isValidPath(path), "invalid actor path \(path)")
        self.site = site
        self.endpoint = endpoint
        self.incarnation = incarnation
        self.path = path
    }

    public init(node: PeerIdentity, path: String) {
        self.init(site: node.site, endpoint: node.endpoint, incarnation: node.incarnation, path: path)
    }

    /// The node that hosts the actor.
    public var node: PeerIdentity { PeerIdentity(site: site, endpoint: endpoint, incarnation: incarnation) }

    /// A path starts with `/`, has at most `pathBytesMax` bytes, and holds printable ASCII
    /// without spaces.
    public static func isValidPath(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/"), bytes.count <= pathBytesMax else { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    public var description: String { "\(site)@\(endpoint)#\(incarnation)\(path)" }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case site, endpoint, incarnation, path
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let path = try c.decode(String.self, forKey: .path)
        guard ClusterActorID.isValidPath(path) else {
            throw DecodingError.dataCorruptedError(forKey: .path, in: c,
                                                   debugDescription: "invalid actor path '\(path.prefix(64))'")
        }
        site = try c.decode(ReplicaID.self, forKey: .site)
        endpoint = try c.decode(Endpoint.self, forKey: .endpoint)
        incarnation = try c.decode(UInt64.self, forKey: .incarnation)
        self.path = path
    }
}
