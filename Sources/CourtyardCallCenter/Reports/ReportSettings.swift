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
    /// First-contact resolution: an answered call counts as resolved at first contact when
    /// the same caller does not call the same site again within this window.
    public var fcrWindowMs: Int64

    public static let thresholdMsMax: Int64 = 3_600_000
    public static let agentsMaxLimit = 2_000
    /// The FCR repeat window is between 1 hour and 7 days.
    public static let fcrWindowMsRange: ClosedRange<Int64> = 3_600_000...604_800_000

    public init(shortAbandonMs: Int64 = 5_000, serviceLevelThresholdMs: Int64 = 20_000,
                serviceLevelTarget: Double = 0.8, utcOffsetMinutes: Int = 480, staffingAgentsMax: Int = 500,
                fcrWindowMs: Int64 = 259_200_000) {
        self.shortAbandonMs = shortAbandonMs
        self.serviceLevelThresholdMs = serviceLevelThresholdMs
        self.serviceLevelTarget = serviceLevelTarget
        self.utcOffsetMinutes = utcOffsetMinutes
        self.staffingAgentsMax = staffingAgentsMax
        self.fcrWindowMs = fcrWindowMs
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
        guard Self.fcrWindowMsRange.contains(fcrWindowMs) else {
            throw LedgerError(.badDuration, "fcrWindowMs must be between 1 hour and 7 days")
        }
    }
}
