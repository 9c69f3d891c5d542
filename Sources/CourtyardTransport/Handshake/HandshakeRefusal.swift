/// Why a connection was refused during the handshake. Logged, counted in
/// `courtyard_transport_refused_total{reason}`, and the connection is closed.
public struct HandshakeRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The peer belongs to another cluster.
        case wrongCluster
        /// The peer meant to reach another endpoint.
        case wrongTarget
        /// The peer's certificate names a different site than its hello claims.
        case siteMismatch
        /// The certificate carries no site identity at all.
        case noCertificateSite
        /// We dialled one endpoint and a node announcing another answered.
        case unexpectedPeer
        /// The peer is this very node (a dial to ourselves).
        case selfConnection
        /// The hello is not decodable or out of bounds.
        case malformedHello
        /// A non-handshake frame arrived before the handshake completed.
        case protocolViolation
        /// The frame stream itself was invalid (see `FrameError`).
        case badFrame
        /// TLS failed (untrusted certificate, wrong CA, protocol error).
        case tls
        /// The peer did not complete the handshake in time.
        case timeout
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
