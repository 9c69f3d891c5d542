import Foundation

/// Why `CRDTCodec` refused to encode or decode.
public struct CRDTCodecError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The bytes are larger than the limit given to `decode`.
        case tooLarge
        /// The bytes are not a valid encoding of the requested type (malformed JSON, a
        /// violated invariant, a limit exceeded inside the value).
        case invalid
        /// The value could not be encoded.
        case unencodable
    }
    public let kind: Kind
    public let message: String

    public var description: String { message }
}

/// The deterministic JSON form of CRDT states and deltas.
///
/// Keys are sorted and every hashed collection is encoded in a canonical order, so equal
/// states encode to identical bytes on every node: digests, anti-entropy and tests can
/// compare bytes. Decoding untrusted bytes throws `CRDTCodecError`; it never traps.
public enum CRDTCodec {
    /// Encodes `value` as canonical JSON.
    public static func encode<T: Encodable>(_ value: T) throws(CRDTCodecError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw CRDTCodecError(kind: .unencodable, message: "cannot encode \(T.self): \(error)")
        }
    }

    /// Decodes a `T` from `data`, refusing more than `bytesMax` bytes.
    public static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, bytesMax: Int = CRDTLimits.encodedBytesMax
    ) throws(CRDTCodecError) -> T {
        guard data.count <= bytesMax else {
            throw CRDTCodecError(kind: .tooLarge,
                                 message: "\(T.self): \(data.count) bytes exceed the limit of \(bytesMax)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw CRDTCodecError(kind: .invalid, message: "invalid \(T.self): \(describe(error))")
        }
    }

    /// A one-line account of a decoding error: the path and the decoder's own message.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c): context = c
        case .keyNotFound(_, let c): context = c
        case .typeMismatch(_, let c): context = c
        case .valueNotFound(_, let c): context = c
        @unknown default: return String(describing: error)
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
    }
}
