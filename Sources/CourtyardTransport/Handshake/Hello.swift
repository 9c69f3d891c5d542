import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Foundation

/// The first frame each way on a connection (type `TypeManifest.handshakeType`, control
/// lane): which cluster the sender belongs to, who it is, and whom it meant to reach.
/// The dialer sends first; the acceptor answers after checking it.
public struct Hello: Sendable, Hashable, Codable {
    public var clusterName: String
    public var originSite: ReplicaID
    public var originEndpoint: Endpoint
    public var originIncarnation: UInt64
    public var targetEndpoint: Endpoint

    /// The largest encoded hello accepted (cluster names, host names and ids are short).
    public static let bytesMax = 2048
    /// Cluster names are 1...64 bytes.
    public static let clusterNameBytesMax = 64

    public init(clusterName: String, origin: PeerIdentity, target: Endpoint) {
        self.clusterName = clusterName
        self.originSite = origin.site
        self.originEndpoint = origin.endpoint
        self.originIncarnation = origin.incarnation
        self.targetEndpoint = target
    }

    public var origin: PeerIdentity {
        PeerIdentity(site: originSite, endpoint: originEndpoint, incarnation: originIncarnation)
    }

    // MARK: Wire

    public func message() -> WireMessage {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings and integers cannot fail.
        let bytes = (try? encoder.encode(self)).map(Array.init) ?? []
        return WireMessage(type: TypeManifest.handshakeType, payload: bytes)
    }

    /// Decodes a hello from a handshake frame; a typed refusal when it is not one.
    public static func decode(_ message: WireMessage) -> Result<Hello, HandshakeRefusal> {
        guard message.type == TypeManifest.handshakeType else {
            return .failure(HandshakeRefusal(.protocolViolation,
                                              "first frame is '\(message.type)', expected a handshake"))
        }
        guard message.payload.count <= bytesMax else {
            return .failure(HandshakeRefusal(.malformedHello, "hello of \(message.payload.count) bytes exceeds \(bytesMax)"))
        }
        guard let hello = try? JSONDecoder().decode(Hello.self, from: Data(message.payload)) else {
            return .failure(HandshakeRefusal(.malformedHello, "hello is not valid JSON of the expected shape"))
        }
        guard !hello.clusterName.isEmpty, hello.clusterName.utf8.count <= clusterNameBytesMax else {
            return .failure(HandshakeRefusal(.malformedHello, "cluster name must be 1...\(clusterNameBytesMax) bytes"))
        }
        return .success(hello)
    }
}
