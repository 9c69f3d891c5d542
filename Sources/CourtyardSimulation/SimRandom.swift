// MARK: - SimRandom

/// The only source of randomness of a simulation run: xoshiro256** seeded through
/// SplitMix64, recording every draw in a *choice log*.
///
/// A run is a function of its scenario and its choice log, so a failing run can be replayed
/// from the log and shrunk by editing it. Draws are shaped so that **zero is the simplest
/// choice**: `chance` is false, `int(in:)` is the lower bound, `below` is 0. A replayed log
/// that runs out yields zeros, so trimming or zeroing parts of a log turns faults off and
/// delays down — which is what the shrinker relies on.
public struct SimRandom: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    /// Replayed draws (nil when drawing fresh from the seed).
    private let replayLog: [UInt64]?
    private var replayIndex = 0
    /// Every value handed out so far, in order.
    public private(set) var choiceLog: [UInt64] = []
    /// Whether to keep `choiceLog` (a long run draws millions of values).
    public let recording: Bool

    /// A fresh stream from `seed`.
    public init(seed: UInt64, recording: Bool = true) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
        replayLog = nil
        self.recording = recording
    }

    /// Replays `choiceLog`; past its end every draw is 0 (the simplest choice).
    public init(replaying choiceLog: [UInt64], recording: Bool = true) {
        s = (0, 0, 0, 0)
        replayLog = choiceLog
        self.recording = recording
    }

    /// Draws consumed so far.
    public private(set) var drawCount = 0

    public mutating func next() -> UInt64 {
        let value: UInt64
        if let log = replayLog {
            value = replayIndex < log.count ? log[replayIndex] : 0
            replayIndex += 1
        } else {
            value = xoshiro()
        }
        drawCount += 1
        if recording { choiceLog.append(value) }
        return value
    }

    private mutating func xoshiro() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    // MARK: Shaped draws (zero is the simplest choice)

    /// Uniform in [0, 1); 0 for a zero draw.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// True with probability `p`; a zero draw is false.
    public mutating func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        return unit() >= 1 - p
    }

    /// Uniform in `range`; a zero draw is the lower bound.
    public mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        guard span > 1 else { return range.lowerBound }
        return range.lowerBound + Int64(next() % span)
    }

    /// Uniform in `0..<bound`; a zero draw is 0.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }
}
