// MARK: - RegressionSeed

/// A recorded run in `simulations/regression-seeds/*.toml`: a scenario, a seed, an optional
/// time scale and planted bug, and the verdict the run must keep giving.
///
///     scenario = "crash-at-peak"
///     seed = 3
///     time_scale = 3          # optional, see Scenario.timeScaled(by:)
///     plant = "skip-anti-entropy"   # optional
///     verdict = "PASS"
public struct RegressionSeed: Hashable, Sendable {
    public var scenario: String
    public var seed: UInt64
    public var timeScale: Int64
    public var plant: PlantedBug?
    public var verdict: Verdict

    public init(toml text: String) throws(ScenarioError) {
        let doc = try ScenarioTOML(parsing: text)
        let known = ["scenario", "seed", "time_scale", "plant", "verdict"]
        guard doc.tableNames == [""] else { throw ScenarioError("a regression seed has no tables") }
        for key in (doc.tables[""] ?? [:]).keys.sorted() where !known.contains(key) {
            throw ScenarioError("unknown key '\(key)' in a regression seed")
        }
        guard case .string(let name)? = doc.value("", "scenario") else { throw ScenarioError("missing scenario = \"NAME\"") }
        guard case .int(let seed)? = doc.value("", "seed"), seed >= 0 else { throw ScenarioError("missing seed = N") }
        guard case .string(let v)? = doc.value("", "verdict"), let verdict = Verdict(rawValue: v) else {
            throw ScenarioError("missing verdict = \"PASS\" or \"FAIL\"")
        }
        scenario = name
        self.seed = UInt64(seed)
        self.verdict = verdict
        timeScale = 1
        if case .int(let k)? = doc.value("", "time_scale") {
            guard (1...100).contains(k) else { throw ScenarioError("time_scale must be 1...100") }
            timeScale = k
        }
        if case .string(let p)? = doc.value("", "plant") { plant = try PlantedBug.named(p) }
    }
}
