import Foundation

// MARK: - Erlang C

/// The Erlang C queueing model (M/M/N): calls arrive at random (Poisson), handling times are
/// exponential, callers wait in one queue for N identical agents. It is the standard model
/// for sizing call-center staff; docs/metrics.md gives the formulas.
///
/// Computed with the Erlang B recursion `B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))` and
/// `C = N·B / (N − A·(1 − B))`, which never forms `A^N` or `N!` and so stays accurate for
/// hundreds of agents.
public enum ErlangC {
    /// The probability that a call has to wait, with `agents` agents and `trafficErlangs`
    /// of offered traffic (arrival rate × handling time). 1 when `agents ≤ traffic`: the
    /// queue grows without bound.
    public static func waitProbability(agents: Int, trafficErlangs a: Double) -> Double {
        guard agents > 0, a > 0 else { return a > 0 ? 1 : 0 }
        guard Double(agents) > a else { return 1 }
        let b = erlangB(agents: agents, trafficErlangs: a)
        let n = Double(agents)
        return n * b / (n - a * (1 - b))
    }

    /// The fraction of calls answered within `thresholdMs`:
    /// `SL = 1 − C · e^(−(N − A) · T / AHT)`.
    public static func serviceLevel(agents: Int, trafficErlangs a: Double, ahtMs: Double, thresholdMs: Double) -> Double {
        guard Double(agents) > a else { return 0 }
        guard ahtMs > 0 else { return 1 }
        let c = waitProbability(agents: agents, trafficErlangs: a)
        return 1 - c * exp(-(Double(agents) - a) * thresholdMs / ahtMs)
    }

    /// The mean wait of all calls: `ASA = C · AHT / (N − A)`; infinite when `agents ≤ traffic`.
    public static func averageSpeedOfAnswerMs(agents: Int, trafficErlangs a: Double, ahtMs: Double) -> Double {
        guard Double(agents) > a else { return .infinity }
        return waitProbability(agents: agents, trafficErlangs: a) * ahtMs / (Double(agents) - a)
    }

    /// The fewest agents that answer `target` of calls within `thresholdMs`, searching up to
    /// `agentsMax`; nil when even `agentsMax` agents are not enough.
    public static func agentsNeeded(arrivalsPerHour: Double, ahtMs: Double, thresholdMs: Double,
                                    target: Double, agentsMax: Int) -> StaffingSuggestion? {
        let a = arrivalsPerHour * ahtMs / 3_600_000
        guard a > 0 else {
            return StaffingSuggestion(arrivalsPerHour: arrivalsPerHour, ahtMs: ahtMs, trafficErlangs: 0, agents: 0,
                                      serviceLevel: 1, waitProbability: 0, averageSpeedOfAnswerMs: 0)
        }
        var b = 1.0
        for n in 1...max(1, agentsMax) {
            b = a * b / (Double(n) + a * b)
            guard Double(n) > a else { continue }
            let nd = Double(n)
            let c = nd * b / (nd - a * (1 - b))
            let sl = 1 - c * exp(-(nd - a) * thresholdMs / ahtMs)
            if sl >= target {
                return StaffingSuggestion(arrivalsPerHour: arrivalsPerHour, ahtMs: ahtMs, trafficErlangs: a, agents: n,
                                          serviceLevel: sl, waitProbability: c,
                                          averageSpeedOfAnswerMs: c * ahtMs / (nd - a))
            }
        }
        return nil
    }

    /// Erlang B (blocking probability with no queue), by the stable recursion.
    public static func erlangB(agents: Int, trafficErlangs a: Double) -> Double {
        var b = 1.0
        for n in stride(from: 1, through: agents, by: 1) {
            b = a * b / (Double(n) + a * b)
        }
        return b
    }
}

/// The Erlang C answer for one site: how many agents to staff and what they would achieve.
public struct StaffingSuggestion: Hashable, Sendable, Codable {
    public var arrivalsPerHour: Double
    public var ahtMs: Double
    /// Offered load in Erlangs (agents' worth of continuous work).
    public var trafficErlangs: Double
    public var agents: Int
    /// Predicted fraction answered within the threshold with `agents` agents.
    public var serviceLevel: Double
    /// Predicted probability that a call waits at all.
    public var waitProbability: Double
    public var averageSpeedOfAnswerMs: Double
}
