// MARK: - Strategies

/// How a queue picks among eligible agents (the strategies of the best ACDs).
public enum RoutingStrategy: String, Hashable, Sendable, Codable, CaseIterable {
    /// The agent idle the longest.
    case longestIdle
    /// The next agent after the last one offered, in agent-id order.
    case roundRobin
    /// The agent with the fewest answered calls today.
    case fewestCalls
    /// The agent with the least talk time today.
    case leastTalkTime
    /// Every eligible agent rings; the first to answer wins, the others are released.
    case ringAll
}

// MARK: - Queue

/// One queue of a site: the skill it requires, its strategy and its limits.
public struct QueueConfiguration: Hashable, Sendable, Codable {
    public let id: QueueID
    public let skill: SkillID
    public let strategy: RoutingStrategy
    /// Tiers: level 1 agents first; every `levelEscalationMs` of waiting admits one more
    /// level. nil admits all levels at once (the best present level is still preferred).
    public let levelEscalationMs: Int64?
    /// Waiting calls beyond this are refused to voicemail.
    public let waitingMax: Int
    /// A call waiting this long goes to voicemail (投诉建议语音留言 / call-back).
    public let maxWaitMs: Int64
    /// After this wait a call may go to agents of other sites; nil never overflows.
    public let overflowAfterMs: Int64?

    public static let waitingMaxLimit = 10_000

    public init(id: QueueID, skill: SkillID, strategy: RoutingStrategy = .longestIdle,
                levelEscalationMs: Int64? = nil, waitingMax: Int = 200, maxWaitMs: Int64 = 300_000,
                overflowAfterMs: Int64? = nil) throws(ACDConfigurationError) {
        guard (1...Self.waitingMaxLimit).contains(waitingMax) else {
            throw ACDConfigurationError(description: "queue \(id): waitingMax \(waitingMax) outside 1...\(Self.waitingMaxLimit)")
        }
        guard maxWaitMs > 0 else { throw ACDConfigurationError(description: "queue \(id): maxWaitMs must be positive") }
        if let e = levelEscalationMs, e <= 0 {
            throw ACDConfigurationError(description: "queue \(id): levelEscalationMs must be positive")
        }
        if let o = overflowAfterMs, o < 0 {
            throw ACDConfigurationError(description: "queue \(id): overflowAfterMs must not be negative")
        }
        self.id = id
        self.skill = skill
        self.strategy = strategy
        self.levelEscalationMs = levelEscalationMs
        self.waitingMax = waitingMax
        self.maxWaitMs = maxWaitMs
        self.overflowAfterMs = overflowAfterMs
    }

    /// The worst skill level admitted after waiting `waitedMs`.
    public func levelAdmitted(waitedMs: Int64) -> Int {
        guard let step = levelEscalationMs else { return SkillLevel.levelMax }
        return Int(min(Int64(SkillLevel.levelMax), 1 + max(0, waitedMs) / step))
    }
}

// MARK: - ACD

/// A configuration the ACD refuses, with the reason.
public struct ACDConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// Everything a site's ACD is tuned by.
public struct ACDConfiguration: Hashable, Sendable, Codable {
    public let site: SiteID
    /// Sorted by id.
    public let queues: [QueueConfiguration]
    /// How long an offer rings before it counts as unanswered.
    public var offerTimeoutMs: Int64 = 20_000
    /// After a decline or a miss, the agent is not offered again for this long.
    public var retryDelayMs: Int64 = 5_000
    /// K: consecutive unanswered offers that put an agent on break.
    public var missedOffersMax: Int = 3
    /// How long a returning caller is held for their last agent before falling back.
    public var stickyWindowMs: Int64 = 10_000
    /// How long the last agent of a number is remembered.
    public var stickyMemoryMs: Int64 = 30 * 24 * 3_600_000
    public var stickyCapacity: Int = 10_000
    public var missedCallsCapacity: Int = 1_000
    /// How often a waiting caller hears their position; 0 never.
    public var positionAnnounceIntervalMs: Int64 = 30_000
    /// A remote reservation not answered by the owner within this is cancelled.
    public var remoteReplyTimeoutMs: Int64 = 3_000
    /// Presence lease of local agents; renewed at half-life.
    public var presenceLeaseMs: Int64 = 15_000
    /// Calls tracked at once (waiting, ringing, connected, remote).
    public var callsMax: Int = 20_000
    /// Local agents at once.
    public var agentsMax: Int = 5_000
    /// PLANTED BUG SWITCH for the simulator only: passed to `AgentReservations`.
    public var allowDoubleReservation: Bool = false

    public init(site: SiteID, queues: [QueueConfiguration]) throws(ACDConfigurationError) {
        let sorted = queues.sorted { $0.id < $1.id }
        for i in sorted.indices.dropFirst() where sorted[i - 1].id == sorted[i].id {
            throw ACDConfigurationError(description: "queue \(sorted[i].id) configured twice")
        }
        guard !sorted.isEmpty, sorted.count <= 500 else {
            throw ACDConfigurationError(description: "a site needs 1...500 queues, got \(sorted.count)")
        }
        self.site = site
        self.queues = sorted
    }

    public func queue(_ id: QueueID) -> QueueConfiguration? { queues.first { $0.id == id } }
}
