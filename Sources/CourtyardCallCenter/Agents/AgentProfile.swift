// MARK: - Agent profile

/// A skill an agent holds at a level: 1 is the best; higher levels are tried later (tiers).
public struct SkillLevel: Hashable, Sendable, Codable, Comparable {
    public let skill: SkillID
    public let level: Int

    public static let levelMax = 9

    public init(_ skill: SkillID, level: Int) {
        self.skill = skill
        self.level = level
    }

    public static func < (a: Self, b: Self) -> Bool { (a.skill, a.level) < (b.skill, b.level) }
}

/// Errors for an agent profile from untrusted configuration.
public struct AgentProfileError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// What routing needs to know about an agent that does not change call by call.
public struct AgentProfile: Hashable, Sendable, Codable {
    public static let skillsMax = 32
    public static let wrapUpMsMax: Int64 = 30 * 60_000

    public let id: AgentID
    /// Sorted by skill, one entry per skill.
    public let skills: [SkillLevel]
    /// After-call work time; 0 returns the agent straight to available.
    public let wrapUpMs: Int64

    /// Validates the profile: levels in 1...9, no duplicate skill, bounded counts.
    public init(id: AgentID, skills: [SkillLevel], wrapUpMs: Int64 = 0) throws(AgentProfileError) {
        guard skills.count <= Self.skillsMax else {
            throw AgentProfileError(description: "agent \(id) has \(skills.count) skills; at most \(Self.skillsMax)")
        }
        guard (0...Self.wrapUpMsMax).contains(wrapUpMs) else {
            throw AgentProfileError(description: "agent \(id) wrap-up \(wrapUpMs) ms outside 0...\(Self.wrapUpMsMax)")
        }
        let sorted = skills.sorted()
        for (i, s) in sorted.enumerated() {
            guard (1...SkillLevel.levelMax).contains(s.level) else {
                throw AgentProfileError(description: "agent \(id) skill \(s.skill) level \(s.level) outside 1...\(SkillLevel.levelMax)")
            }
            if i > 0, sorted[i - 1].skill == s.skill {
                throw AgentProfileError(description: "agent \(id) lists skill \(s.skill) twice")
            }
        }
        self.id = id
        self.skills = sorted
        self.wrapUpMs = wrapUpMs
    }

    /// The agent's level in `skill`, nil when the agent lacks it.
    public func level(of skill: SkillID) -> Int? {
        skills.first { $0.skill == skill }?.level
    }
}

// MARK: - Stats

/// Per-agent figures the strategies read (longest idle, fewest calls, least talk time).
public struct AgentStats: Hashable, Sendable, Codable {
    /// When the agent last became idle (available); nil while not available.
    public var idleSinceMs: Int64?
    public var callsAnsweredToday: Int = 0
    public var talkTimeTodayMs: Int64 = 0
    /// Offers that rang out in a row; an answer resets it.
    public var consecutiveMissedOffers: Int = 0
    /// After a decline or a missed offer the agent is not offered again before this.
    public var noOfferUntilMs: Int64 = .min

    public init() {}

    /// Starts a new day: the daily counters return to zero.
    public mutating func startNewDay() {
        callsAnsweredToday = 0
        talkTimeTodayMs = 0
    }
}
