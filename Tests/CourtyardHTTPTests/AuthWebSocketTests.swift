import CourtyardHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import Testing

/// WebSocket upgrades pass the same policy: an agent's console channel opens only for that
/// agent (or supervisors and HQ); the CTI gateway's socket stays public (own token).
@Suite struct AuthWebSocketTests {
    @Test func upgradeRequests_followThePolicy() async throws {
        let h = try await AuthHarness()
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.middlewares.add(AuthWebSocketMiddleware(auth: h.auth))
        router.get("api/v1/agents/:agentId/events") { _, _ in "would upgrade" }
        router.get("cti/v1") { _, _ in "gateway" }
        let tokens = try await Application(router: buildRouter(services: h.services)).test(.router) { (client: any TestClientProtocol) async throws in
            (try await client.login("cs-chen"), try await client.login("supervisor"), try await client.login("tech-zhang"))
        }
        try await Application(router: router).test(.router) { (client: any TestClientProtocol) async throws in
            let events = "/api/v1/agents/cs-chen/events"
            #expect(try await client.call(.get, events, token: nil).status == .unauthorized)
            #expect(try await client.call(.get, events, token: String(repeating: "x", count: 43)).status == .unauthorized)
            #expect(try await client.call(.get, events, token: tokens.0).status == .ok)
            #expect(try await client.call(.get, "/api/v1/agents/cs-lin/events", token: tokens.0).status == .forbidden)
            #expect(try await client.call(.get, events, token: tokens.1).status == .ok)
            #expect(try await client.call(.get, events, token: tokens.2).status == .forbidden)
            #expect(try await client.call(.get, "/cti/v1", token: nil).status == .ok)
        }
    }
}
