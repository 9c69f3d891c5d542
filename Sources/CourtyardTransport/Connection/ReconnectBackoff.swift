/// Delays between dial attempts: exponential from `base`, capped at `max`, with "equal
/// jitter" (half the delay fixed, half drawn from the injected random source) so nodes
/// that lost a peer together do not redial in lockstep.
public struct ReconnectBackoff: Sendable, Hashable {
    public var base: Duration
    public var max: Duration
    /// Dial attempts before the queued messages are dropped and dialling stops (the next
    /// send starts again).
    public var attemptsMax: Int

    public init(base: Duration = .milliseconds(100), max: Duration = .seconds(10), attemptsMax: Int = 8) {
        precondition(base > .zero && max >= base && attemptsMax > 0)
        self.base = base
        self.max = max
        self.attemptsMax = attemptsMax
    }

    /// The delay before attempt `attempt + 1` after `attempt` failures (attempt ≥ 1).
    /// `random(n)` returns a value in 0..<n.
    public func delay(afterFailures attempt: Int, random: (UInt64) -> UInt64) -> Duration {
        let baseMs = UInt64(Swift.max(1, base.wholeMilliseconds))
        let maxMs = UInt64(Swift.max(1, max.wholeMilliseconds))
        let shift = UInt64(Swift.min(Swift.max(attempt - 1, 0), 32))
        let cappedMs = Swift.min(maxMs, baseMs << shift)
        let half = cappedMs / 2
        let jitterMs = half + (cappedMs - half > 0 ? random(cappedMs - half) : 0)
        return .milliseconds(Int64(jitterMs))
    }
}
