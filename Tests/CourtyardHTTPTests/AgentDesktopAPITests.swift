import CourtyardCallCenter
import CourtyardCRDT
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

/// A gateway link that swallows commands (the tests drive the call center directly).
private final class SilentGateway: CTIGatewayLink {
    let linkID: UInt64 = 77
    let gatewayId = "gw-desk"
    private let seq = Mutex<UInt64>(0)
    func send(_ commands: [CTICommand]) {}
    func nextSeq() -> UInt64 { seq.withLock { $0 += 1; return $0 } }
}

/// The API the agent desktop needs beyond the call-center basics: marking a missed call as
/// called back (回拨) and reopening a ticket as a child (后继子工单).
@Suite struct AgentDesktopAPITests {
    private func routerApp(_ h: CallCenterAPIHarness) -> some ApplicationProtocol {
        Application(router: buildRouter(services: h.services), configuration: .init())
    }

    /// A caller who hangs up while queued: the call lands in the missed-call list.
    private func abandonedCall(_ h: CallCenterAPIHarness) async -> CallID {
        let gw = SilentGateway()
        let call = await h.center.gatewayCallOffered(gatewayCallId: "g-1", caller: "13812345678", dialled: "4008101234", link: gw)
        await h.center.settle()
        _ = await h.center.gatewayEvent(.dtmf(gatewayCallId: "g-1", callId: call, digits: "0"), seq: gw.nextSeq(), link: gw)
        _ = await h.center.gatewayEvent(.hungUp(gatewayCallId: "g-1", callId: call, by: .caller), seq: gw.nextSeq(), link: gw)
        await h.center.settle()
        return call
    }

    @Test func missedCallCallback_marksItOnce_andRemovesItFromThePendingList() async throws {
        let h = CallCenterAPIHarness()
        let call = await abandonedCall(h)
        try await routerApp(h).test(.router) { client in
            try await client.execute(uri: "/api/v1/missed-calls", method: .get) { r in
                let list = try object(r)["missedCalls"] as? [[String: Any]] ?? []
                #expect(list.map { $0["call"] as? String } == [call.rawValue])
            }
            try await client.execute(uri: "/api/v1/missed-calls/\(call.rawValue)/callback", method: .post,
                                     headers: [HTTPField.Name("X-Courtyard-Actor")!: "agent-7"]) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect(o["calledBackBy"] as? String == "agent-7")
                #expect(o["calledBackAtMs"] as? Int != nil)
            }
            try await client.execute(uri: "/api/v1/missed-calls/\(call.rawValue)/callback", method: .post) { r in
                #expect(r.status == .conflict)
                let message = try errorBody(r)["message"] as? String
                #expect(message?.contains("agent-7") == true)
            }
            try await client.execute(uri: "/api/v1/missed-calls", method: .get) { r in
                let list = try object(r)["missedCalls"] as? [Any]
                #expect(list?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/missed-calls/nope-1/callback", method: .post) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/missed-calls/bad%20id/callback", method: .post) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func openChild_onClosedTicket_linksAFollowUp() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let id = try #require(try await client.createTicket()["id"] as? String)
            for body in [#"{"type":"resolved","summary":"已修好"}"#, #"{"type":"callback","satisfaction":4}"#,
                         #"{"type":"closed","residentConfirmed":true}"#] {
                #expect(try await client.postEvent(id, body).status == .created)
            }
            let child = #"{"category":"repair","title":"又漏水了","residentID":"r1","callID":"c-9","independent":false}"#
            try await client.execute(uri: "/api/v1/tickets/\(id)/children", method: .post, headers: jsonHeaders,
                                     body: json(child)) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                let o = try object(r)
                let parent = o["ticket"] as? [String: Any]
                let opened = o["child"] as? [String: Any]
                #expect(parent?["status"] as? String == "closed")
                #expect((parent?["children"] as? [[String: Any]])?.first?["id"] as? String == opened?["id"] as? String)
                #expect(opened?["parentTicketID"] as? String == id)
                #expect(opened?["callID"] as? String == "c-9")
                #expect((o["event"] as? [String: Any])?["type"] as? String == "childOpened")
            }
        }
    }

    @Test func openChild_badInputOrUnknownParent_writesNothing() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let id = try #require(try await client.createTicket()["id"] as? String)
            try await client.execute(uri: "/api/v1/tickets/\(id)/children", method: .post, headers: jsonHeaders,
                                     body: json(#"{"category":"repair","title":""}"#)) { r in
                #expect(r.status == .badRequest)
                let message = try errorBody(r)["message"] as? String
                #expect(message != nil)
            }
            try await client.execute(uri: "/api/v1/tickets/\(id)/children", method: .post, headers: jsonHeaders,
                                     body: json(#"{"category":"nonsense","title":"x"}"#)) { r in
                #expect(r.status == .badRequest)
            }
            let cancelled = try await client.postEvent(id, #"{"type":"cancelled","reason":"重复"}"#)
            #expect(cancelled.status == .created)
            try await client.execute(uri: "/api/v1/tickets/\(id)/children", method: .post, headers: jsonHeaders,
                                     body: json(#"{"category":"repair","title":"又漏水了"}"#)) { r in
                #expect(r.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/tickets?limit=10", method: .get) { r in
                let total = try object(r)["total"] as? Int
                #expect(total == 1)
            }
        }
    }

    @Test func residentsByPhone_acceptsAPercentEncodedPlus() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            for spelling in ["%2B8613812345678", "+8613812345678", "138%201234%205678"] {
                try await client.execute(uri: "/api/v1/residents/by-phone/\(spelling)", method: .get) { r in
                    #expect(r.status == .ok, "\(spelling): \(String(buffer: r.body))")
                    let phone = try object(r)["phone"] as? String
                    #expect(phone == "+8613812345678", "\(spelling)")
                }
            }
        }
    }
}
