// Pure Swift: no imports, so the fuzz harness (Fuzz/FrameDecoder) compiles this file alone.

// MARK: Wire format

/// The fixed 12-byte header in front of every frame:
///
///     magic "CYRD" (4) | version UInt16 BE (2) | lane UInt8 (1) | flags UInt8 (1) | body length UInt32 BE (4)
///
/// followed by `bodyLength` bytes of envelope. The header is validated in full, including
/// the length against the limit, before a single body byte is buffered, so a hostile peer
/// cannot make the node allocate more than `frameBytesMax`.
public struct FrameHeader: Hashable, Sendable {
    /// "CYRD".
    public static let magic: [UInt8] = [0x43, 0x59, 0x52, 0x44]
    /// The protocol version this build speaks. A peer on another version is refused.
    public static let protocolVersion: UInt16 = 1
    public static let byteCount = 12
    /// Lanes are 0 (control) and 1 (bulk), mirroring `TransportLane`.
    public static let laneCount: UInt8 = 2
    /// No flags are defined yet; every bit is reserved and must be zero.
    public static let flagsReservedMask: UInt8 = 0xFF
    /// The default largest body accepted (4 MiB). Recordings and anti-entropy chunks are
    /// split below this by the layers above.
    public static let frameBytesMaxDefault = 4 * 1024 * 1024

    public var lane: UInt8
    public var flags: UInt8
    public var bodyLength: UInt32

    public init(lane: UInt8, flags: UInt8 = 0, bodyLength: UInt32) {
        self.lane = lane
        self.flags = flags
        self.bodyLength = bodyLength
    }

    // MARK: Parsing

    /// Parses and validates a header from exactly the first `byteCount` bytes of `bytes`.
    /// Returns nil when fewer than `byteCount` bytes are available; throws on any invalid field.
    /// The magic is checked as soon as the bytes present allow, so garbage is refused early.
    public static func parse(_ bytes: ArraySlice<UInt8>, frameBytesMax: Int) throws(FrameError) -> FrameHeader? {
        let start = bytes.startIndex
        let magicPrefix = min(bytes.count, magic.count)
        for i in 0..<magicPrefix where bytes[start + i] != magic[i] {
            throw FrameError(.badMagic, "bad magic byte \(bytes[start + i]) at offset \(i)")
        }
        guard bytes.count >= byteCount else { return nil }
        let version = UInt16(bytes[start + 4]) << 8 | UInt16(bytes[start + 5])
        guard version == protocolVersion else {
            throw FrameError(.unsupportedVersion, "protocol version \(version), this node speaks \(protocolVersion)")
        }
        let lane = bytes[start + 6]
        guard lane < laneCount else { throw FrameError(.badLane, "lane \(lane) is not 0 (control) or 1 (bulk)") }
        let flags = bytes[start + 7]
        guard flags & flagsReservedMask == 0 else {
            throw FrameError(.badFlags, "reserved flag bits set: \(flags)")
        }
        var length: UInt32 = 0
        for i in 8..<12 { length = length << 8 | UInt32(bytes[start + i]) }
        guard UInt64(length) <= UInt64(max(frameBytesMax, 0)) else {
            throw FrameError(.oversize, "frame body of \(length) bytes exceeds the limit of \(frameBytesMax)")
        }
        return FrameHeader(lane: lane, flags: flags, bodyLength: length)
    }

    // MARK: Encoding

    /// The 12 header bytes.
    public func encoded() -> [UInt8] {
        var out = FrameHeader.magic
        out.reserveCapacity(FrameHeader.byteCount)
        out.append(UInt8(FrameHeader.protocolVersion >> 8))
        out.append(UInt8(FrameHeader.protocolVersion & 0xFF))
        out.append(lane)
        out.append(flags)
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((bodyLength >> UInt32(shift)) & 0xFF)) }
        return out
    }
}
