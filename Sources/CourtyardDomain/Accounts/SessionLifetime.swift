// MARK: - Session expiry

/// How long a session lives: it ends after `idleMs` without a request or `absoluteMs` after
/// sign-in, whichever comes first. Activity is written back at most every `touchEveryMs`, so
/// a busy console does not cost a database write per request.
public struct SessionLifetime: Hashable, Sendable {
    public var idleMs: Int64
    public var absoluteMs: Int64
    public var touchEveryMs: Int64

    /// Defaults: two hours idle, one twelve-hour shift absolute, activity written each minute.
    public init(idleMs: Int64 = 2 * 3_600_000, absoluteMs: Int64 = 12 * 3_600_000, touchEveryMs: Int64 = 60_000) {
        self.idleMs = max(1, idleMs)
        self.absoluteMs = max(1, absoluteMs)
        self.touchEveryMs = max(0, touchEveryMs)
    }

    public enum Verdict: Hashable, Sendable {
        case valid(touch: Bool)
        case idleExpired
        case absoluteExpired
    }

    /// Whether a session created at `createdAtMs` and last seen at `lastSeenMs` is valid now.
    public func check(createdAtMs: Int64, lastSeenMs: Int64, nowMs: Int64) -> Verdict {
        if nowMs >= createdAtMs + absoluteMs { return .absoluteExpired }
        if nowMs >= lastSeenMs + idleMs { return .idleExpired }
        return .valid(touch: nowMs - lastSeenMs >= touchEveryMs)
    }

    /// When the session ends at the latest if used continuously from now.
    public func expiresAtMs(createdAtMs: Int64, nowMs: Int64) -> Int64 {
        min(createdAtMs + absoluteMs, nowMs + idleMs)
    }
}
