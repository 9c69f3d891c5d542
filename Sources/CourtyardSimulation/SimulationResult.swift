// MARK: - Verdict

public enum Verdict: String, Sendable, Hashable {
    case pass = "PASS"
    case fail = "FAIL"
}

// MARK: - TraceRecord

/// One entry of a run's trace (kept only with `SimulationOptions.collectTrace`).
public struct TraceRecord: Hashable, Sendable {
    public let atMs: Int64
    public let kind: String
    public let detail: String
}

// MARK: - SimulationResult

/// What a run found: the verdict, every violation, the trace hash, status lines, counters,
/// and (when recorded) the choice log and the trace.
public struct SimulationResult: Sendable {
    public let scenario: String
    /// The seed, or nil for a replayed choice log.
    public let seed: UInt64?
    public let plant: PlantedBug?
    public let violations: [Violation]
    public let traceHash: TraceHash
    public let statusLines: [String]
    public let stats: SimulationStats
    /// Every draw, when recorded (`SimulationOptions.recordChoices`).
    public let choiceLog: [UInt64]
    public let drawCount: Int
    public let trace: [TraceRecord]

    public var verdict: Verdict { violations.isEmpty ? .pass : .fail }

    /// The command that replays this run exactly (`scenarioPath` as the user gave it).
    public func replayCommand(scenarioPath: String) -> String {
        var cmd = "courtyard simulate replay --scenario \(scenarioPath)"
        if let seed { cmd += " --seed \(seed)" } else { cmd += " --choice-log FILE" }
        if let plant { cmd += " --plant \(plant.rawValue)" }
        return cmd
    }

    /// The last line a run prints: seed, verdict and trace hash.
    public var verdictLine: String {
        let s = seed.map(String.init) ?? "replay"
        return "seed=\(s) scenario=\(scenario) verdict=\(verdict.rawValue) violations=\(violations.count) trace=\(traceHash)"
    }

    /// A short summary of the counters.
    public var summaryLine: String {
        "calls=\(stats.calls) answered=\(stats.callsAnswered) abandoned=\(stats.callsAbandoned) overflowed=\(stats.callsOverflowed) sticky=\(stats.stickyHits) selfServed=\(stats.selfServed) dropped=\(stats.callsDropped) callbacks=\(stats.callbacks) failovers=\(stats.agentFailovers) tickets=\(stats.ticketsCreated) events=\(stats.eventsWritten) escalations=\(stats.escalations) crashes=\(stats.crashes) delivered=\(stats.messagesDelivered) lost=\(stats.messagesLost) hlcRefused=\(stats.hlcRefusals) draws=\(drawCount)"
    }

    // MARK: JSON trace

    /// The trace as JSON lines (`{"t":…,"kind":…,"detail":…}` per record), then a final
    /// line with the verdict and trace hash. Empty trace unless it was collected.
    public func jsonTrace() -> String {
        var out = ""
        for r in trace {
            out += "{\"t\":\(r.atMs),\"kind\":\(Self.json(r.kind)),\"detail\":\(Self.json(r.detail))}\n"
        }
        let seedText = seed.map(String.init) ?? "null"
        out += "{\"verdict\":\(Self.json(verdict.rawValue)),\"seed\":\(seedText),\"scenario\":\(Self.json(scenario)),\"trace\":\(Self.json(traceHash.description)),\"violations\":[\(violations.map { Self.json($0.description) }.joined(separator: ","))]}\n"
        return out
    }

    static func json(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

// MARK: - Choice log text

/// The text form of a choice log: one lowercase hex value per line (`#` comments allowed).
public enum ChoiceLogText {
    public static func render(_ log: [UInt64], header: String = "") -> String {
        (header.isEmpty ? "" : "# \(header)\n") + log.map { String($0, radix: 16) }.joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String) throws(ScenarioError) -> [UInt64] {
        var out: [UInt64] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = String(line).trimmingSpaces
            if t.isEmpty || t.hasPrefix("#") { continue }
            guard let v = UInt64(t, radix: 16) else { throw ScenarioError(line: n + 1, "not a hex value: '\(t.prefix(20))'") }
            out.append(v)
            guard out.count <= 50_000_000 else { throw ScenarioError("choice log longer than 50,000,000 draws") }
        }
        return out
    }
}
