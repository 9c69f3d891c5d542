import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import Foundation

// MARK: - ClusterWire

/// The cluster's wire types (the transport's allow-list) and their codec: every protocol
/// message travels as a `WireMessage` whose type names its protocol and kind
/// (`membership.ping`, `replication.ticket.delta`) and whose payload is the message's
/// canonical JSON (`CRDTCodec`).
///
/// Decoding is for untrusted bytes: a type that does not match the payload's kind, an
/// oversized payload or malformed JSON is a typed `ClusterWireError`, never a trap.
public enum ClusterWire {
    /// Prefix of membership types (control lane).
    public static let membershipPrefix = "membership."
    /// Prefix of ticket-space replication types (bulk lane).
    public static let ticketReplicationPrefix = "replication.ticket."
    /// Prefix of directory replication types (bulk lane).
    public static let directoryReplicationPrefix = "replication.directory."

    /// Largest payload accepted from a peer; a replication chunk is at most
    /// `ReplicationConfig.chunkBytesMax` (256 KiB by default), membership far less.
    public static let payloadBytesMax = 1 << 20

    public static let membershipKinds = ["ping", "pingrequest", "ack", "nack", "pushpull", "pushpullreply", "gossip"]
    public static let replicationKinds = ["delta", "ack", "nack", "items", "digest", "digestreply", "exchange", "request"]

    /// Every type this runtime sends: the allow-list for the transport's manifest check.
    public static var allTypes: [String] {
        membershipKinds.map { membershipPrefix + $0 } + replicationKinds.map { ticketReplicationPrefix + $0 }
            + replicationKinds.map { directoryReplicationPrefix + $0 } + [ActorWireType.call, ActorWireType.reply]
    }

    // MARK: Membership

    public static func encode(_ message: MembershipMessage) throws(ClusterWireError) -> WireMessage {
        try wire(membershipPrefix + kindName(message.kind), message)
    }

    public static func decodeMembership(_ wire: WireMessage) throws(ClusterWireError) -> MembershipMessage {
        let message = try decode(MembershipMessage.self, wire)
        guard wire.type == membershipPrefix + kindName(message.kind) else {
            throw ClusterWireError("type \(wire.type) does not match its payload (\(kindName(message.kind)))")
        }
        return message
    }

    static func kindName(_ kind: MembershipMessage.Kind) -> String {
        switch kind {
        case .ping: "ping"
        case .pingRequest: "pingrequest"
        case .ack: "ack"
        case .nack: "nack"
        case .pushPull: "pushpull"
        case .pushPullReply: "pushpullreply"
        case .gossip: "gossip"
        }
    }

    // MARK: Ticket replication

    public static func encode(_ message: ReplicationMessage<TicketEvent>) throws(ClusterWireError) -> WireMessage {
        // Wire type names are lowercase ([a-z0-9._-], the transport's manifest alphabet).
        try wire(ticketReplicationPrefix + message.kind.lowercased(), message)
    }

    public static func decodeTicketReplication(_ wire: WireMessage) throws(ClusterWireError) -> ReplicationMessage<TicketEvent> {
        let message = try decode(ReplicationMessage<TicketEvent>.self, wire)
        guard wire.type == ticketReplicationPrefix + message.kind.lowercased() else {
            throw ClusterWireError("type \(wire.type) does not match its payload (\(message.kind))")
        }
        return message
    }

    // MARK: Directory replication

    public static func encode(_ message: ReplicationMessage<DirectoryItem>) throws(ClusterWireError) -> WireMessage {
        try wire(directoryReplicationPrefix + message.kind.lowercased(), message)
    }

    public static func decodeDirectoryReplication(_ wire: WireMessage) throws(ClusterWireError) -> ReplicationMessage<DirectoryItem> {
        let message = try decode(ReplicationMessage<DirectoryItem>.self, wire)
        guard wire.type == directoryReplicationPrefix + message.kind.lowercased() else {
            throw ClusterWireError("type \(wire.type) does not match its payload (\(message.kind))")
        }
        return message
    }

    // MARK: Codec

    private static func wire<T: Encodable>(_ type: String, _ value: T) throws(ClusterWireError) -> WireMessage {
        do {
            let data = try CRDTCodec.encode(value)
            guard data.count <= payloadBytesMax else {
                throw ClusterWireError("\(type): \(data.count) bytes exceed the payload limit of \(payloadBytesMax)")
            }
            return WireMessage(type: type, payload: Array(data))
        } catch let error as ClusterWireError {
            throw error
        } catch {
            throw ClusterWireError("cannot encode \(type): \(error)")
        }
    }

    private static func decode<T: Decodable>(_: T.Type, _ wire: WireMessage) throws(ClusterWireError) -> T {
        do {
            return try CRDTCodec.decode(T.self, from: Data(wire.payload), bytesMax: payloadBytesMax)
        } catch {
            throw ClusterWireError("\(wire.type.prefix(WireMessage.typeBytesMax)): \(error.message)")
        }
    }
}

/// Why a wire message could not be encoded or decoded.
public struct ClusterWireError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
