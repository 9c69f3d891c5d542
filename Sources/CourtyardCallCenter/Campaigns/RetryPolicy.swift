// MARK: - Retries

/// How often and how soon a message whose send failed transiently (a provider timeout, a
/// 5xx, a 429) is tried again: exponential backoff from `baseDelayMs`, capped at
/// `maxDelayMs`, at most `attemptsMax` sends in all. A permanent failure (a 4xx, an invalid
/// number) is never retried.
public struct RetryPolicy: Hashable, Sendable, Codable {
    public var attemptsMax: Int
    public var baseDelayMs: Int64
    public var maxDelayMs: Int64

    public init(attemptsMax: Int = 3, baseDelayMs: Int64 = 30_000, maxDelayMs: Int64 = 600_000) {
        self.attemptsMax = attemptsMax
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
    }

    /// Every field is optional in JSON; absent ones take the defaults above.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RetryPolicy()
        self.init(attemptsMax: try c.decodeIfPresent(Int.self, forKey: .attemptsMax) ?? d.attemptsMax,
                  baseDelayMs: try c.decodeIfPresent(Int64.self, forKey: .baseDelayMs) ?? d.baseDelayMs,
                  maxDelayMs: try c.decodeIfPresent(Int64.self, forKey: .maxDelayMs) ?? d.maxDelayMs)
    }

    public static let attemptsRange = 1...10
    public static let delayMsRange: ClosedRange<Int64> = 1_000...86_400_000

    public func validate() throws(CampaignError) {
        guard Self.attemptsRange.contains(attemptsMax) else {
            throw CampaignError.invalid("retry.attemptsMax", "must be \(Self.attemptsRange.lowerBound)–\(Self.attemptsRange.upperBound)")
        }
        guard Self.delayMsRange.contains(baseDelayMs) else {
            throw CampaignError.invalid("retry.baseDelayMs", "must be 1000–86400000 ms")
        }
        guard Self.delayMsRange.contains(maxDelayMs), maxDelayMs >= baseDelayMs else {
            throw CampaignError.invalid("retry.maxDelayMs", "must be baseDelayMs–86400000 ms")
        }
    }

    /// The wait before attempt `attempts + 1`, after `attempts` failed ones (≥ 1).
    public func delayMs(afterAttempts attempts: Int) -> Int64 {
        let shift = min(max(attempts - 1, 0), 30)
        let (scaled, overflow) = baseDelayMs.multipliedReportingOverflow(by: Int64(1) << shift)
        return overflow ? maxDelayMs : min(scaled, maxDelayMs)
    }
}
