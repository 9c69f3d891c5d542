import CourtyardCallCenter
import CourtyardCRDT
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// The webhook provider against a fake gateway on loopback (port chosen at run time).
@Suite struct CampaignWebhookTests {
    /// What the fake gateway saw: idempotency keys and decoded bodies.
    final class Seen: Sendable {
        let requests = Mutex<[(key: String?, message: OutgoingMessage)]>([])
    }

    /// Answers by the last digit of `to`: 1 → 200 {"id": "gw-…"}, 2 → 400, 3 → 503, 4 → 429,
    /// 5 → answers after 6 s (past the provider's timeout), else 204.
    func gateway(_ seen: Seen) -> some ApplicationProtocol {
        let router = Router()
        router.post("sms") { request, context -> Response in
            let message = try await request.decode(as: OutgoingMessage.self, context: context)
            seen.requests.withLock { $0.append((request.headers[HTTPField.Name("Idempotency-Key")!], message)) }
            switch message.to.last {
            case "1":
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"id":"gw-\#(message.messageID)"}"#)))
            case "2": return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "invalid number")))
            case "3": return Response(status: .serviceUnavailable)
            case "4": return Response(status: .tooManyRequests)
            case "5":
                try await Task.sleep(for: .milliseconds(6_000))  // the slow gateway, not test synchronisation
                return Response(status: .ok)
            default: return Response(status: .noContent)
            }
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                           logger: Logger(label: "fake-gateway"))
    }

    func message(to: String, seq: Int = 1) -> OutgoingMessage {
        OutgoingMessage(messageID: .make(CampaignID("north-bay.c1"), sequence: seq), campaignID: CampaignID("north-bay.c1"),
                        site: ReplicaID("north-bay"), channel: .sms, to: to, body: "【北湾花园】明日停水", attempt: 1)
    }

    @Test func webhook_mapsGatewayAnswers_toOutcomes() async throws {
        let seen = Seen()
        let outcomes = try await gateway(seen).test(.live) { client -> [SendOutcome] in
            let port = try #require(client.port)
            let provider = try CampaignWebhookProvider(url: URL(string: "http://127.0.0.1:\(port)/sms")!, timeoutMs: 3_000)
            var outcomes: [SendOutcome] = []
            for (i, to) in ["+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004", "+8613800000005",
                            "+8613800000006"].enumerated() {
                outcomes.append(await provider.send(message(to: to, seq: i + 1)))
            }
            return outcomes
        }
        #expect(outcomes[0] == .accepted(providerMessageID: "gw-north-bay.c1:1"))
        guard case .rejected(let detail) = outcomes[1] else { Issue.record("400 should reject: \(outcomes[1])"); return }
        #expect(detail.contains("400") && detail.contains("invalid number"))
        guard case .transient = outcomes[2], case .transient = outcomes[3], case .transient = outcomes[4] else {
            Issue.record("503, 429 and a timeout should be transient: \(outcomes)")
            return
        }
        #expect(outcomes[5] == .accepted(providerMessageID: "north-bay.c1:6"), "no id in the answer: our id")
        let requests = seen.requests.withLock { $0 }
        #expect(requests.count == 6)
        #expect(requests[0].key == "north-bay.c1:1", "the message id is the idempotency key")
        #expect(requests[0].message == message(to: "+8613800000001"))
    }

    @Test func webhook_nobodyListening_isTransient() async throws {
        // A port that was just free: bind, read it, close.
        let seen = Seen()
        let port = try await gateway(seen).test(.live) { client in try #require(client.port) }
        let provider = try CampaignWebhookProvider(url: URL(string: "http://127.0.0.1:\(port)/sms")!, timeoutMs: 1_000)
        guard case .transient = await provider.send(message(to: "+8613800000001")) else {
            Issue.record("a refused connection should be transient")
            return
        }
    }

    @Test func webhook_refusesBadConfiguration() {
        #expect(throws: ServiceError.self) { try CampaignWebhookProvider(url: URL(string: "ftp://gw.example/sms")!) }
        #expect(throws: ServiceError.self) { try CampaignWebhookProvider(url: URL(string: "/relative")!) }
        #expect(throws: ServiceError.self) { try CampaignWebhookProvider(url: URL(string: "http://gw.example")!, timeoutMs: 500) }
    }
}
