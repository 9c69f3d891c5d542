/// How many nodes must hold a write durably before it is reported satisfied.
///
/// The local node counts as one copy: `onLocalWrite` is called after the local commit.
public enum ConsistencyLevel: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Durable on this node: satisfied at once.
    case local
    /// Durable on a majority of the members alive when the write was made (this node included).
    case quorum
    /// Durable on every member alive when the write was made.
    case all
    /// Durable on `n` sites, this one included (`sites(1)` is `local`).
    case sites(Int)

    public var description: String {
        switch self {
        case .local: "local"
        case .quorum: "quorum"
        case .all: "all"
        case .sites(let n): "sites(\(n))"
        }
    }

    /// Peer acknowledgements needed, given the peers alive now; nil when unreachable.
    func peerAcksNeeded(alivePeers: Int) -> Int? {
        switch self {
        case .local: return 0
        case .quorum: return (alivePeers + 1) / 2  // majority of (peers + self), minus self
        case .all: return alivePeers
        case .sites(let n): return n >= 1 && n - 1 <= alivePeers ? n - 1 : nil
        }
    }
}
