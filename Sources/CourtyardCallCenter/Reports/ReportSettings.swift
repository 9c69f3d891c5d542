// MARK: - Report settings

/// The knobs of a call report, each with the industry default. docs/metrics.md defines how
/// each one enters the figures.
public struct ReportSettings: Hashable, Sendable, Codable {
    /// Abandons after less than this wait are "short": a misdial or an instant change of mind,
    /// not a failure of service. They are counted but left out of the abandonment rate and SL.
    public var shortAbandonMs: Int64
    /// The T of "X % answered within T" (80/20 is the usual target).
    public var serviceLevelThresholdMs: Int64
    /// The fraction of calls to answer within T, for the staffing suggestion (0.8 = 80 %).
    public var serviceLevelTarget: Double
    /// The sites' fixed offset from UTC for hour and day buckets (China: +480).
    public var utcOffsetMinutes: Int
    /// The staffing suggestion searches up to this many agents.
    public var staffingAgentsMax: Int

    public static let thresholdMsMax: Int64 = 3_600_000
    public static let agentsMaxLimit = 2_000

    public init(shortAbandonMs: Int64 = 5_000, serviceLevelThresholdMs: Int64 = 20_000,
                serviceLevelTarget: Double = 0.8, utcOffsetMinutes: Int = 480, staffingAgentsMax: Int = 500) {
        self.shortAbandonMs = shortAbandonMs
        self.serviceLevelThresholdMs = serviceLevelThresholdMs
        self.serviceLevelTarget = serviceLevelTarget
        self.utcOffsetMinutes = utcOffsetMinutes
        self.staffingAgentsMax = staffingAgentsMax
    }

    /// Checks each knob's range.
    public func validate() throws(LedgerError) {
        guard (0...Self.thresholdMsMax).contains(shortAbandonMs) else {
            throw LedgerError(.badDuration, "shortAbandonMs must be in 0…\(Self.thresholdMsMax)")
        }
        guard (1...Self.thresholdMsMax).contains(serviceLevelThresholdMs) else {
            throw LedgerError(.badDuration, "serviceLevelThresholdMs must be in 1…\(Self.thresholdMsMax)")
        }
        guard serviceLevelTarget > 0, serviceLevelTarget < 1 else {
            throw LedgerError(.badDuration, "serviceLevelTarget must be strictly between 0 and 1")
        }
        guard (-720...840).contains(utcOffsetMinutes) else {
            throw LedgerError(.badDuration, "utcOffsetMinutes must be in -720…840")
        }
        guard (1...Self.agentsMaxLimit).contains(staffingAgentsMax) else {
            throw LedgerError(.badDuration, "staffingAgentsMax must be in 1…\(Self.agentsMaxLimit)")
        }
    }
}
