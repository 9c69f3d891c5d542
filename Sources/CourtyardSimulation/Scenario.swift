import CourtyardReplication

// MARK: - Workload settings

/// A stretch of the run with `factor` times the usual call rate (a storm night).
public struct Surge: Hashable, Sendable {
    public var startMs: Int64
    public var endMs: Int64
    public var factor: Double
}

/// Residents calling and technicians working (see `Workload`).
public struct WorkloadSettings: Hashable, Sendable {
    /// Calls per hour per site at a curve value of 1.
    public var callsPerHourPerSite: Double = 12
    /// Multiplier per hour of day (24 values).
    public var hourlyCurve: [Double] = WorkloadSettings.curve(named: "weekday") ?? []
    public var surges: [Surge] = []
    /// Consistency levels of ticket creations, drawn uniformly from this list.
    public var consistencyMix: [ConsistencyLevel] = [.local, .local, .quorum, .sites(2)]
    /// Tickets whose technician is slow enough for the SLA to run out (escalations).
    public var slowTicketRate: Double = 0.15
    public var emergencyRate: Double = 0.05

    /// Named daily curves: `weekday` (morning and evening peaks), `night`, `flat`.
    public static func curve(named name: String) -> [Double]? {
        switch name {
        case "weekday":
            [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.4, 1.8, 1.6, 1.4, 1.2,
             1.1, 1.2, 1.3, 1.3, 1.4, 1.6, 1.9, 1.7, 1.3, 0.9, 0.6, 0.3]
        case "night":
            [0.6, 0.5, 0.4, 0.4, 0.4, 0.5, 0.7, 1.0, 1.0, 1.0, 1.0, 1.0,
             1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.2, 1.2, 1.1, 1.0, 0.9, 0.7]
        case "flat":
            Array(repeating: 1.0, count: 24)
        default:
            nil
        }
    }
}

// MARK: - Scenario

/// A chaos run's script: the cluster, the workload, the network, the fault plan, the
/// fault points, and the checkers' budgets. Read from `simulations/*.toml` (see
/// docs/simulation.md for the format).
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var summary: String = ""
    /// Site names; a node per site. Positions index everything else.
    public var sites: [String]
    public var hq: String?
    public var durationMs: Int64 = 60 * 60_000
    /// The heal-and-quiesce phase after `durationMs`: faults healed, no new calls.
    public var quiesceMs: Int64 = 5 * 60_000
    /// Hour of day (site time) at virtual time 0, for the daily curve.
    public var startHour: Int = 8
    public var statusEveryMs: Int64 = 60_000
    public var workload = WorkloadSettings()
    /// Agents, ACDs and caller behaviour (`[agents]`, `[callers]`).
    public var callCenter = CallCenterSettings()
    public var link = LinkSettings()
    public var faults: [TimedFault] = []
    /// Fault points on, with the sites they are on at.
    public var faultPoints: [FaultPoint: [Int]] = [:]
    /// Randomise the fault configuration from the seed (network rates, fault points).
    public var swarm = false
    /// Healthy nodes wrongly declared down, at most, outside network faults.
    public var falsePositiveBudget = 1

    public static let sitesMax = 16

    public init(name: String, sites: [String]) {
        self.name = name
        self.sites = sites
    }

    /// The fault-point registry for this scenario (swarm mode adds to it per seed).
    public func faultPointRegistry() -> FaultPoints {
        var r = FaultPoints(siteCount: sites.count)
        for point in faultPoints.keys.sorted() {
            for site in faultPoints[point] ?? [] { r.enable(point, site: site) }
        }
        return r
    }

    /// Checks the bounds a run relies on.
    public func validate() throws(ScenarioError) {
        guard (2...Self.sitesMax).contains(sites.count) else { throw ScenarioError("a scenario needs 2...\(Self.sitesMax) sites, got \(sites.count)") }
        guard Set(sites).count == sites.count else { throw ScenarioError("site names repeat") }
        for s in sites where !ReplicaIDCheck.isValid(s) { throw ScenarioError("bad site name '\(s)': use [a-z0-9-], at most 32") }
        if let hq, !sites.contains(hq) { throw ScenarioError("hq '\(hq)' is not one of the sites") }
        guard durationMs > 0, durationMs <= 7 * 86_400_000 else { throw ScenarioError("duration must be within 7 days") }
        guard quiesceMs >= 60_000 else { throw ScenarioError("quiesce must be at least 1m") }
        guard (0...23).contains(startHour) else { throw ScenarioError("start_hour must be 0...23") }
        guard statusEveryMs >= 1_000 else { throw ScenarioError("status_every must be at least 1s") }
        guard workload.hourlyCurve.count == 24 else { throw ScenarioError("the daily curve needs 24 values") }
        guard workload.callsPerHourPerSite >= 0, workload.callsPerHourPerSite <= 3_600 else {
            throw ScenarioError("calls_per_hour must be 0...3600")
        }
        guard !workload.consistencyMix.isEmpty else { throw ScenarioError("consistency mix is empty") }
        guard link.delayMinMs >= 0, link.delayMaxMs >= link.delayMinMs else { throw ScenarioError("bad network delays") }
        let rates = [link.dropRate, link.duplicateRate, link.slowRate, workload.slowTicketRate, workload.emergencyRate]
        guard rates.allSatisfy({ (0...1).contains($0) }) else { throw ScenarioError("percentages must be 0...100") }
        try callCenter.validate(siteCount: sites.count)
    }
}

/// Site-name rule shared with `ReplicaID` (checked before constructing one).
enum ReplicaIDCheck {
    static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 32 else { return false }
        return s.utf8.enumerated().allSatisfy { i, b in
            (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || (b == 45 && i > 0)
        }
    }
}
