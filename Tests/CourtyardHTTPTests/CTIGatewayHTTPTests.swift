import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import HummingbirdWSTesting
import Logging
import Testing

/// A node with a call center, served live (WebSockets need a real socket).
struct CallCenterAPIHarness {
    let base = APIHarness()
    let center: CallCenter
    let services: APIServices

    init() {
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: base.wall, random: SeededRandom(seed: 9),
                                  logger: Logger(label: "cti-test"))
        let config = CallCenterConfiguration.demo(site: ReplicaID("north-bay"), gatewayTokens: ["gw-a": "s3cret"])
        center = CallCenter(configuration: config,
                            services: CallCenterServices(tickets: base.services.tickets, directory: base.directory),
                            environment: env)
        var s = base.services
        s.callCenter = center
        services = s
    }

    var app: some ApplicationProtocol {
        Application(router: buildRouter(services: services),
                    server: .http1WebSocketUpgrade(webSocketRouter: buildWebSocketRouter(services: services)),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "cti-test"))
    }
}

/// Reads the next text frame as a JSON object.
func nextObject(_ it: inout WebSocketInboundMessageStream.AsyncIterator) async throws -> [String: Any] {
    guard case .text(let text)? = try await it.next() else { return [:] }
    return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
}

@Suite struct CTIGatewayHTTPTests {
    @Test func badToken_isRefusedWithAuthenticationFailed() async throws {
        let h = CallCenterAPIHarness()
        try await h.app.test(.live) { client in
            _ = try await client.ws("/cti/v1") { inbound, outbound, _ in
                try await outbound.write(.text(#"{"calls":[],"gatewayId":"gw-a","seq":1,"token":"wrong","type":"hello","v":1}"#))
                var it = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                let reply = try await nextObject(&it)
                #expect(reply["type"] as? String == "protocolError")
                #expect(reply["code"] as? String == "authenticationFailed")
                #expect(try await it.next() == nil)  // the node closed the socket
            }
        }
    }

    @Test func garbage_isAnsweredWithProtocolError_andTheConnectionKeepsWorking() async throws {
        let h = CallCenterAPIHarness()
        try await h.app.test(.live) { client in
            _ = try await client.ws("/cti/v1") { inbound, outbound, _ in
                var it = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                try await outbound.write(.text(#"{"calls":[],"gatewayId":"gw-a","seq":1,"token":"s3cret","type":"hello","v":1}"#))
                let welcome = try await nextObject(&it)
                #expect(welcome["type"] as? String == "welcome")
                #expect(welcome["site"] as? String == "north-bay")
                try await outbound.write(.text("这不是JSON"))
                let error = try await nextObject(&it)
                #expect(error["type"] as? String == "protocolError")
                #expect(error["code"] as? String == "malformedJSON")
                try await outbound.write(.text(#"{"caller":"13812345678","dialled":"4008101234","gatewayCallId":"gw-77","seq":2,"type":"callOffered","v":1}"#))
                var types: [String] = []
                while types.last != "collect" {
                    types.append(try await nextObject(&it)["type"] as? String ?? "?")
                }
                #expect(types.first == "play")
                try await outbound.write(.text(#"{"gatewayCallId":"gw-unknown","callId":"x:1","digits":"1","seq":3,"type":"dtmf","v":1}"#))
                let unknown = try await nextObject(&it)
                #expect(unknown["code"] as? String == "unknownCall")
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func firstFrameNotHello_isFatal() async throws {
        let h = CallCenterAPIHarness()
        try await h.app.test(.live) { client in
            _ = try await client.ws("/cti/v1") { inbound, outbound, _ in
                try await outbound.write(.text(#"{"caller":"1","dialled":"2","gatewayCallId":"g","seq":1,"type":"callOffered","v":1}"#))
                var it = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                #expect(try await nextObject(&it)["code"] as? String == "helloRequired")
                #expect(try await it.next() == nil)
            }
        }
    }
}
