import CourtyardCallCenter
import CourtyardCRDT
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct AgentHTTPTests {
    private func routerApp(_ h: CallCenterAPIHarness) -> some ApplicationProtocol {
        Application(router: buildRouter(services: h.services), configuration: .init(), logger: Logger(label: "agents"))
    }

    @Test func login_stateChange_list_andLogout() async throws {
        let h = CallCenterAPIHarness()
        try await routerApp(h).test(.router) { client in
            try await client.execute(uri: "/api/v1/agents/agent-7/login", method: .post, headers: jsonHeaders,
                                     body: json(#"{"wrapUpMs":5000,"endpoint":"sip:7001@10.0.0.5"}"#)) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect(o["state"] as? String == "available")
                #expect(o["site"] as? String == "north-bay")
            }
            try await client.execute(uri: "/api/v1/agents/agent-7/login", method: .post, headers: jsonHeaders,
                                     body: json("{}")) { r in #expect(r.status == .conflict) }
            try await client.execute(uri: "/api/v1/agents/agent-7/state", method: .post, headers: jsonHeaders,
                                     body: json(#"{"state":"notReady","reason":"lunch"}"#)) { r in
                let o = try object(r)
                #expect(o["state"] as? String == "notReady")
                #expect(o["reason"] as? String == "lunch")
            }
            try await client.execute(uri: "/api/v1/agents/agent-7/state", method: .post, headers: jsonHeaders,
                                     body: json(#"{"state":"sleeping"}"#)) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/agents", method: .get) { r in
                let agents = try object(r)["agents"] as? [[String: Any]] ?? []
                #expect(agents.map { $0["agent"] as? String } == ["agent-7"])
            }
            try await client.execute(uri: "/api/v1/agents/agent-7/logout", method: .post) { r in #expect(r.status == .noContent) }
            try await client.execute(uri: "/api/v1/agents/agent-7/calls/x:1/answer", method: .post) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/agents/bad%20id/login", method: .post, headers: jsonHeaders,
                                     body: json("{}")) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test func withoutCallCenter_agentsAnswer503() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/agents", method: .get) { r in #expect(r.status == .serviceUnavailable) }
        }
    }
}
