import Foundation

/// Prints comparisons as they finish and, at the end, one table of them all.
enum Report {
    static func printLine(_ c: Comparison) {
        say("  done: \(c.name): \(format(c.subjectRate)) vs \(format(c.baselineRate)) \(c.unit)"
              + " (cost ratio \(ratio(c.costRatio)))")
    }

    static func printTable(_ comparisons: [Comparison]) {
        guard !comparisons.isEmpty else { return }
        say("")
        say("| benchmark | measured | baseline (same run) | measured | baseline | ratio |")
        say("| --- | --- | --- | ---: | ---: | ---: |")
        for c in comparisons {
            say("| \(c.name) | \(c.subjectLabel) | \(c.baselineLabel) "
                  + "| \(format(c.subjectRate)) \(c.unit) | \(format(c.baselineRate)) \(c.unit) "
                  + "| \(ratio(c.costRatio)) |")
        }
        say("")
        say("ratio = baseline rate / measured rate: how many times the baseline's time the measured")
        say("operation takes (1.00× = as fast as the baseline; >1 = slower). Rates are the median")
        say("of interleaved rounds (measured, baseline, measured, ...) after one warm-up round each.")
    }

    static func printLine(_ c: LatencyComparison) {
        say("  done: \(c.name): p50 \(LatencyComparison.format(c.subjectP50)) p99 \(LatencyComparison.format(c.subjectP99))"
              + " vs p50 \(LatencyComparison.format(c.baselineP50)) p99 \(LatencyComparison.format(c.baselineP99))")
        say("        \(c.note)")
    }

    static func printLatencyTable(_ comparisons: [LatencyComparison]) {
        guard !comparisons.isEmpty else { return }
        say("")
        say("| benchmark | measured | baseline (same run) | measured p50 / p99 | baseline p50 / p99 | ratio p50 / p99 |")
        say("| --- | --- | --- | ---: | ---: | ---: |")
        for c in comparisons {
            say("| \(c.name) | \(c.subjectLabel) | \(c.baselineLabel) "
                  + "| \(LatencyComparison.format(c.subjectP50)) / \(LatencyComparison.format(c.subjectP99)) "
                  + "| \(LatencyComparison.format(c.baselineP50)) / \(LatencyComparison.format(c.baselineP99)) "
                  + "| \(ratio(c.p50Ratio)) / \(ratio(c.p99Ratio)) |")
        }
        say("")
        say("latency ratio = measured / baseline at the same percentile (>1 = slower than the baseline).")
    }

    static func format(_ rate: Double) -> String {
        rate >= 100 ? String(format: "%.0f", rate) : String(format: "%.1f", rate)
    }

    static func ratio(_ value: Double) -> String {
        value >= 1_000 ? String(format: "%.0f×", value) : String(format: "%.2f×", value)
    }
}

/// Writes one line to standard output at once (unbuffered), so progress and results show
/// up as they happen even when the output is piped.
func say(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
