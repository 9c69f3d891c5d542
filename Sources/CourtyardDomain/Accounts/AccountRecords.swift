import CourtyardCRDT

// MARK: - Stored accounts, sessions and the audit log

/// One account as stored. `passwordHash` is a bcrypt string; the password itself is never kept.
///
/// `version` makes it a replicated directory record (last writer wins, key
/// `account:<username>`); nil for a node-local account (the bootstrap `admin`, the demo
/// logins, accounts created before replication) until it is next changed through the API
/// or `courtyard accounts`.
public struct AccountRecord: Hashable, Sendable, Codable {
    public var username: Username
    public var displayName: String
    public var role: Role
    public var site: SiteScope
    public var passwordHash: String
    public var disabled: Bool
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
    public var version: EventID?

    public init(username: Username, displayName: String, role: Role, site: SiteScope, passwordHash: String,
                disabled: Bool = false, createdAtMs: Int64, updatedAtMs: Int64, version: EventID? = nil) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.site = site
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
        self.version = version
    }

    public var principal: Principal { Principal(username: username, role: role, site: site) }
}

// MARK: - Replicated accounts

extension AccountRecord {
    /// The account every node creates for itself at first start: never replicated, and a
    /// replicated record of this name is refused, so one node's admin password never
    /// overwrites another's.
    public static let localAdmin = Username("admin")

    /// Why this record may not be stored as a replicated account (empty when it may):
    /// received records are untrusted input.
    public var replicationErrors: [FieldError] {
        var errors: [FieldError] = []
        if username == Self.localAdmin {
            errors.append(FieldError(field: "username", message: "admin is local to each node and never replicated"))
        }
        do { try site.check(for: role) } catch { errors.append(FieldError(field: error.field, message: error.message)) }
        do { try DisplayNameRules.check(displayName) } catch {
            errors.append(FieldError(field: error.field, message: error.message))
        }
        if !Self.isBcryptHash(passwordHash) {
            errors.append(FieldError(field: "passwordHash", message: "must be a bcrypt hash"))
        }
        if createdAtMs < 0 || updatedAtMs < 0 {
            errors.append(FieldError(field: "updatedAtMs", message: "must not be negative"))
        }
        return errors
    }

    /// `$2a$`/`$2b$`/`$2y$`, a two-digit cost 04–31, `$`, then 53 characters of `./A-Za-z0-9`.
    public static func isBcryptHash(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 60, b[0] == UInt8(ascii: "$"), b[1] == UInt8(ascii: "2"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(b[2]), b[3] == UInt8(ascii: "$"),
              b[6] == UInt8(ascii: "$") else { return false }
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(b[4]), digits.contains(b[5]) else { return false }
        let cost = Int(b[4] - UInt8(ascii: "0")) * 10 + Int(b[5] - UInt8(ascii: "0"))
        guard (4...31).contains(cost) else { return false }
        return b[7...].allSatisfy { c in
            c == UInt8(ascii: ".") || c == UInt8(ascii: "/") || digits.contains(c)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
        }
    }
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
