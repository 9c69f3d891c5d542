import Testing
@testable import CourtyardDomain

/// Login throttling and session expiry on an explicit clock.
struct AuthThrottleTests {
    let settings = LoginThrottle.Settings(failuresFree: 3, lockoutBaseMs: 10_000, lockoutMaxMs: 60_000,
                                          forgetAfterMs: 600_000, entriesMax: 4)

    @Test func throttle_locksAfterNFailures_thenRecoversAfterTheWindow() {
        var t = LoginThrottle(settings: settings)
        let keys: [LoginThrottle.Key] = [.username("zhang"), .address("10.0.0.1")]
        for i in 0..<2 {
            t.recordFailure(keys, nowMs: Int64(i))
            #expect(t.retryAfterMs(keys, nowMs: Int64(i)) == nil)
        }
        t.recordFailure(keys, nowMs: 2)
        #expect(t.retryAfterMs(keys, nowMs: 2) == 10_000)
        #expect(t.retryAfterMs(keys, nowMs: 9_000) == 1_002)
        #expect(t.retryAfterMs(keys, nowMs: 10_002) == nil)
    }

    @Test func throttle_windowDoublesAndIsCapped() {
        var t = LoginThrottle(settings: settings)
        let k: [LoginThrottle.Key] = [.username("zhang")]
        var now: Int64 = 0
        var windows: [Int64] = []
        for _ in 0..<7 {
            t.recordFailure(k, nowMs: now)
            if let wait = t.retryAfterMs(k, nowMs: now) {
                windows.append(wait)
                now += wait
            }
        }
        #expect(windows == [10_000, 20_000, 40_000, 60_000, 60_000])
    }

    @Test func throttle_successClearsUsernameButNotAddress() {
        var t = LoginThrottle(settings: settings)
        for i in 0..<3 { t.recordFailure([.username("zhang"), .address("a")], nowMs: Int64(i)) }
        t.recordSuccess(username: "zhang")
        #expect(t.retryAfterMs([.username("zhang")], nowMs: 3) == nil)
        #expect(t.retryAfterMs([.address("a")], nowMs: 3) != nil)
    }

    @Test func throttle_addressLock_coversEveryUsername() {
        var t = LoginThrottle(settings: settings)
        for (i, name) in ["a1", "a2", "a3"].enumerated() {
            t.recordFailure([.username(name), .address("1.2.3.4")], nowMs: Int64(i))
        }
        #expect(t.retryAfterMs([.username("fresh"), .address("1.2.3.4")], nowMs: 3) != nil)
        #expect(t.retryAfterMs([.username("fresh"), .address("5.6.7.8")], nowMs: 3) == nil)
    }

    @Test func throttle_memoryIsBounded_evictingTheQuietest() {
        var t = LoginThrottle(settings: settings)
        for i in 0..<100 { t.recordFailure([.username("u\(i)")], nowMs: Int64(i)) }
        #expect(t.count == 4)
        // The most recent keys survive.
        for _ in 0..<2 { t.recordFailure([.username("u99")], nowMs: 100) }
        #expect(t.retryAfterMs([.username("u99")], nowMs: 100) != nil)
    }

    // MARK: Sessions

    @Test func session_expiresWhenIdle_andAbsolutely() {
        let life = SessionLifetime(idleMs: 1_000, absoluteMs: 5_000, touchEveryMs: 100)
        #expect(life.check(createdAtMs: 0, lastSeenMs: 0, nowMs: 50) == .valid(touch: false))
        #expect(life.check(createdAtMs: 0, lastSeenMs: 0, nowMs: 500) == .valid(touch: true))
        #expect(life.check(createdAtMs: 0, lastSeenMs: 0, nowMs: 1_000) == .idleExpired)
        #expect(life.check(createdAtMs: 0, lastSeenMs: 4_900, nowMs: 5_000) == .absoluteExpired)
        #expect(life.expiresAtMs(createdAtMs: 0, nowMs: 4_500) == 5_000)
    }

    // MARK: Identity

    @Test func username_validation() {
        for good in ["admin", "li.wei", "tech-01", "a_b"] { #expect(Username.isValid(good), "\(good)") }
        for bad in ["", "ab", "Admin", "1abc", "li wei", "李伟", String(repeating: "a", count: 33), "a/b"] {
            #expect(!Username.isValid(bad), "\(bad)")
        }
    }

    @Test func siteScope_mustFitTheRole() throws {
        #expect(throws: AccountError.self) { try SiteScope.all.check(for: .agent) }
        #expect(throws: AccountError.self) { try SiteScope.site(.init("north-bay")).check(for: .admin) }
        try SiteScope.all.check(for: .hqAnalyst)
        try SiteScope(validating: "north-bay").check(for: .technician)
        #expect(throws: AccountError.self) { try SiteScope(validating: "North Bay") }
    }

    @Test func password_rules() throws {
        try PasswordRules.check("correct horse")
        try PasswordRules.check("密码密码密码")  // 18 bytes
        #expect(throws: AccountError.self) { try PasswordRules.check("short") }
        #expect(throws: AccountError.self) { try PasswordRules.check(String(repeating: "x", count: 73)) }
    }
}
