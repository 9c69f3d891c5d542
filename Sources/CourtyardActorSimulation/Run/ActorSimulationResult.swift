import CourtyardSimulation

// MARK: - ActorSimulationResult

/// What an actor-simulation run found, printed like a core-layer run.
public struct ActorSimulationResult: Sendable {
    public let scenario: String
    public let seed: UInt64
    public let plant: ActorPlantedBug?
    public let violations: [Violation]
    public let traceHash: TraceHash
    public let statusLines: [String]
    public let stats: ActorSimulationStats
    /// Every trace record, when collected (`ActorSimSettings.collectTrace`).
    public let trace: [SimTraceRecord]

    public var verdict: Verdict { violations.isEmpty ? .pass : .fail }

    /// The command that replays this run exactly.
    public func replayCommand(scenarioPath: String) -> String {
        var cmd = "courtyard simulate run --layer actors --scenario \(scenarioPath) --seed \(seed)"
        if let plant { cmd += " --plant \(plant.rawValue)" }
        return cmd
    }

    /// The last line a run prints: seed, verdict and trace hash.
    public var verdictLine: String {
        "seed=\(seed) scenario=\(scenario) layer=actors verdict=\(verdict.rawValue) violations=\(violations.count) trace=\(traceHash)"
    }

    public var summaryLine: String {
        let s = stats
        return "calls=\(s.calls) acked=\(s.acked) failed=\(s.writesFailed) refusedDown=\(s.writesRefusedDown) followUps=\(s.followUps) crashes=\(s.crashes) jobs=\(s.jobs) dropped=\(s.jobsDropped) delivered=\(s.messagesDelivered) lost=\(s.messagesLost) escapes=\(s.escapes) rejoins=\(s.rejoins) buggified=\(s.faultPointsFired)"
    }

    /// The trace as JSON lines (`{"t":…,"kind":…,"detail":…}`), then a final line with the
    /// verdict and the trace hash.
    public func jsonTrace() -> String {
        var out = ""
        for r in trace {
            out += "{\"t\":\(r.atMs),\"kind\":\(Self.quoted(r.kind)),\"detail\":\(Self.quoted(r.detail))}\n"
        }
        out += "{\"verdict\":\"\(verdict.rawValue)\",\"seed\":\(seed),\"trace\":\"\(traceHash)\",\"violations\":\(violations.count)}\n"
        return out
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
