// MARK: - Call-center settings

/// The call center of a scenario (`[agents]` and `[callers]` tables): how many agents each
/// site's ACD has, how they work (talk, wrap-up, shifts, breaks), when waiting calls
/// overflow to other sites, and how callers behave (IVR keys, patience, returning callers).
public struct CallCenterSettings: Hashable, Sendable {
    /// Agents in each site's roster (`[agents] per_site`).
    public var agentsPerSite: Int = 4
    /// Per-site rosters overriding `agentsPerSite` (`[agents] counts`, one per site).
    public var agentCounts: [Int]?
    /// Talk time, drawn uniformly.
    public var talkMinMs: Int64 = 60_000
    public var talkMaxMs: Int64 = 240_000
    /// After-call work of every agent.
    public var wrapUpMs: Int64 = 20_000
    /// A shift's length; agents log out after it and start a new one a few minutes later.
    /// Shifts are staggered so agents of a site do not all leave together.
    public var shiftMs: Int64 = 8 * 3_600_000
    /// Chance per simulated minute that an available agent goes not-ready for 2–8 minutes.
    public var breakRatePerMinute: Double = 0.01
    /// Chance an offer rings out unanswered (the ACD's missed-offer logic takes over).
    public var noAnswerRate: Double = 0.05
    /// Chance an agent declines an offer.
    public var declineRate: Double = 0.02
    /// A call waiting this long may go to an agent of another site; nil never overflows.
    public var overflowAfterMs: Int64? = 20_000
    /// How long a queued caller waits before hanging up, drawn uniformly.
    public var patienceMinMs: Int64 = 30_000
    public var patienceMaxMs: Int64 = 240_000
    /// Callers who called before (and reached an agent) calling again: sticky routing.
    public var returningRate: Double = 0.3
    /// The first key callers press at the main menu, drawn uniformly (weights by repetition):
    /// `0` an agent, `9` emergency, `1` notices, `2` fees (self-service lookups, payment),
    /// `3` repairs and `5` complaints (voice mail, a ticket), `4` information.
    public var ivrKeys: [String] = ["0", "0", "0", "0", "0", "9", "1", "2", "2", "3", "3", "4", "5"]

    public static let agentsMax = 64
    public static let rootKeys: Set<String> = ["0", "1", "2", "3", "4", "5", "9", "#", "7"]

    public init() {}

    /// The roster size of site `i` of `siteCount`.
    public func agents(atSite i: Int) -> Int { agentCounts?[i] ?? agentsPerSite }

    /// Checks bounds against the scenario's site count.
    func validate(siteCount: Int) throws(ScenarioError) {
        guard (0...Self.agentsMax).contains(agentsPerSite) else { throw ScenarioError("[agents] per_site must be 0...\(Self.agentsMax)") }
        if let counts = agentCounts {
            guard counts.count == siteCount else { throw ScenarioError("[agents] counts needs one value per site (\(siteCount))") }
            guard counts.allSatisfy({ (0...Self.agentsMax).contains($0) }) else {
                throw ScenarioError("[agents] counts must each be 0...\(Self.agentsMax)")
            }
        }
        guard talkMinMs > 0, talkMaxMs >= talkMinMs else { throw ScenarioError("[agents] talk: bad range") }
        guard patienceMinMs > 0, patienceMaxMs >= patienceMinMs else { throw ScenarioError("[callers] patience: bad range") }
        guard (0...1_800_000).contains(wrapUpMs) else { throw ScenarioError("[agents] wrap_up must be within 30m") }
        guard shiftMs >= 60_000 else { throw ScenarioError("[agents] shift must be at least 1m") }
        let rates = [breakRatePerMinute, noAnswerRate, declineRate, returningRate]
        guard rates.allSatisfy({ (0...1).contains($0) }) else { throw ScenarioError("call-center percentages must be 0...100") }
        guard !ivrKeys.isEmpty, ivrKeys.count <= 100 else { throw ScenarioError("[callers] ivr_keys needs 1...100 keys") }
        for k in ivrKeys where !Self.rootKeys.contains(k) {
            throw ScenarioError("[callers] ivr_keys: '\(k)' is not one of \(Self.rootKeys.sorted().joined(separator: " "))")
        }
    }
}
