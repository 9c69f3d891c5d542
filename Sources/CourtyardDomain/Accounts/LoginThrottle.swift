// MARK: - Login throttling

/// Slows password guessing: after `failuresFree` consecutive failures for one key (a username,
/// or a client address) the key is locked for a window that doubles with every further failure,
/// up to `lockoutMaxMs`. A success clears the username's count. Time is passed in (`nowMs`),
/// so tests drive it with a manual clock.
///
/// Memory is bounded: at most `entriesMax` keys per kind; when full, entries whose lock has
/// passed and that have been quiet for `forgetAfterMs` go first, then the longest-quiet ones.
public struct LoginThrottle: Sendable {
    public struct Settings: Hashable, Sendable {
        public var failuresFree: Int
        public var lockoutBaseMs: Int64
        public var lockoutMaxMs: Int64
        public var forgetAfterMs: Int64
        public var entriesMax: Int

        public init(failuresFree: Int = 5, lockoutBaseMs: Int64 = 30_000, lockoutMaxMs: Int64 = 15 * 60_000,
                    forgetAfterMs: Int64 = 60 * 60_000, entriesMax: Int = 10_000) {
            self.failuresFree = max(1, failuresFree)
            self.lockoutBaseMs = max(1, lockoutBaseMs)
            self.lockoutMaxMs = max(self.lockoutBaseMs, lockoutMaxMs)
            self.forgetAfterMs = max(1, forgetAfterMs)
            self.entriesMax = max(1, entriesMax)
        }
    }

    /// What is throttled: the account name tried, and where the attempt came from.
    public enum Key: Hashable, Sendable, Comparable {
        case username(String)
        case address(String)
    }

    struct Entry: Hashable, Sendable {
        var failures: Int
        var lockedUntilMs: Int64
        var lastFailureMs: Int64
    }

    public let settings: Settings
    private var usernames: [String: Entry] = [:]
    private var addresses: [String: Entry] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Keys tracked now (both kinds).
    public var count: Int { usernames.count + addresses.count }

    /// Milliseconds until an attempt for these keys may be made; nil when it may be now.
    public func retryAfterMs(_ keys: [Key], nowMs: Int64) -> Int64? {
        let waits = keys.compactMap { key -> Int64? in
            guard let entry = entry(key), entry.lockedUntilMs > nowMs else { return nil }
            return entry.lockedUntilMs - nowMs
        }
        return waits.max()
    }

    /// Counts a failed attempt against every key.
    public mutating func recordFailure(_ keys: [Key], nowMs: Int64) {
        for key in keys {
            var e = entry(key) ?? Entry(failures: 0, lockedUntilMs: 0, lastFailureMs: nowMs)
            if nowMs - e.lastFailureMs > settings.forgetAfterMs, e.lockedUntilMs <= nowMs { e.failures = 0 }
            e.failures += 1
            e.lastFailureMs = nowMs
            let over = e.failures - settings.failuresFree
            if over >= 0 {
                let shift = Int64(min(over, 20))
                e.lockedUntilMs = nowMs + min(settings.lockoutMaxMs, settings.lockoutBaseMs << shift)
            }
            store(key, e, nowMs: nowMs)
        }
    }

    /// A successful login clears the count of its username (not of the address, which may be
    /// shared by an attacker and a real user behind one NAT — it ages out instead).
    public mutating func recordSuccess(username: String) {
        usernames[username] = nil
    }

    // MARK: Storage

    private func entry(_ key: Key) -> Entry? {
        switch key {
        case .username(let u): usernames[u]
        case .address(let a): addresses[a]
        }
    }

    private mutating func store(_ key: Key, _ entry: Entry, nowMs: Int64) {
        switch key {
        case .username(let u):
            if usernames[u] == nil { Self.makeRoom(&usernames, settings: settings, nowMs: nowMs) }
            usernames[u] = entry
        case .address(let a):
            if addresses[a] == nil { Self.makeRoom(&addresses, settings: settings, nowMs: nowMs) }
            addresses[a] = entry
        }
    }

    /// Frees one slot when the table is full: forgettable entries first, else the quietest
    /// (ties by key, so eviction never depends on dictionary order).
    private static func makeRoom(_ table: inout [String: Entry], settings: Settings, nowMs: Int64) {
        guard table.count >= settings.entriesMax else { return }
        let stale = table.filter { nowMs - $0.value.lastFailureMs > settings.forgetAfterMs && $0.value.lockedUntilMs <= nowMs }
        for key in stale.keys.sorted() { table[key] = nil }
        guard table.count >= settings.entriesMax else { return }
        let quietest = table.min { a, b in
            (a.value.lastFailureMs, a.key) < (b.value.lastFailureMs, b.key)
        }
        if let quietest { table[quietest.key] = nil }
    }
}
