import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Each role's limits on the real router: 403 writes nothing, technicians work only their
/// tickets, the actor is the signed-in user, site scoping, and every route has a policy row.
@Suite struct AuthPolicyHTTPTests {
    static let ticket = #"{"category":"repair","title":"厨房水龙头漏水","residentID":"r1","buildingID":"B3"}"#
    static let resident = #"{"name":"张伟","phones":["13812345678"]}"#

    @Test func technician_onAdminRoutes_gets403_andNothingIsWritten() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let tech = try await client.login("tech-zhang")
            let accountsBefore = try await h.database.accountStore.accountCount()
            let attempts: [(HTTPRequest.Method, String, String?)] = [
                (.put, "/api/v1/admin/faults", #"{"rules":[]}"#),
                (.post, "/api/v1/accounts", #"{"username":"evil","role":"admin","site":"*","password":"password-evil"}"#),
                (.patch, "/api/v1/accounts/tech-zhang", #"{"role":"admin"}"#),
                (.post, "/api/v1/residents", Self.resident),
                (.post, "/api/v1/tickets", Self.ticket),
                (.get, "/api/v1/audit", nil),
            ]
            for (method, uri, body) in attempts {
                let r = try await client.call(method, uri, token: tech, body: body)
                #expect(r.status == .forbidden, "\(method) \(uri): \(String(buffer: r.body))")
                #expect(try errorBody(r)["code"] as? String == "forbidden")
            }
            #expect(try await h.database.accountStore.accountCount() == accountsBefore)
            #expect(try await h.database.accountStore.account(Username("tech-zhang"))?.role == .technician)
            #expect(try await h.directory.counts().residents == 0)
            #expect(try await h.store.eventCount() == 0)
            // The refused attempts are in the audit log, as refused.
            let refused = try await h.auditRows().filter { $0.actor == "tech-zhang" && $0.status == 403 }
            #expect(refused.count == 5)
        }
    }

    @Test func technician_worksOnlyTicketsAssignedToThem_andOnlyAllowedSteps() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen")
            let created = try object(try await client.call(.post, "/api/v1/tickets", token: agent, body: Self.ticket))
            let id = try #require(created["id"] as? String)
            let assign = #"{"type":"assigned","assignee":"tech-zhang","department":"工程部"}"#
            #expect(try await client.call(.post, "/api/v1/tickets/\(id)/events", token: agent, body: assign).status == .created)

            let zhang = try await client.login("tech-zhang"), li = try await client.login("tech-li")
            let events = "/api/v1/tickets/\(id)/events"
            #expect(try await client.call(.get, "/api/v1/tickets/\(id)", token: li).status == .forbidden)
            #expect(try await client.call(.post, events, token: li, body: #"{"type":"accepted"}"#).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/tickets/\(id)", token: zhang).status == .ok)
            #expect(try await client.call(.get, "/api/v1/tickets?assignee=tech-zhang", token: zhang).status == .ok)
            #expect(try await client.call(.get, "/api/v1/tickets", token: zhang).status == .forbidden)
            let before = try await h.store.eventCount()
            #expect(try await client.call(.post, events, token: zhang, body: #"{"type":"cancelled","reason":"x"}"#).status == .forbidden)
            #expect(try await h.store.eventCount() == before)
            for step in [#"{"type":"accepted"}"#, #"{"type":"arrived"}"#, #"{"type":"note","text":"换了阀芯"}"#,
                         #"{"type":"resolved","summary":"已修好"}"#] {
                let r = try await client.call(.post, events, token: zhang, body: step)
                #expect(r.status == .created, "\(step): \(String(buffer: r.body))")
            }
            #expect(try await client.call(.get, "/api/v1/tickets/not-a-ticket", token: zhang).status == .forbidden)
        }
    }

    @Test func ticketEvents_recordTheSignedInUser_notTheActorHeader() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen")
            let spoof: HTTPFields = [HTTPField.Name("X-Courtyard-Actor")!: "admin"]
            let r = try await client.call(.post, "/api/v1/tickets", token: agent, body: Self.ticket, extra: spoof)
            #expect(r.status == .created)
            let id = try #require(try object(r)["id"] as? String)
            let events = try object(try await client.call(.get, "/api/v1/tickets/\(id)/events", token: agent))
            let first = try #require((events["events"] as? [[String: Any]])?.first)
            #expect(first["actor"] as? String == "cs-chen")
        }
    }

    @Test func siteAccount_namingAnotherSite_is403() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen"), analyst = try await client.login("analyst")
            #expect(try await client.call(.get, "/api/v1/tickets?site=north-bay", token: agent).status == .ok)
            #expect(try await client.call(.get, "/api/v1/tickets?site=south-lake", token: agent).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/tickets?site=south-lake", token: analyst).status == .ok)
            #expect(try await client.call(.post, "/api/v1/tickets", token: analyst, body: Self.ticket).status == .forbidden)
        }
    }

    @Test func agent_hearsOnlyRecordingsOfOwnCalls() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let sup = try await client.login("supervisor")
            let wav: [UInt8] = Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + Array(0..<100)
            for (call, agent) in [("north-bay:c1", "cs-chen"), ("north-bay:c2", "cs-lin")] {
                let r = try await client.execute(
                    uri: "/api/v1/recordings/\(call)?site=north-bay&agent=\(agent)&startedAtMs=1772323000000&durationMs=60000",
                    method: .put, headers: [.contentType: "audio/wav", .cookie: "courtyard_session=\(sup)"],
                    body: ByteBuffer(bytes: wav))
                #expect(r.status == .created, "\(String(buffer: r.body))")
            }
            let chen = try await client.login("cs-chen")
            #expect(try await client.call(.get, "/api/v1/recordings/north-bay:c1", token: chen).status == .ok)
            #expect(try await client.call(.get, "/api/v1/recordings/north-bay:c1/audio", token: chen).status == .ok)
            #expect(try await client.call(.get, "/api/v1/recordings/north-bay:c2", token: chen).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/recordings/north-bay:c2/audio", token: chen).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/recordings/north-bay:none", token: chen).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/recordings?agent=cs-chen", token: chen).status == .ok)
            #expect(try await client.call(.get, "/api/v1/recordings", token: chen).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/recordings/north-bay:c2", token: sup).status == .ok)
        }
    }

    // MARK: Audit

    @Test func writes_areAudited_withoutPasswords() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let secret = "wrong-secret-\(UUID().uuidString.prefix(6))"
            _ = try await client.loginResponse("admin", password: secret)
            let admin = try await client.login("admin")
            let created = try await client.call(.post, "/api/v1/accounts", token: admin,
                                                body: #"{"username":"wang","role":"agent","site":"north-bay","password":"\#(secret)"}"#)
            #expect(created.status == .created)
            #expect(!String(buffer: created.body).contains(secret))
            _ = try await client.call(.get, "/api/v1/tickets", token: admin)  // reads are not audited

            let rows = try await h.auditRows()
            #expect(rows.contains { $0.actor == "admin" && $0.path == "/api/v1/auth/login" && $0.status == 401 })
            #expect(rows.contains { $0.actor == "admin" && $0.path == "/api/v1/auth/login" && $0.status == 200 })
            #expect(rows.contains { $0.actor == "admin" && $0.role == .admin && $0.method == "POST" && $0.path == "/api/v1/accounts" && $0.status == 201 })
            #expect(!rows.contains { $0.method == "GET" })
            let dump = try await h.database.reader.read { db in
                try String.fetchAll(db, sql: "SELECT actor || method || path || COALESCE(target,'') || COALESCE(address,'') FROM audit_log")
            }
            #expect(!dump.joined().contains(secret))

            let analyst = try await client.login("analyst")
            let page = try await client.call(.get, "/api/v1/audit?actor=admin", token: analyst)
            #expect(page.status == .ok)
            let entries = try #require(try object(page)["entries"] as? [[String: Any]])
            #expect(entries.count == 3)
            #expect(entries.allSatisfy { $0["actor"] as? String == "admin" })
            #expect(try await client.call(.get, "/api/v1/audit", token: try await client.login("supervisor")).status == .forbidden)
        }
    }

    // MARK: Accounts

    @Test func accounts_validation_andTheLastAdminStays() async throws {
        let h = try await AuthHarness()
        try await h.app.test(.router) { client in
            let admin = try await client.login("admin")
            let bad = [#"{"username":"Bad Name","role":"agent","site":"north-bay","password":"password-1"}"#,
                       #"{"username":"wang","role":"boss","site":"north-bay","password":"password-1"}"#,
                       #"{"username":"wang","role":"agent","site":"*","password":"password-1"}"#,
                       #"{"username":"wang","role":"agent","site":"north-bay","password":"short"}"#]
            for body in bad {
                #expect(try await client.call(.post, "/api/v1/accounts", token: admin, body: body).status == .badRequest, "\(body)")
            }
            let dup = #"{"username":"cs-chen","role":"agent","site":"north-bay","password":"password-1"}"#
            #expect(try await client.call(.post, "/api/v1/accounts", token: admin, body: dup).status == .conflict)
            #expect(try await client.call(.patch, "/api/v1/accounts/admin", token: admin, body: #"{"disabled":true}"#).status == .conflict)
            #expect(try await client.call(.patch, "/api/v1/accounts/nobody", token: admin, body: #"{"disabled":true}"#).status == .notFound)
            let list = try object(try await client.call(.get, "/api/v1/accounts", token: admin))
            #expect((list["accounts"] as? [[String: Any]])?.count == AuthHarness.accounts.count)
        }
    }

    // MARK: Coverage of the policy table

    @Test func everyRegisteredRoute_hasAPolicyRow() throws {
        let router = buildRouter(services: APIHarness().services.withCluster())
        var missing: [String] = []
        for route in router.routes {
            let path = "/" + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "x" : String($0) }
                .joined(separator: "/")
            if AccessPolicy.courtyard.rule(method: route.method.rawValue, path: path) == nil {
                missing.append("\(route.method.rawValue) \(path)")
            }
        }
        #expect(missing.sorted() == [], "routes without a row in AccessPolicy.courtyard are denied to everyone")
    }

    @Test func authDisabled_authRoutesAnswerAuthDisabled() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let r = try await client.loginResponse("admin", password: "password-admin")
            #expect(r.status == .notFound)
            #expect(try errorBody(r)["code"] as? String == "auth_disabled")
        }
    }
}

extension APIServices {
    func withCluster() -> APIServices {
        var s = self
        s.cluster = ClusterHandle()
        return s
    }
}
