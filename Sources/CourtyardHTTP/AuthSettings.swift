import CourtyardDomain
import CourtyardRuntime
import Synchronization

/// Whether and how the API authenticates. A node enforces authentication unless its
/// configuration says `disabled` explicitly (with a loud warning); in-process tests of other
/// features pass `.disabled`.
public enum APIAuth: Sendable {
    /// No sessions, no policy: every route open, the actor taken from `X-Courtyard-Actor`.
    case disabled
    /// Sessions (cookie or bearer), the policy table, the audit log, login throttling.
    case enforced(AuthServices)

    public var services: AuthServices? {
        if case .enforced(let s) = self { return s }
        return nil
    }
}

/// Everything the authentication middleware and the auth/account/audit routes need.
public struct AuthServices: Sendable {
    public var store: any AccountStore
    public var hasher: any PasswordHasher
    public var policy: AccessPolicy
    public var lifetime: SessionLifetime
    public var wallClock: any WallClock
    /// Session tokens come from here: the system CSPRNG in production.
    public var random: any RandomSource
    /// Set `Secure` on the session cookie (when the console is served over HTTPS).
    public var secureCookie: Bool
    /// Where account writes replicate (`AccountManager.directory`); nil keeps them local.
    public var directory: DirectoryService?
    let throttle: LoginThrottleGate

    public init(store: any AccountStore, hasher: any PasswordHasher, wallClock: any WallClock, random: any RandomSource,
                policy: AccessPolicy = .courtyard, lifetime: SessionLifetime = SessionLifetime(),
                throttle: LoginThrottle.Settings = LoginThrottle.Settings(), secureCookie: Bool = false,
                directory: DirectoryService? = nil) {
        self.store = store
        self.hasher = hasher
        self.policy = policy
        self.lifetime = lifetime
        self.wallClock = wallClock
        self.random = random
        self.secureCookie = secureCookie
        self.directory = directory
        self.throttle = LoginThrottleGate(settings: throttle)
    }

    /// The account helper over the same store and hasher.
    public var accounts: AccountManager {
        AccountManager(store: store, hasher: hasher, wallClock: wallClock, directory: directory)
    }
}

/// The login throttle shared by all requests of a node.
final class LoginThrottleGate: Sendable {
    private let state: Mutex<LoginThrottle>

    init(settings: LoginThrottle.Settings) {
        state = Mutex(LoginThrottle(settings: settings))
    }

    func retryAfterMs(_ keys: [LoginThrottle.Key], nowMs: Int64) -> Int64? {
        state.withLock { $0.retryAfterMs(keys, nowMs: nowMs) }
    }

    func recordFailure(_ keys: [LoginThrottle.Key], nowMs: Int64) {
        state.withLock { $0.recordFailure(keys, nowMs: nowMs) }
    }

    func recordSuccess(username: String) {
        state.withLock { $0.recordSuccess(username: username) }
    }
}
