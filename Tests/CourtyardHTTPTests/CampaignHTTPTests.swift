import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The API over an in-memory campaign store, a directory of three residents and a provider
/// that accepts everything.
struct CampaignAPI {
    let base = APIHarness()
    let store = InMemoryCampaignStore()
    let runner: CampaignRunner

    struct Accepting: MessageProvider {
        let name = "accepting"
        func send(_ message: OutgoingMessage) async -> SendOutcome { .accepted(providerMessageID: "gw-\(message.messageID)") }
        func drainReceipts() async -> [DeliveryReceipt] { [] }
    }

    init() async throws {
        base.wall.set(1_772_330_400_000)  // 10:00 Beijing
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: base.wall, random: SeededRandom(seed: 5),
                                  logger: Logger(label: "campaign-http"))
        runner = CampaignRunner(site: ReplicaID("north-bay"), store: store, directory: base.directory, provider: Accepting(),
                                environment: env)
        var batch = DirectoryBatch()
        for i in 1...3 {
            batch.residents.append(Resident(id: "r\(i)", site: ReplicaID("north-bay"), name: "住户\(i)", phones: ["+86139000000\(i)0"]))
            batch.rooms.append(Room(id: "room-\(i)", site: ReplicaID("north-bay"), building: "\(i)栋", unit: "1单元", floor: 1,
                                    number: "101", arrearsCents: i * 10_000))
            batch.occupancies.append(Occupancy(residentID: "r\(i)", roomID: "room-\(i)", role: .owner))
        }
        _ = try await base.directory.apply(batch)
    }

    var app: some ApplicationProtocol {
        var services = base.services
        services.campaigns = CampaignServices(runner: runner, store: store)
        return Application(router: buildRouter(services: services), configuration: .init(), logger: Logger(label: "campaign-http"))
    }

    func campaignCount() async throws -> Int { try await store.campaigns(site: nil, status: nil, limit: 100).count }
}

let smsCampaign = #"{"name":"停水通知","channel":"sms","template":"{name}您好，{outageArea}明日停水","variables":{"outageArea":"1栋"},"window":{"dailyFromMinute":0,"dailyToMinute":0},"ratePerMinute":600}"#

@Suite struct CampaignHTTPTests {
    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: jsonHeaders, body: json(body))
    }

    @Test func dryRun_answersAudienceAndPreview_andWritesNothing() async throws {
        let api = try await CampaignAPI()
        try await api.app.test(.router) { client in
            let r = try await post(client, "/api/v1/campaigns?dryRun=true", smsCampaign)
            #expect(r.status == .ok)
            let body = try object(r)
            #expect(body["audienceSize"] as? Int == 3)
            #expect(body["dryRun"] as? Bool == true)
            let preview = body["preview"] as? [[String: Any]] ?? []
            #expect(preview.first?["body"] as? String == "住户1您好，1栋明日停水")
        }
        #expect(try await api.campaignCount() == 0)
    }

    @Test func create_start_send_receipt_andRead() async throws {
        let api = try await CampaignAPI()
        try await api.app.test(.router) { client in
            let created = try await post(client, "/api/v1/campaigns", smsCampaign)
            #expect(created.status == .created)
            let id = try #require((try object(created)["campaign"] as? [String: Any])?["id"] as? String)
            #expect(try await post(client, "/api/v1/campaigns/\(id)/start", "").status == .ok)
            for _ in 0..<5 { api.base.wall.advance(byMs: await api.runner.runOnce()) }
            let receipt = try await post(client, "/api/v1/campaigns/receipts",
                                         #"{"providerMessageID":"gw-\#(id):2","status":"delivered"}"#)
            #expect(receipt.status == .ok)
            let status = try object(try await client.execute(uri: "/api/v1/campaigns/\(id)", method: .get))
            #expect(status["counts"] as? [String: Int] == ["queued": 0, "sending": 0, "sent": 2, "delivered": 1, "failed": 0])
            let delivered = try object(try await client.execute(uri: "/api/v1/campaigns/\(id)/messages?state=delivered", method: .get))
            #expect((delivered["messages"] as? [[String: Any]])?.map { $0["residentID"] as? String } == ["r2"])
            let list = try object(try await client.execute(uri: "/api/v1/campaigns?status=completed", method: .get))
            #expect((list["campaigns"] as? [Any])?.count == 1)
            let templates = try object(try await client.execute(uri: "/api/v1/campaigns/templates", method: .get))
            #expect((templates["templates"] as? [Any])?.count == BuiltInTemplate.all.count)
        }
    }

    /// Every bad input answers 4xx with a message naming the problem, and stores nothing.
    @Test func badInput_is4xx_withClearMessage_andWritesNothing() async throws {
        let api = try await CampaignAPI()
        let cases: [(String, String, Int, String)] = [
            ("/api/v1/campaigns", #"{"name":"x","channel":"sms","template":"{name}欠{amout}元"}"#, 400, "{amout}"),
            ("/api/v1/campaigns", #"{"name":"x","channel":"sms","template":"{outageStart}停水"}"#, 400, "variables.outageStart"),
            ("/api/v1/campaigns", #"{"name":"x","channel":"fax","template":"hi"}"#, 400, "channel"),
            ("/api/v1/campaigns", #"{"name":"x","template":"hi"}"#, 400, "channel"),
            ("/api/v1/campaigns", #"{"name":"x","templateKey":"nope"}"#, 400, "not a built-in"),
            ("/api/v1/campaigns", #"{"name":"x","channel":"sms","template":"hi","ratePerMinute":0}"#, 400, "ratePerMinute"),
            ("/api/v1/campaigns", #"{"name":"x","channel":"voiceFile","template":"../x.wav"}"#, 400, "file name"),
            ("/api/v1/campaigns", #"{"name":"x","channel":"sms","template":"\#(String(repeating: "停", count: 400)){name}"}"#, 400, "segments"),
            ("/api/v1/campaigns", #"{"name":"x","channel":"sms","template":"hi","audience":{"arrearsAtLeastCents":-5}}"#, 400, "arrearsAtLeastCents"),
            ("/api/v1/campaigns?dryRun=maybe", smsCampaign, 400, "dryRun"),
            ("/api/v1/campaigns", "{not json", 400, "not valid JSON"),
            ("/api/v1/opt-outs", #"{"residentID":"ghost","channel":"sms"}"#, 404, "ghost"),
            ("/api/v1/opt-outs", #"{"residentID":"r1","channel":"fax"}"#, 400, "channel"),
            ("/api/v1/campaigns/receipts", #"{"status":"delivered"}"#, 400, "messageID or providerMessageID"),
            ("/api/v1/campaigns/receipts", #"{"messageID":"north-bay.c1:1","status":"read"}"#, 400, "status"),
            ("/api/v1/campaigns/receipts", #"{"messageID":"north-bay.c1:1","status":"delivered"}"#, 404, "north-bay.c1:1"),
            ("/api/v1/campaigns/bad%20id/start", "", 400, "campaign id"),
            ("/api/v1/campaigns/north-bay.none/start", "", 404, "north-bay.none"),
        ]
        try await api.app.test(.router) { client in
            for (uri, body, status, needle) in cases {
                let r = try await post(client, uri, body)
                let error = try errorBody(r)
                let message = error["message"] as? String ?? ""
                let fields = (error["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }.joined(separator: ",")
                #expect(Int(r.status.code) == status, "\(uri) \(body.prefix(60)): \(r.status) \(message)")
                #expect(message.contains(needle) || fields.contains(needle), "\(uri) \(body.prefix(60)): '\(message)' lacks '\(needle)'")
            }
        }
        #expect(try await api.campaignCount() == 0)
        #expect(try await api.store.optOuts(residentIDs: nil).isEmpty)
    }

    @Test func commands_outOfOrder_are409_andCancelFailsUnsent() async throws {
        let api = try await CampaignAPI()
        try await api.app.test(.router) { client in
            let created = try await post(client, "/api/v1/campaigns", smsCampaign)
            let id = try #require((try object(created)["campaign"] as? [String: Any])?["id"] as? String)
            #expect(try await post(client, "/api/v1/campaigns/\(id)/pause", "").status == .conflict)
            let cancelled = try object(try await post(client, "/api/v1/campaigns/\(id)/cancel", ""))
            #expect((cancelled["counts"] as? [String: Int])?["failed"] == 3)
            #expect(try await post(client, "/api/v1/campaigns/\(id)/start", "").status == .conflict)
            let bad = try await client.execute(uri: "/api/v1/campaigns/\(id)/messages?state=lost", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func optOut_isRecorded_andExcludesFromTheNextAudience() async throws {
        let api = try await CampaignAPI()
        try await api.app.test(.router) { client in
            #expect(try await post(client, "/api/v1/opt-outs", #"{"residentID":"r1","channel":"sms"}"#).status == .created)
            let dry = try object(try await post(client, "/api/v1/campaigns?dryRun=true", smsCampaign))
            #expect(dry["audienceSize"] as? Int == 2)
            #expect((dry["skipped"] as? [String: Int])?["optedOut"] == 1)
        }
    }

    @Test func withoutCampaignServices_routesAnswer503() async throws {
        let base = APIHarness()
        try await base.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/campaigns", method: .get)
            #expect(r.status == .serviceUnavailable)
        }
    }
}
