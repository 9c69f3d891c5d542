import CourtyardCRDT

// MARK: - A site's live figures

/// One site's live figures at one moment, as its own node computes them (HQ dashboard,
/// SPEC §7): calls waiting and the longest wait, today's service level from the call
/// ledger, agents by state, open tickets and overdue tickets per escalation level, and the
/// cluster members as this node sees them — plus bounded detail lists for the drill-down.
///
/// A pure value: `compute` builds it from inputs the runtime reads; `validate` checks one
/// received from another node before it is shown. Every list is capped (`Limits`) so the
/// encoding stays under `Limits.encodedBytesMax` whatever the site's size.
public struct SiteSnapshot: Codable, Sendable, Hashable {
    public var site: SiteID
    /// When the site took it, on the site's wall clock (epoch ms).
    public var takenAtMs: Int64
    /// Calls owned by the site that wait for an agent (queued, ringing, or asking a remote one).
    public var waitingCalls: Int
    /// How long the longest of them has waited; 0 when none waits.
    public var longestWaitMs: Int64
    public var serviceLevel: TodayServiceLevel
    /// Agents logged in at the site by state (`AgentStateKind` raw values, every kind present).
    public var agentsByState: [String: Int]
    /// Tickets of the site not yet resolved, closed or cancelled.
    public var openTickets: Int
    /// Open tickets at escalation level 1, 2 and 3 (index 0 is level 1).
    public var overdueByLevel: [Int]
    /// Cluster members as the site sees them, sorted by site then endpoint.
    public var members: [SnapshotMember]
    /// Drill-down: the site's agents (by id), waiting calls (longest first) and overdue
    /// tickets (highest level first), each capped; `omitted` counts what the caps cut.
    public var agents: [SnapshotAgent]
    public var calls: [SnapshotCall]
    public var overdue: [SnapshotTicket]
    public var omitted: Int

    public init(site: SiteID, takenAtMs: Int64, waitingCalls: Int = 0, longestWaitMs: Int64 = 0,
                serviceLevel: TodayServiceLevel, agentsByState: [String: Int] = SiteSnapshot.emptyAgentCounts,
                openTickets: Int = 0, overdueByLevel: [Int] = [0, 0, 0], members: [SnapshotMember] = [],
                agents: [SnapshotAgent] = [], calls: [SnapshotCall] = [], overdue: [SnapshotTicket] = [], omitted: Int = 0) {
        self.site = site
        self.takenAtMs = takenAtMs
        self.waitingCalls = waitingCalls
        self.longestWaitMs = longestWaitMs
        self.serviceLevel = serviceLevel
        self.agentsByState = agentsByState
        self.openTickets = openTickets
        self.overdueByLevel = overdueByLevel
        self.members = members
        self.agents = agents
        self.calls = calls
        self.overdue = overdue
        self.omitted = omitted
    }

    /// Every agent state kind at zero.
    public static let emptyAgentCounts: [String: Int] =
        Dictionary(uniqueKeysWithValues: AgentStateKind.allCases.map { ($0.rawValue, 0) })

    /// The same snapshot without its drill-down lists (the all-sites board).
    public var summary: SiteSnapshot {
        var s = self
        s.agents = []
        s.calls = []
        s.overdue = []
        return s
    }
}

// MARK: - Limits

extension SiteSnapshot {
    public enum Limits {
        public static let agentsMax = 200
        public static let callsMax = 100
        public static let overdueMax = 50
        public static let membersMax = 64
        /// Free texts (titles, reasons, endpoints) are cut to this many characters.
        public static let textCharsMax = 80
        /// A snapshot at every cap encodes (JSON) below this; a test checks it.
        public static let encodedBytesMax = 96 * 1024
        /// Counts above this are refused as implausible.
        public static let countMax = 10_000_000
    }
}

// MARK: - Parts

/// Today's service level at the site (`docs/metrics.md`): calls that entered since local
/// midnight, answered within the threshold over offered minus short abandons.
public struct TodayServiceLevel: Codable, Sendable, Hashable {
    /// Local midnight (the report settings' UTC offset), epoch ms.
    public var dayStartMs: Int64
    public var thresholdMs: Int64
    public var offered: Int
    public var answered: Int
    public var answeredWithinThreshold: Int
    public var abandoned: Int
    public var shortAbandoned: Int
    /// SL in percent (0–100); nil when no call counts yet.
    public var percent: Double?

    public init(dayStartMs: Int64, thresholdMs: Int64, offered: Int = 0, answered: Int = 0,
                answeredWithinThreshold: Int = 0, abandoned: Int = 0, shortAbandoned: Int = 0, percent: Double? = nil) {
        self.dayStartMs = dayStartMs
        self.thresholdMs = thresholdMs
        self.offered = offered
        self.answered = answered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandoned = abandoned
        self.shortAbandoned = shortAbandoned
        self.percent = percent
    }
}

/// A cluster member as the snapshotting node sees it.
public struct SnapshotMember: Codable, Sendable, Hashable {
    public var site: SiteID
    public var endpoint: String
    /// `alive`, `suspect`, `unreachable`, `down` or `left`.
    public var status: String
    public static let statuses: Set<String> = ["alive", "suspect", "unreachable", "down", "left"]

    public init(site: SiteID, endpoint: String, status: String) {
        self.site = site
        self.endpoint = endpoint
        self.status = status
    }

    public var isUp: Bool { status == "alive" || status == "suspect" }
}

/// One agent of the site.
public struct SnapshotAgent: Codable, Sendable, Hashable {
    public var agent: AgentID
    public var state: AgentStateKind
    public var reason: String?
    public var call: CallID?
    /// Since when the agent talks (on call only).
    public var sinceMs: Int64?

    public init(agent: AgentID, state: AgentStateKind, reason: String? = nil, call: CallID? = nil, sinceMs: Int64? = nil) {
        self.agent = agent
        self.state = state
        self.reason = reason
        self.call = call
        self.sinceMs = sinceMs
    }
}

/// One call waiting for an agent.
public struct SnapshotCall: Codable, Sendable, Hashable {
    public var call: CallID
    public var queue: QueueID
    public var caller: String?
    public var waitingSinceMs: Int64
    /// `waiting`, `ringing` or `remote`.
    public var phase: String

    public init(call: CallID, queue: QueueID, caller: String?, waitingSinceMs: Int64, phase: String) {
        self.call = call
        self.queue = queue
        self.caller = caller
        self.waitingSinceMs = waitingSinceMs
        self.phase = phase
    }
}

/// One overdue ticket.
public struct SnapshotTicket: Codable, Sendable, Hashable {
    public var id: String
    public var number: String
    public var title: String
    public var status: String
    public var level: Int
    public var updatedAtMs: Int64

    public init(id: String, number: String, title: String, status: String, level: Int, updatedAtMs: Int64) {
        self.id = id
        self.number = number
        self.title = title
        self.status = status
        self.level = level
        self.updatedAtMs = updatedAtMs
    }
}
