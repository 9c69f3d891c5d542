// MARK: - Shrinking

/// The outcome of shrinking a failing run.
public struct ShrinkResult: Sendable {
    /// The shortest failing choice log found (trailing zeros trimmed).
    public let choiceLog: [UInt64]
    public let originalLength: Int
    /// Replays tried.
    public let runs: Int
    /// The run of the shrunk log (it still fails).
    public let result: SimulationResult
}

extension Simulation {
    /// Minimises a failing run's choice log by delta debugging: remove chunks (halves,
    /// quarters, …), then set chunks to zero (the simplest choice), keeping every change
    /// after which the run still fails with a violation of the same checker. At most
    /// `runsMax` replays. The failing run must have been made with `recordChoices`.
    public static func shrink(scenario: Scenario, failing: SimulationResult, plant: PlantedBug? = nil,
                              runsMax: Int = 200) -> ShrinkResult {
        let target = failing.violations.first?.checker
        var runs = 0
        func fails(_ log: [UInt64]) -> SimulationResult? {
            runs += 1
            let r = replay(scenario: scenario, choiceLog: log, plant: plant,
                           options: SimulationOptions(recordChoices: true, statusLines: false))
            guard r.violations.contains(where: { $0.checker == target }) else { return nil }
            return r
        }
        var best = trimmed(failing.choiceLog)
        var bestResult = failing
        // Pass 1: remove chunks.
        var chunk = max(1, best.count / 2)
        while chunk >= 1 && runs < runsMax {
            var start = 0
            var changed = false
            while start < best.count && runs < runsMax {
                var candidate = best
                candidate.removeSubrange(start..<min(best.count, start + chunk))
                if let r = fails(candidate) {
                    best = trimmed(candidate)
                    bestResult = r
                    changed = true
                } else {
                    start += chunk
                }
            }
            if !changed { chunk /= 2 }
        }
        // Pass 2: zero chunks (turns draws into their simplest choice).
        chunk = max(1, best.count / 4)
        while chunk >= 1 && runs < runsMax {
            for start in stride(from: 0, to: best.count, by: chunk) where runs < runsMax {
                let range = start..<min(best.count, start + chunk)
                guard best[range].contains(where: { $0 != 0 }) else { continue }
                var candidate = best
                for k in range { candidate[k] = 0 }
                if let r = fails(candidate) {
                    best = trimmed(candidate)
                    bestResult = r
                }
            }
            chunk /= 2
        }
        return ShrinkResult(choiceLog: best, originalLength: failing.choiceLog.count, runs: runs, result: bestResult)
    }

    static func trimmed(_ log: [UInt64]) -> [UInt64] {
        var l = log
        while l.last == 0 { l.removeLast() }
        return l
    }
}
