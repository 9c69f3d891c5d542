// MARK: - Measuring

/// One side of a comparison: how many operations a round did and how long it took.
struct Sample {
    var operations: Int
    var duration: Duration

    var seconds: Double {
        let c = duration.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    var operationsPerSecond: Double { Double(operations) / seconds }
}

/// A measured subject next to its baseline, both measured in the same run, in interleaved
/// rounds (subject, baseline, subject, baseline, …) so that load from other work on the
/// machine falls on both sides alike. Each side reports the median round.
struct Comparison {
    let name: String
    let unit: String
    let subjectLabel: String
    let baselineLabel: String
    let subject: [Sample]
    let baseline: [Sample]

    var subjectRate: Double { Self.median(subject.map(\.operationsPerSecond)) }
    var baselineRate: Double { Self.median(baseline.map(\.operationsPerSecond)) }
    /// How many times the baseline's time one operation of the subject takes.
    var costRatio: Double { baselineRate / subjectRate }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Runs `rounds` interleaved rounds of subject and baseline, after one unmeasured warm-up
/// round of each. Each closure gets the round number (warm-up is 0) so it can use fresh
/// data, and returns the number of operations it did.
func compare(
    _ name: String, unit: String, rounds: Int,
    subject subjectLabel: String, _ subject: (Int) async throws -> Int,
    baseline baselineLabel: String, _ baseline: (Int) async throws -> Int
) async throws -> Comparison {
    let clock = ContinuousClock()
    _ = try await subject(0)
    _ = try await baseline(0)
    var subjectSamples: [Sample] = []
    var baselineSamples: [Sample] = []
    for round in 1...rounds {
        var start = clock.now
        let s = try await subject(round)
        subjectSamples.append(Sample(operations: s, duration: clock.now - start))
        start = clock.now
        let b = try await baseline(round)
        baselineSamples.append(Sample(operations: b, duration: clock.now - start))
    }
    let comparison = Comparison(name: name, unit: unit, subjectLabel: subjectLabel, baselineLabel: baselineLabel,
                                subject: subjectSamples, baseline: baselineSamples)
    Report.printLine(comparison)
    return comparison
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
