import CourtyardDomain
import CourtyardHTTP
import CourtyardStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Sessions, the policy on the real router, forged and expired sessions, throttling.
@Suite struct AuthHTTPTests {
    static let ticket = #"{"category":"repair","title":"厨房水龙头漏水","residentID":"r1","buildingID":"B3"}"#

    @Test func login_setsHttpOnlyStrictCookie_andMeNamesTheAccount() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let r = try await client.loginResponse("cs-chen", password: AuthHarness.password("cs-chen"))
            #expect(r.status == .ok)
            let cookie = try #require(r.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            let body = try object(r)
            #expect(body["token"] == nil, "the token stays in the cookie unless asked for")
            #expect((body["account"] as? [String: Any])?["role"] as? String == "agent")
            #expect(!String(buffer: r.body).contains("$2"), "never the bcrypt hash")

            let token = try await client.login("cs-chen")
            let me = try await client.call(.get, "/api/v1/auth/me", token: token)
            #expect(me.status == .ok)
            let account = try #require(try object(me)["account"] as? [String: Any])
            #expect(account["username"] as? String == "cs-chen")
            #expect(account["site"] as? String == "north-bay")
        }
    }

    @Test func bearerToken_fromLoginBody_works() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                             body: json(#"{"username":"analyst","password":"password-analyst","bearer":true}"#))
            let token = try #require(try object(r)["token"] as? String)
            #expect(try await client.call(.get, "/api/v1/tickets", token: token, bearer: true).status == .ok)
        }
    }

    @Test func noSession_onProtectedRoute_is401_butHealthStaysOpen() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let r = try await client.call(.get, "/api/v1/tickets", token: nil)
            #expect(r.status == .unauthorized)
            #expect(try errorBody(r)["code"] as? String == "unauthenticated")
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)
            #expect(try await client.call(.post, "/api/v1/tickets", token: nil, body: Self.ticket).status == .unauthorized)
            #expect(try await h.store.eventCount() == 0)
        }
    }

    // MARK: Forged, expired, revoked

    @Test func forgedSession_is401() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let real = try await client.login("admin")
            var flipped = Array(real)
            flipped[5] = flipped[5] == "A" ? "B" : "A"
            let forgeries = [String(flipped), String(repeating: "A", count: 43), "admin", real + "x", "../../etc/passwd",
                             "YWRtaW46YWRtaW4="]
            for forged in forgeries {
                for bearer in [false, true] {
                    let r = try await client.call(.get, "/api/v1/accounts", token: forged, bearer: bearer)
                    #expect(r.status == .unauthorized, "token \(forged) bearer \(bearer)")
                }
            }
            #expect(try await client.call(.get, "/api/v1/accounts", token: real).status == .ok)
        }
    }

    @Test func expiredSession_is401_idleAndAbsolute() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let token = try await client.login("cs-chen")
            h.wall.advance(byMs: 3_600_000)  // exactly the idle timeout
            let r = try await client.call(.get, "/api/v1/tickets", token: token)
            #expect(r.status == .unauthorized)
            #expect((try errorBody(r)["message"] as? String ?? "").contains("expired"))

            // Kept busy, a session still ends at its absolute lifetime.
            let busy = try await client.login("cs-chen")
            for _ in 0..<9 {  // 9 × 50 min, each within the idle hour
                h.wall.advance(byMs: 3_000_000)
                #expect(try await client.call(.get, "/api/v1/tickets", token: busy).status == .ok)
            }
            h.wall.advance(byMs: 2_400_000)  // 490 min after sign-in: past the 8 h limit
            #expect(try await client.call(.get, "/api/v1/tickets", token: busy).status == .unauthorized)
        }
    }

    @Test func logout_passwordReset_andDisable_revokeSessions() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let admin = try await client.login("admin")
            let t1 = try await client.login("cs-chen")
            #expect(try await client.call(.post, "/api/v1/auth/logout", token: t1).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/tickets", token: t1).status == .unauthorized)

            let t2 = try await client.login("cs-chen")
            let reset = try await client.call(.patch, "/api/v1/accounts/cs-chen", token: admin, body: #"{"password":"a-new-password"}"#)
            #expect(reset.status == .ok)
            #expect(try await client.call(.get, "/api/v1/tickets", token: t2).status == .unauthorized)
            #expect(try await client.loginResponse("cs-chen", password: AuthHarness.password("cs-chen")).status == .unauthorized)

            let t3 = try await client.login("cs-chen", password: "a-new-password")
            #expect(try await client.call(.patch, "/api/v1/accounts/cs-chen", token: admin, body: #"{"disabled":true}"#).status == .ok)
            #expect(try await client.call(.get, "/api/v1/tickets", token: t3).status == .unauthorized)
            #expect(try await client.loginResponse("cs-chen", password: "a-new-password").status == .unauthorized)
        }
    }

    // MARK: Throttling

    @Test func throttle_429AfterNFailures_withRetryAfter_thenRecovers() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            for _ in 0..<3 {
                #expect(try await client.loginResponse("supervisor", password: "wrong-password").status == .unauthorized)
            }
            let locked = try await client.loginResponse("supervisor", password: AuthHarness.password("supervisor"))
            #expect(locked.status == .tooManyRequests, "even the right password waits out the lock")
            #expect(locked.headers[.retryAfter] == "30")
            #expect(try errorBody(locked)["code"] as? String == "too_many_attempts")
            h.wall.advance(byMs: 30_000)
            #expect(try await client.loginResponse("supervisor", password: AuthHarness.password("supervisor")).status == .ok)
        }
    }
}
