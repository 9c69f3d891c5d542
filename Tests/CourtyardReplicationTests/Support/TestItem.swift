import CourtyardCRDT
import CourtyardReplication

/// A small replicated item for the network tests: a payload under a string key.
struct TestItem: ReplicatedItem {
    let key: String
    let itemID: EventID
    let payload: String

    var estimatedBytes: Int { (try? CRDTCodec.encode(self).count) ?? Int.max / 4 }
    static var retention: ItemRetention { .all }
}

/// SplitMix64: a seeded generator, so every test run replays from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

func rid(_ s: String) -> ReplicaID { ReplicaID(s) }

func eid(_ wallMs: Int64, _ logical: UInt32 = 0, _ origin: String) -> EventID {
    EventID(hlc: HLCTimestamp(wallMs: wallMs, logical: logical), origin: ReplicaID(origin))
}
