// MARK: - Arrivals: a Poisson process on a daily curve with surges

/// How the call rate varies over a day: 24 hourly factors with mean 1, interpolated
/// linearly, so `rate × factor` keeps the day's mean at `rate`.
public struct DialArrivalCurve: Hashable, Sendable, Codable {
    /// Factor at the start of each hour 0…23, normalised to mean 1, each ≥ `factorMin`.
    public let hourly: [Double]

    public static let factorMin = 0.01

    /// Nil unless there are exactly 24 finite, non-negative weights with a positive sum.
    public init?(hourlyWeights w: [Double]) {
        guard w.count == 24, w.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        let mean = w.reduce(0, +) / 24
        guard mean > 0 else { return nil }
        hourly = w.map { max($0 / mean, Self.factorMin) }
    }

    /// Every hour alike.
    public static let flat = DialArrivalCurve(hourlyWeights: Array(repeating: 1, count: 24))!

    /// A residential property hotline: quiet at night, a morning peak (repairs before work),
    /// a lunchtime dip, an evening peak when residents are home.
    public static let residential = DialArrivalCurve(hourlyWeights: [
        0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1.0, 1.6, 1.9, 1.8, 1.5,
        1.1, 1.2, 1.4, 1.4, 1.3, 1.3, 1.6, 1.8, 1.6, 1.1, 0.6, 0.3,
    ])!

    /// The factor at `dayMs` milliseconds after midnight (wrapped into one day).
    public func factor(atDayMs dayMs: Int64) -> Double {
        let day: Int64 = 86_400_000
        let t = ((dayMs % day) + day) % day
        let hour = Int(t / 3_600_000)
        let frac = Double(t % 3_600_000) / 3_600_000
        return hourly[hour] * (1 - frac) + hourly[(hour + 1) % 24] * frac
    }

    public var maxFactor: Double { hourly.max() ?? 1 }
}

/// A stretch of the run with `factor` times the usual rate (a storm night, a water outage).
public struct DialSurge: Hashable, Sendable, Codable {
    /// Offset from the start of the run.
    public var startMs: Int64
    public var durationMs: Int64
    public var factor: Double

    public static let factorMax = 100.0

    public init(startMs: Int64, durationMs: Int64, factor: Double) {
        self.startMs = startMs
        self.durationMs = durationMs
        self.factor = factor
    }

    public func contains(_ runMs: Int64) -> Bool { runMs >= startMs && runMs < startMs + durationMs }
}

/// Arrival times of a non-homogeneous Poisson process, by thinning: candidates are drawn
/// at the peak rate and kept with probability `rate(t) / peak`.
public struct DialArrivalProcess: Hashable, Sendable {
    /// Mean calls per minute before the curve and surges.
    public let ratePerMinute: Double
    public let curve: DialArrivalCurve
    public let surges: [DialSurge]
    /// Where in the day the run starts (milliseconds after local midnight).
    public let dayOffsetMs: Int64
    /// How many milliseconds of the curve pass per millisecond of run (1 = real time;
    /// 1 440 plays a whole day in a minute).
    public let curveSpeed: Double

    public init(ratePerMinute: Double, curve: DialArrivalCurve = .flat, surges: [DialSurge] = [],
                dayOffsetMs: Int64 = 0, curveSpeed: Double = 1) {
        self.ratePerMinute = max(ratePerMinute, 0)
        self.curve = curve
        self.surges = surges.sorted { ($0.startMs, $0.durationMs) < ($1.startMs, $1.durationMs) }
        self.dayOffsetMs = dayOffsetMs
        self.curveSpeed = max(curveSpeed, 0)
    }

    /// Calls per minute at `runMs` into the run.
    public func rate(atRunMs runMs: Int64) -> Double {
        let dayMs = dayOffsetMs + Int64((Double(runMs) * curveSpeed).rounded(.down))
        let surge = surges.filter { $0.contains(runMs) }.map(\.factor).max() ?? 1
        return ratePerMinute * curve.factor(atDayMs: dayMs) * max(surge, 0)
    }

    /// The highest rate the process can reach (the thinning envelope).
    public var peakRate: Double {
        ratePerMinute * curve.maxFactor * max(1, surges.map(\.factor).max() ?? 1)
    }

    /// The next arrival strictly after `runMs`, or nil if none comes before `endMs`.
    public func next(after runMs: Int64, endMs: Int64, random: inout DialRandom) -> Int64? {
        let peak = peakRate
        guard peak > 0 else { return nil }
        let meanGapMs = 60_000 / peak
        var t = Double(runMs)
        while true {
            t += max(random.exponential(mean: meanGapMs), 1)
            guard t < Double(endMs) else { return nil }
            let at = Int64(t.rounded(.up))
            if random.unit() * peak < rate(atRunMs: at) { return at }
        }
    }
}
