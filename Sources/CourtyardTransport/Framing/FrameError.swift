// Pure Swift: no imports, so the fuzz harness (Fuzz/FrameDecoder) compiles this file alone.

/// Why bytes from a peer are not a valid frame. The connection that sent them is closed
/// with this as the logged reason; a frame error never crashes the node.
public struct FrameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for metrics (`reason` dimension) and tests.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The first four bytes are not the protocol magic: not a Courtyard peer.
        case badMagic
        /// A protocol version this node does not speak.
        case unsupportedVersion
        /// A lane number that is not a `TransportLane`.
        case badLane
        /// Reserved flag bits are set.
        case badFlags
        /// The declared body length exceeds the frame limit (refused before buffering it).
        case oversize
        /// The connection closed in the middle of a frame.
        case truncated
        /// The envelope's type name is empty, too long or not `[a-z0-9._-]`.
        case badTypeName
        /// The envelope's type name is well formed but not on the allow-list.
        case unknownType
        /// The envelope's internal lengths disagree with the frame body.
        case malformedEnvelope
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
