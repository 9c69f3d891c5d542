import CourtyardCRDT

// MARK: - The call report

/// The call statistics (统计报表) of one time range and optionally one site, computed purely
/// from ledger events by `CallReport.compute`. Every field is defined in docs/metrics.md.
/// Rates are percentages (0–100) and nil when their denominator is zero; times are in ms.
public struct CallReport: Hashable, Sendable, Codable {
    public var fromMs: Int64
    public var toMs: Int64
    /// The end of the window actually measured: `min(toMs, nowMs)` (a range reaching into
    /// the future is measured up to now).
    public var measuredToMs: Int64
    public var site: SiteID?
    public var settings: ReportSettings
    public var counts: CallCounts
    public var figures: CallFigures
    /// One row per agent seen in the window, by agent id.
    public var agents: [AgentFigures]
    /// Hits per IVR node, most hit first (ties by node name).
    public var ivr: [IVRNodeHits]
    /// Calls entered per hour of the day (local time at `utcOffsetMinutes`), 24 buckets.
    public var hourly: [Int]
    /// Calls per local day, oldest first; days without calls are omitted.
    public var daily: [DailyVolume]
    /// The Erlang C staffing suggestion per site, by site id.
    public var staffing: [SiteStaffing]
    /// The sites whose reports were merged into this one (`CallReport.merged`), by site id;
    /// nil for a report computed from one ledger.
    public var sites: [SiteID]? = nil
    /// Sites asked for their report that did not give it (an all-sites report gathered
    /// across the cluster); nil when nothing was asked of other sites.
    public var missingSites: [MissingSite]? = nil
}

/// A site left out of a gathered report, and why (timeout, node down, ...).
public struct MissingSite: Hashable, Sendable, Codable {
    public var site: SiteID
    public var reason: String

    public init(site: SiteID, reason: String) {
        self.site = site
        self.reason = reason
    }
}

/// How many calls did what.
public struct CallCounts: Hashable, Sendable, Codable {
    /// Calls that reached the node.
    public var entered = 0
    /// Calls that waited for an agent (entered a queue or were offered to one).
    public var offered = 0
    /// Offered calls answered by an agent.
    public var answered = 0
    /// Answered calls whose wait was at most the SL threshold.
    public var answeredWithinThreshold = 0
    /// Calls the caller gave up on before an answer (short abandons included).
    public var abandoned = 0
    /// Abandons after a wait shorter than `shortAbandonMs`.
    public var shortAbandoned = 0
    public var voicemail = 0
    public var overflowed = 0
    /// Calls answered by the agent they were offered to because the caller spoke to them before.
    public var stickyHits = 0
    /// Calls that ended without waiting for an agent (self-service in the IVR, or hung up there).
    public var handledInIVR = 0
    /// Answered calls from an identified caller: the base of FCR.
    public var fcrEligible = 0
    /// FCR-eligible calls with no repeat call from the same caller at the same site within
    /// the FCR window.
    public var fcrResolved = 0

    public init() {}
}

/// The headline figures.
public struct CallFigures: Hashable, Sendable, Codable {
    /// SL: answered within T over (offered − short abandons), in %.
    public var serviceLevelPercent: Double?
    /// SL2: answered within T over answered, in %.
    public var serviceLevel2Percent: Double?
    /// ASA: mean wait of answered calls.
    public var averageSpeedOfAnswerMs: Double?
    /// AHT: mean (talk + after-call work) per answered call.
    public var averageHandlingTimeMs: Double?
    /// (abandoned − short abandons) over (offered − short abandons), in %.
    public var abandonmentRatePercent: Double?
    public var talkMs: Int64 = 0
    public var wrapUpMs: Int64 = 0
    /// Σ answer wait of answered calls: ASA's numerator (so reports can be merged exactly).
    public var answerWaitSumMs: Int64 = 0
    /// Σ (talk + after-call work) of answered calls: AHT's numerator.
    public var answeredHandlingSumMs: Int64 = 0
    /// The longest wait of any answered call.
    public var longestAnswerWaitMs: Int64?
    /// FCR: fcrResolved over fcrEligible, in %.
    public var firstContactResolutionPercent: Double?
    /// Occupancy of all agents with state times: Σ handling over Σ staffed time, in %.
    public var occupancyPercent: Double?

    public init() {}
}

/// One agent's row.
public struct AgentFigures: Hashable, Sendable, Codable {
    public var agent: AgentID
    public var offers = 0
    public var declined = 0
    public var timedOut = 0
    public var answered = 0
    public var talkMs: Int64 = 0
    public var wrapUpMs: Int64 = 0
    /// From state changes: time on call or in wrap-up.
    public var handlingMs: Int64 = 0
    /// From state changes: time available, reserved, on call or in wrap-up.
    public var staffedMs: Int64 = 0
    /// From state changes: time in any state but logged out.
    public var loggedInMs: Int64 = 0
    /// handlingMs / staffedMs in %; nil without state changes in the window.
    public var occupancyPercent: Double?
    /// Time per state (`available`, `onCall`, …), for the status timeline.
    public var stateMs: [String: Int64] = [:]

    public init(agent: AgentID) { self.agent = agent }
}

public struct IVRNodeHits: Hashable, Sendable, Codable {
    public var node: String
    public var hits: Int

    public init(node: String, hits: Int) {
        self.node = node
        self.hits = hits
    }
}

public struct DailyVolume: Hashable, Sendable, Codable {
    /// The local date, `YYYY-MM-DD`.
    public var date: String
    public var entered: Int
    public var answered: Int
    public var abandoned: Int
    /// The day's SL and abandonment rate, defined as the report's (nil with no base).
    public var serviceLevelPercent: Double?
    public var abandonmentRatePercent: Double?
    /// The counts behind the day's rates (so days of several sites can be merged exactly).
    public var offered: Int
    public var answeredWithinThreshold: Int
    public var shortAbandoned: Int

    public init(date: String, entered: Int, answered: Int, abandoned: Int,
                serviceLevelPercent: Double? = nil, abandonmentRatePercent: Double? = nil,
                offered: Int = 0, answeredWithinThreshold: Int = 0, shortAbandoned: Int = 0) {
        self.date = date
        self.entered = entered
        self.answered = answered
        self.abandoned = abandoned
        self.serviceLevelPercent = serviceLevelPercent
        self.abandonmentRatePercent = abandonmentRatePercent
        self.offered = offered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.shortAbandoned = shortAbandoned
    }
}

public struct SiteStaffing: Hashable, Sendable, Codable {
    public var site: SiteID
    /// For the mean arrival rate of the measured window. Nil when the site had no offered
    /// or answered calls, or when even `staffingAgentsMax` agents fall short.
    public var suggestion: StaffingSuggestion?
    /// The start (epoch ms) of the site's busiest clock hour in the range.
    public var peakHourStartMs: Int64?
    /// For the arrival rate of that hour (its offered calls per hour).
    public var peakSuggestion: StaffingSuggestion?

    public init(site: SiteID, suggestion: StaffingSuggestion?, peakHourStartMs: Int64? = nil,
                peakSuggestion: StaffingSuggestion? = nil) {
        self.site = site
        self.suggestion = suggestion
        self.peakHourStartMs = peakHourStartMs
        self.peakSuggestion = peakSuggestion
    }
}
