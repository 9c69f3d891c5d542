import Foundation

// MARK: - Latency distributions

/// Per-operation latencies of a measured subject next to those of its baseline, both taken
/// in the same run. Percentiles are nearest-rank over the sorted samples (no histogram
/// buckets, so no rounding: every sample is kept).
struct LatencyComparison {
    let name: String
    let subjectLabel: String
    let baselineLabel: String
    let subject: [Duration]
    let baseline: [Duration]
    /// A note printed with the line (what the samples were, counts of sticky hits, ...).
    let note: String

    var subjectP50: Duration { Self.percentile(subject, 0.50) }
    var subjectP99: Duration { Self.percentile(subject, 0.99) }
    var baselineP50: Duration { Self.percentile(baseline, 0.50) }
    var baselineP99: Duration { Self.percentile(baseline, 0.99) }
    /// How many times the baseline's p50 the subject's p50 is.
    var p50Ratio: Double { Self.seconds(subjectP50) / Self.seconds(baselineP50) }
    var p99Ratio: Double { Self.seconds(subjectP99) / Self.seconds(baselineP99) }

    /// Nearest-rank percentile: the smallest sample with at least `p` of the samples at or
    /// below it.
    static func percentile(_ samples: [Duration], _ p: Double) -> Duration {
        guard !samples.isEmpty else { return .zero }
        let sorted = samples.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    /// Microseconds with sensible precision ("0.21 µs", "38.2 µs", "41.20 ms", "423.3 s").
    static func format(_ d: Duration) -> String {
        let us = seconds(d) * 1e6
        if us >= 10_000_000 { return String(format: "%.1f s", us / 1e6) }
        if us >= 1_000 { return String(format: "%.2f ms", us / 1_000) }
        if us >= 10 { return String(format: "%.1f µs", us) }
        return String(format: "%.2f µs", us)
    }
}

// MARK: - Timing one call

/// Runs `body` once and returns its result with the time it took.
@inline(__always)
func timed<T>(_ clock: ContinuousClock, _ body: () throws -> T) rethrows -> (T, Duration) {
    let start = clock.now
    let result = try body()
    return (result, clock.now - start)
}
