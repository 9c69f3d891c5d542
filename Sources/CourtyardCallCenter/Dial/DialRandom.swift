import Foundation

// MARK: - The seeded random source of the traffic model

/// SplitMix64: a small, fast, seedable generator. The traffic model draws everything from
/// values of this type, so the same seed gives the same arrivals, callers and behaviour.
/// (Foundation is imported for `log`, `exp` and `sqrt` only.)
public struct DialRandom: RandomNumberGenerator, Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one sub-model or one call: the same `(seed, stream)` always
    /// gives the same stream, whatever was drawn from other streams before.
    public init(seed: UInt64, stream: UInt64) {
        var mix = DialRandom(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mix.next() ^ stream
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    // MARK: Distributions

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p` (clamped to [0, 1]).
    public mutating func chance(_ p: Double) -> Bool {
        unit() < min(max(p, 0), 1)
    }

    /// Uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let count = UInt64(range.upperBound - range.lowerBound) &+ 1
        guard count != 0 else { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(count.multipliedFullWidth(by: next()).high)
    }

    /// Exponential with the given mean (inter-arrival times of a Poisson process).
    public mutating func exponential(mean: Double) -> Double {
        -log(1 - unit()) * max(mean, 0)
    }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Log-normal with the given median and shape `sigma`: skewed durations (talk time,
    /// patience) where most are near the median and a few are much longer.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        max(median, 0) * exp(sigma * normal())
    }

    /// An index drawn with probability proportional to `weights` (non-positive weights are
    /// never drawn); nil when no weight is positive.
    public mutating func weightedIndex(_ weights: [Double]) -> Int? {
        let total = weights.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { return nil }
        var x = unit() * total
        for (i, w) in weights.enumerated() where w > 0 {
            if x < w { return i }
            x -= w
        }
        return weights.lastIndex { $0 > 0 }
    }
}

// MARK: - Durations

/// A duration distribution in milliseconds, bounded so one unlucky draw cannot stall a run.
public struct DialDuration: Hashable, Sendable, Codable {
    public var medianMs: Int64
    /// Log-normal shape; 0 makes every draw the median.
    public var sigma: Double
    public var minMs: Int64
    public var maxMs: Int64

    public init(medianMs: Int64, sigma: Double, minMs: Int64, maxMs: Int64) {
        self.medianMs = medianMs
        self.sigma = sigma
        self.minMs = minMs
        self.maxMs = max(minMs, maxMs)
    }

    public func draw(_ random: inout DialRandom) -> Int64 {
        let x = random.logNormal(median: Double(medianMs), sigma: sigma)
        guard x.isFinite else { return maxMs }
        return min(max(Int64(x.rounded()), minMs), maxMs)
    }

    /// Every bound divided by `speed` (a demo or test run faster than real time).
    public func scaled(by speed: Double) -> DialDuration {
        let s = max(speed, 1e-6)
        func f(_ v: Int64) -> Int64 { Int64((Double(v) / s).rounded()) }
        return DialDuration(medianMs: f(medianMs), sigma: sigma, minMs: f(minMs), maxMs: f(maxMs))
    }
}
