// Pure Swift: no imports, so the fuzz harness (Fuzz/FrameDecoder) compiles this file alone.

/// The body of a frame: a type name and an opaque payload (the message's canonical JSON).
///
///     type length UInt8 (1) | type name (1...64 bytes, [a-z0-9._-]) | payload (rest of the body)
///
/// The type name is checked against the `TypeManifest` before the payload is touched.
public struct Envelope: Hashable, Sendable {
    public var type: String
    public var payload: [UInt8]

    public init(type: String, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }

    // MARK: Parsing

    /// Parses a whole frame body. Throws `.malformedEnvelope`, `.badTypeName` or `.unknownType`.
    public static func parse(_ body: ArraySlice<UInt8>, manifest: TypeManifest) throws(FrameError) -> Envelope {
        guard let typeLength = body.first else {
            throw FrameError(.malformedEnvelope, "empty frame body (no type name)")
        }
        let typeStart = body.startIndex + 1
        guard Int(typeLength) <= body.count - 1 else {
            throw FrameError(.malformedEnvelope, "type name of \(typeLength) bytes overruns a body of \(body.count)")
        }
        let typeBytes = body[typeStart..<(typeStart + Int(typeLength))]
        guard TypeManifest.isValidTypeName(typeBytes) else {
            throw FrameError(.badTypeName, "type name must be 1...\(TypeManifest.typeBytesMax) bytes of [a-z0-9._-]")
        }
        // Valid type names are ASCII, so this decoding is exact.
        let type = String(decoding: typeBytes, as: UTF8.self)
        guard manifest.allows(type) else {
            throw FrameError(.unknownType, "message type '\(type)' is not on the allow-list")
        }
        return Envelope(type: type, payload: Array(body[(typeStart + Int(typeLength))...]))
    }

    // MARK: Encoding

    /// The body bytes; the type name must be valid (checked by the caller before queueing).
    public func encoded() -> [UInt8] {
        let typeBytes = Array(type.utf8)
        precondition(TypeManifest.isValidTypeName(typeBytes), "invalid message type name '\(type)'")
        var out: [UInt8] = [UInt8(typeBytes.count)]
        out.reserveCapacity(1 + typeBytes.count + payload.count)
        out += typeBytes
        out += payload
        return out
    }

    /// Body length in bytes, without building it.
    public var encodedByteCount: Int { 1 + type.utf8.count + payload.count }
}
