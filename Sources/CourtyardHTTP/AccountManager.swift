import CourtyardDomain
import CourtyardRuntime

/// Creating and changing accounts, with validation, hashing and session revocation in one
/// place: the API routes, `courtyard accounts` and the node's bootstrap all go through it.
///
/// With a `directory`, accounts replicate: every create and change (except of the local
/// `admin`) is stamped with a version and written through `DirectoryService.upsert(account:)`,
/// so it reaches the directory replication like any directory write (last writer wins).
/// Without one, accounts stay local to this node's database.
public struct AccountManager: Sendable {
    public let store: any AccountStore
    public let hasher: any PasswordHasher
    public let wallClock: any WallClock
    /// The writer of replicated accounts; nil keeps every account local.
    public let directory: DirectoryService?

    public init(store: any AccountStore, hasher: any PasswordHasher, wallClock: any WallClock,
                directory: DirectoryService? = nil) {
        self.store = store
        self.hasher = hasher
        self.wallClock = wallClock
        self.directory = directory
    }

    /// A new account, as submitted (unvalidated strings).
    public struct Draft: Sendable, Decodable {
        public var username: String
        public var displayName: String?
        public var role: String
        public var site: String
        public var password: String

        public init(username: String, displayName: String? = nil, role: String, site: String, password: String) {
            self.username = username
            self.displayName = displayName
            self.role = role
            self.site = site
            self.password = password
        }
    }

    /// Changes to an account; nil fields stay as they are.
    public struct Patch: Sendable, Decodable {
        public var displayName: String?
        public var role: String?
        public var site: String?
        public var password: String?
        public var disabled: Bool?

        public init(displayName: String? = nil, role: String? = nil, site: String? = nil, password: String? = nil,
                    disabled: Bool? = nil) {
            self.displayName = displayName
            self.role = role
            self.site = site
            self.password = password
            self.disabled = disabled
        }
    }

    // MARK: Create and change

    /// Creates an account; with `replicated` false (the bootstrap admin, the demo logins) it
    /// stays local to this node even with a directory.
    public func create(_ d: Draft, replicated: Bool = true) async throws -> AccountRecord {
        let username = try Username(validating: d.username)
        let role = try Self.role(d.role)
        let site = try SiteScope(validating: d.site)
        try site.check(for: role)
        let displayName = d.displayName ?? username.rawValue
        try DisplayNameRules.check(displayName)
        try PasswordRules.check(d.password)
        guard try await store.accountCount() < AccountLimits.accountsMax else {
            throw AccountError(field: "username", "this node already holds \(AccountLimits.accountsMax) accounts")
        }
        let now = wallClock.nowMs()
        let record = AccountRecord(username: username, displayName: displayName, role: role, site: site,
                                   passwordHash: await hasher.hash(d.password), createdAtMs: now, updatedAtMs: now)
        if replicated, let directory = replicator(for: username) {
            guard try await store.account(username) == nil else { throw AccountStoreError.exists(username) }
            return try await directory.upsert(account: record)
        }
        try await store.insert(record)
        return record
    }

    /// Applies a patch. A new password, a role or site change, or disabling ends every session
    /// of the account. The last enabled admin cannot be disabled or demoted.
    public func update(_ username: Username, _ p: Patch) async throws -> AccountRecord {
        guard var a = try await store.account(username) else { throw AccountStoreError.notFound(username) }
        let before = a
        if let name = p.displayName { try DisplayNameRules.check(name); a.displayName = name }
        if let role = p.role { a.role = try Self.role(role) }
        if let site = p.site { a.site = try SiteScope(validating: site) }
        try a.site.check(for: a.role)
        if let disabled = p.disabled { a.disabled = disabled }
        if let password = p.password {
            try PasswordRules.check(password)
            a.passwordHash = await hasher.hash(password)
        }
        let wasAdmin = before.role == .admin && !before.disabled
        if wasAdmin, a.role != .admin || a.disabled, try await enabledAdmins() <= 1 {
            throw AccountError(field: "role", "the last enabled admin cannot be disabled or demoted")
        }
        a.updatedAtMs = wallClock.nowMs()
        if let directory = replicator(for: username) {
            // The store ends the sessions on the same rule (hash, role or site changed, or disabled).
            return try await directory.upsert(account: a)
        }
        let revoke = p.password != nil || a.role != before.role || a.site != before.site || (a.disabled && !before.disabled)
        try await store.update(a, revokeSessions: revoke)
        return a
    }

    /// The directory writer for this account, nil when it stays local (no directory, or `admin`).
    func replicator(for username: Username) -> DirectoryService? {
        username == AccountRecord.localAdmin ? nil : directory
    }

    func enabledAdmins() async throws -> Int {
        try await store.accounts().filter { $0.role == .admin && !$0.disabled }.count
    }

    static func role(_ raw: String) throws(AccountError) -> Role {
        guard let role = Role(rawValue: raw) else {
            throw AccountError(field: "role", "must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }

    // MARK: Bootstrap

    /// When the node has no account yet, creates `admin` with `password`, or with a fresh
    /// random one. Returns the password it set (to print once), nil when accounts existed.
    public func bootstrapAdmin(password: String?, random: any RandomSource) async throws -> String? {
        guard try await store.accountCount() == 0 else { return nil }
        let chosen = password ?? Self.generatedPassword(random)
        _ = try await create(Draft(username: "admin", displayName: "Administrator", role: Role.admin.rawValue,
                                   site: "*", password: chosen), replicated: false)
        return chosen
    }

    /// 20 characters from an alphabet without look-alikes (about 110 bits).
    public static func generatedPassword(_ random: any RandomSource) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<20).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] })
    }
}
