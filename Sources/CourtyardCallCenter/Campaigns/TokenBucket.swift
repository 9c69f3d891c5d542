// MARK: - Rate limiting

/// A token bucket on injected time: `ratePerMinute` tokens a minute, at most `capacity`
/// banked, one token per message. Tokens are kept in thousandths so rates that do not
/// divide a minute evenly (7 a minute) accrue exactly.
public struct TokenBucket: Hashable, Sendable {
    public let ratePerMinute: Int
    public let capacity: Int
    /// Thousandths of a token.
    private var milliTokens: Int64
    private var lastMs: Int64

    /// A bucket that starts with one token (a campaign does not burst when it starts or
    /// resumes) and banks at most `capacity` (default: one second's worth, at least 2 — with
    /// room for only one token, the fraction accrued past it while a caller polls late would
    /// be lost and slow rates would run below their rate).
    public init(ratePerMinute: Int, capacity: Int? = nil, nowMs: Int64) {
        precondition(ratePerMinute > 0)
        self.ratePerMinute = ratePerMinute
        self.capacity = max(1, capacity ?? max(2, ratePerMinute / 60))
        self.milliTokens = 1_000
        self.lastMs = nowMs
    }

    private mutating func refill(_ nowMs: Int64) {
        guard nowMs > lastMs else { return }  // time never runs backwards for the bucket
        let gained = (nowMs - lastMs) * Int64(ratePerMinute) * 1_000 / 60_000
        guard gained > 0 else { return }
        // Advance lastMs by the time the gained tokens account for (rounded up, so the
        // bucket never credits more than the rate), carrying the rest to the next refill.
        let rate = Int64(ratePerMinute) * 1_000
        lastMs += (gained * 60_000 + rate - 1) / rate
        milliTokens = min(milliTokens + gained, Int64(capacity) * 1_000)
        if milliTokens == Int64(capacity) * 1_000 { lastMs = max(lastMs, nowMs) }
    }

    /// Takes one token if there is one at `nowMs`.
    public mutating func take(nowMs: Int64) -> Bool {
        refill(nowMs)
        guard milliTokens >= 1_000 else { return false }
        milliTokens -= 1_000
        return true
    }

    /// The earliest instant at which `take` will succeed.
    public mutating func nextTokenMs(nowMs: Int64) -> Int64 {
        refill(nowMs)
        if milliTokens >= 1_000 { return nowMs }
        let missing = 1_000 - milliTokens
        let rate = Int64(ratePerMinute) * 1_000
        let wait = (missing * 60_000 + rate - 1) / rate
        return max(nowMs, lastMs + wait)
    }
}
