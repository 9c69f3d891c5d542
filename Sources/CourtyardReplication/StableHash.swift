import CourtyardCRDT

/// A deterministic 64-bit hash for digests: FNV-1a over canonical bytes, finished with the
/// SplitMix64 mixer.
///
/// Swift's `Hasher` is seeded per process, so two nodes (or two runs) would disagree;
/// digests must agree across nodes, hence this.
public struct StableHash: Sendable, Hashable {
    public private(set) var value: UInt64 = StableHash.offsetBasis

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    public init() {}

    // MARK: Feeding

    public mutating func combine(bytes: some Sequence<UInt8>) {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* StableHash.prime
        }
    }

    public mutating func combine(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { combine(bytes: $0) }
    }

    public mutating func combine(_ id: EventID) {
        combine(UInt64(bitPattern: id.hlc.wallMs))
        combine(UInt64(id.hlc.logical))
        combine(bytes: id.origin.rawValue.utf8)
        combine(0xff)  // terminator: ("ab","c") ≠ ("a","bc")
    }

    /// The finished hash (mixed, so that wrapping sums of hashes stay well distributed).
    public var finalized: UInt64 { StableHash.mix(value) }

    /// SplitMix64's finaliser: a bijective avalanche mix.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    // MARK: Convenience

    public static func of(bytes: some Sequence<UInt8>) -> UInt64 {
        var h = StableHash()
        h.combine(bytes: bytes)
        return h.finalized
    }

    public static func of(_ id: EventID) -> UInt64 {
        var h = StableHash()
        h.combine(id)
        return h.finalized
    }
}
