// MARK: - Stored accounts, sessions and the audit log

/// One account as stored. `passwordHash` is a bcrypt string; the password itself is never kept.
public struct AccountRecord: Hashable, Sendable {
    public var username: Username
    public var displayName: String
    public var role: Role
    public var site: SiteScope
    public var passwordHash: String
    public var disabled: Bool
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(username: Username, displayName: String, role: Role, site: SiteScope, passwordHash: String,
                disabled: Bool = false, createdAtMs: Int64, updatedAtMs: Int64) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.site = site
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }

    public var principal: Principal { Principal(username: username, role: role, site: site) }
}

/// A signed-in session. The store keeps only a hash of the token, so a copy of the database
/// does not let anyone sign in.
public struct SessionRecord: Hashable, Sendable {
    public var username: Username
    public var createdAtMs: Int64
    public var lastSeenMs: Int64

    public init(username: Username, createdAtMs: Int64, lastSeenMs: Int64) {
        self.username = username
        self.createdAtMs = createdAtMs
        self.lastSeenMs = lastSeenMs
    }
}

/// One state-changing request: who, when, what, and how it ended. Never a request body.
public struct AuditEntry: Hashable, Sendable {
    public var atMs: Int64
    /// The username, or `anonymous` for a failed login / an unauthenticated request.
    public var actor: String
    public var role: Role?
    public var method: String
    public var path: String
    /// The id the request acted on (ticket, account, record), when the path names one.
    public var target: String?
    public var status: Int
    public var address: String?

    public init(atMs: Int64, actor: String, role: Role?, method: String, path: String, target: String?,
                status: Int, address: String?) {
        self.atMs = atMs
        self.actor = actor
        self.role = role
        self.method = method
        self.path = path
        self.target = target
        self.status = status
        self.address = address
    }

    /// Bounds applied before storing, so one entry stays small whatever the request was.
    public static let pathBytesMax = 512
    public static let fieldBytesMax = 128
}

/// `GET /api/v1/audit`: a time range (`from` inclusive, `to` exclusive), an optional actor,
/// newest first.
public struct AuditQuery: Hashable, Sendable {
    public static let limitMax = 1_000
    public var fromMs: Int64?
    public var toMs: Int64?
    public var actor: String?
    public var limit: Int

    public init(fromMs: Int64? = nil, toMs: Int64? = nil, actor: String? = nil, limit: Int = 200) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.actor = actor
        self.limit = min(max(1, limit), Self.limitMax)
    }
}

/// Where accounts, sessions and the audit log live (GRDB in production and tests).
public protocol AccountStore: Sendable {
    func accountCount() async throws -> Int
    func account(_ username: Username) async throws -> AccountRecord?
    /// All accounts, by username.
    func accounts() async throws -> [AccountRecord]
    /// Adds a new account; `AccountStoreError.exists` if the username is taken.
    func insert(_ account: AccountRecord) async throws
    /// Replaces an account; with `revokeSessions`, ends all its sessions in the same transaction.
    func update(_ account: AccountRecord, revokeSessions: Bool) async throws

    /// Stores a session under the hash of `token`; keeps at most `sessionsPerAccountMax`
    /// sessions per account (the oldest go).
    func createSession(token: String, _ session: SessionRecord) async throws
    /// The session of `token` and its account, if both exist.
    func session(token: String) async throws -> (SessionRecord, AccountRecord)?
    func touchSession(token: String, lastSeenMs: Int64) async throws
    func revokeSession(token: String) async throws
    /// Deletes sessions idle since before `idleBeforeMs` or created before `createdBeforeMs`.
    func purgeSessions(idleBeforeMs: Int64, createdBeforeMs: Int64) async throws -> Int

    func appendAudit(_ entry: AuditEntry) async throws
    func audit(_ query: AuditQuery) async throws -> [AuditEntry]
}

/// Store failures the API maps to answers.
public enum AccountStoreError: Error, Hashable, Sendable {
    case exists(Username)
    case notFound(Username)
}

/// Bounds of the account tables.
public enum AccountLimits {
    public static let sessionsPerAccountMax = 20
    public static let accountsMax = 10_000
}
