import CourtyardCRDT
import CourtyardMembership

// The seam between the cluster runtime and the network. Production implements it with
// SwiftNIO over mutual TLS (CourtyardTransport); tests and the simulator implement it in
// memory. The runtime never touches sockets.

/// Traffic classes: control (membership, acks, remote-call replies) must never wait behind
/// bulk (replication deltas, anti-entropy chunks, recordings). Each lane has its own bounded
/// queue per peer.
public enum TransportLane: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case control = 0
    case bulk = 1
}

/// One message on the wire: a type name from the allow-list (the manifest) and its payload
/// (a Codable value's canonical JSON). The transport refuses a type that is not allowed
/// before decoding anything.
public struct WireMessage: Sendable, Hashable {
    public var type: String
    public var payload: [UInt8]

    /// The longest type name accepted.
    public static let typeBytesMax = 64

    public init(type: String, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}

/// Who sent an inbound message, as authenticated by the transport's handshake (the peer's
/// certificate names its site; the handshake carries its endpoint and incarnation).
public struct PeerIdentity: Sendable, Hashable, CustomStringConvertible {
    public var site: ReplicaID
    public var endpoint: Endpoint
    public var incarnation: UInt64

    public init(site: ReplicaID, endpoint: Endpoint, incarnation: UInt64) {
        self.site = site
        self.endpoint = endpoint
        self.incarnation = incarnation
    }

    public var description: String { "\(site)@\(endpoint)#\(incarnation)" }
}

public struct InboundMessage: Sendable {
    public var from: PeerIdentity
    public var lane: TransportLane
    public var message: WireMessage

    public init(from: PeerIdentity, lane: TransportLane, message: WireMessage) {
        self.from = from
        self.lane = lane
        self.message = message
    }
}

/// Why a send did not go out.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The lane's queue to that peer is full: the caller backs off or drops (with a metric).
        case backpressure
        /// No connection and none could be made (refused, TLS failure, peer down).
        case unreachable
        /// The message exceeds the frame limit or its type is not on the allow-list.
        case invalidMessage
        /// The transport is shutting down.
        case closed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// A node's connection to its peers. Sends are fire-and-forget onto bounded per-peer,
/// per-lane queues (delivery is best effort; the protocols above retry). Inbound messages
/// arrive on one stream, consumed by one task.
public protocol MessageTransport: Sendable {
    /// This node, as peers see it.
    var identity: PeerIdentity { get }

    /// Queues `message` for the node at `endpoint`. Throws `.backpressure` when the lane's
    /// queue is full rather than waiting.
    func send(_ message: WireMessage, to endpoint: Endpoint, lane: TransportLane) async throws(TransportError)

    /// Every message received from authenticated peers. One consumer.
    var inbound: AsyncStream<InboundMessage> { get }
}
