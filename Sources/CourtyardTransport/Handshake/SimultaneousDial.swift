import CourtyardCRDT
import CourtyardRuntime

/// Which side opened a connection, as seen from this node.
public enum DialDirection: String, Sendable, Hashable {
    /// We dialled the peer.
    case outbound
    /// The peer dialled us.
    case inbound
}

/// Two nodes that dial each other at the same moment end up with two connections. Both
/// sides keep the one dialled by the smaller node in (site, endpoint) order and close
/// the other, so they agree without talking about it.
public enum SimultaneousDial {
    /// The direction (from `local`'s point of view) of the connection to keep with `remote`.
    public static func survivor(local: PeerIdentity, remote: PeerIdentity) -> DialDirection {
        isSmaller(local, than: remote) ? .outbound : .inbound
    }

    /// Node order: site id first, then endpoint (so two nodes of one site still order).
    public static func isSmaller(_ a: PeerIdentity, than b: PeerIdentity) -> Bool {
        if a.site != b.site { return a.site < b.site }
        return a.endpoint < b.endpoint
    }
}
