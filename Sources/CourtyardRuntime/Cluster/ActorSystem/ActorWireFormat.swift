import Distributed
import Foundation

// The two messages of the cluster actor system, carried on the control lane as canonical
// JSON. A call names its recipient, the target's mangled identifier, the generic
// substitutions (mangled type names) and each argument as its own JSON document; a reply
// names the call and carries a value, nothing (void), or a failure.

/// The message types the cluster actor system sends and consumes (for the transport's allow-list).
public enum ActorWireType {
    public static let call = "actor.call"
    public static let reply = "actor.reply"
    public static let all = [call, reply]
}

struct CallEnvelope: Codable, Sendable {
    var callID: UInt64
    var recipient: ClusterActorID
    var target: String
    var genericSubstitutions: [String]
    var arguments: [String]
}

/// Just the call id, to answer a call whose other fields do not decode.
struct CallHeader: Decodable {
    var callID: UInt64
}

struct ReplyEnvelope: Codable, Sendable {
    enum Outcome: Codable, Sendable {
        /// The return value as a JSON document.
        case value(String)
        case void
        /// `errorJSON` carries the thrown error itself when it is `Encodable`, so a caller that
        /// allows its type can rethrow it as is.
        case failure(RemoteCallError, errorJSON: String?)
    }

    var callID: UInt64
    var outcome: Outcome
}

// MARK: - Codec

/// Canonical JSON (sorted keys) for envelopes, arguments and results. Decoding carries the
/// actor system so distributed actor references can be passed as arguments.
enum ActorCodec {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func encodeString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], system: ClusterActorSystem?) throws -> T {
        let decoder = JSONDecoder()
        if let system { decoder.userInfo[.actorSystemKey] = system }
        return try decoder.decode(type, from: Data(bytes))
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, system: ClusterActorSystem?) throws -> T {
        try decode(type, from: Array(text.utf8), system: system)
    }
}

extension String {
    /// At most `bytesMax` UTF-8 bytes, cut at a character boundary.
    func truncated(toBytes bytesMax: Int) -> String {
        guard utf8.count > bytesMax else { return self }
        var out = ""
        var used = 0
        for ch in self {
            let n = ch.utf8.count
            guard used + n <= bytesMax - 3 else { break }
            out.append(ch)
            used += n
        }
        return out + "..."
    }
}
