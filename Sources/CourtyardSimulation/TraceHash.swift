// MARK: - TraceHash

/// A running FNV-1a 64-bit hash over canonical bytes: every delivered message, timer,
/// fault and checker result of a run is folded in, so two runs with the same trace hash
/// took the same path. Never Swift's `Hasher`, which is seeded per process.
public struct TraceHash: Hashable, Sendable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    /// Records folded in.
    public private(set) var records = 0

    public init() {}

    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    public mutating func add(bytes: some Sequence<UInt8>) {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* Self.prime
        }
    }

    public mutating func add(_ n: Int64) {
        var x = UInt64(bitPattern: n)
        for _ in 0..<8 {
            add(bytes: CollectionOfOne(UInt8(truncatingIfNeeded: x)))
            x >>= 8
        }
    }

    /// Adds a string with a terminator, so ("ab","c") and ("a","bc") differ.
    public mutating func add(_ s: String) {
        add(bytes: s.utf8)
        add(bytes: CollectionOfOne(0))
    }

    /// One trace record: time, kind, and a canonical description.
    public mutating func record(atMs: Int64, _ kind: String, _ detail: String) {
        add(atMs)
        add(kind)
        add(detail)
        records += 1
    }

    /// `0x` and 16 hex digits.
    public var description: String {
        let hex = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
