import Synchronization

/// SplitMix64: a tiny, fast, seedable generator; good enough for ids, jitter and simulation
/// (not for cryptography). The state sits behind a `Mutex`, so one instance is shared by the
/// actors of a node.
public final class SeededRandom: RandomSource {
    private let state: Mutex<UInt64>

    public init(seed: UInt64) {
        state = Mutex(seed)
    }

    public func next() -> UInt64 {
        state.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}

/// A wall clock that only moves when told to: tests and the simulator.
public final class ManualWallClock: WallClock {
    private let ms: Mutex<Int64>

    public init(nowMs: Int64) { ms = Mutex(nowMs) }

    public func nowMs() -> Int64 { ms.withLock { $0 } }

    public func set(_ value: Int64) { ms.withLock { $0 = value } }

    public func advance(byMs delta: Int64) { ms.withLock { $0 += delta } }
}
