// Pure Swift: no imports, so the fuzz harness (Fuzz/FrameDecoder) compiles this file alone.

/// The allow-list of message type names a node accepts. An envelope whose type is not
/// listed is refused before its payload is looked at, so a peer cannot reach a decoder
/// the node did not mean to expose.
public struct TypeManifest: Sendable, Hashable {
    /// The transport's own handshake message; always allowed.
    public static let handshakeType = "courtyard.handshake"

    private let allowed: Set<String>

    /// Builds a manifest; every name must be a valid type name (see `isValidTypeName`).
    public init(_ names: some Sequence<String>) {
        var set: Set<String> = [TypeManifest.handshakeType]
        for name in names {
            precondition(TypeManifest.isValidTypeName(name.utf8), "invalid message type name '\(name)'")
            set.insert(name)
        }
        allowed = set
    }

    public func allows(_ type: String) -> Bool { allowed.contains(type) }

    /// The names, sorted (for logs and documentation; never iterate the set directly).
    public var names: [String] { allowed.sorted() }

    /// A type name is 1...64 bytes of `[a-z0-9._-]` (with `WireMessage.typeBytesMax` = 64).
    public static let typeBytesMax = 64

    public static func isValidTypeName(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= typeBytesMax else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F || b == 0x2D
        }
    }
}
