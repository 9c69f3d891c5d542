import CourtyardHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct TicketLifecycleHTTPTests {
    @Test func lifecycle_createToClose_overHTTP() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let created = try await client.createTicket()
            let id = try #require(created["id"] as? String)
            #expect(created["number"] as? String == "NB-2026-000001")
            #expect(created["status"] as? String == "open")

            let steps: [(String, String)] = [
                (#"{"type":"assigned","assignee":"wang","department":"工程部"}"#, "dispatched"),
                (#"{"type":"accepted"}"#, "accepted"),
                (#"{"type":"arrived"}"#, "onSite"),
                (#"{"type":"note","text":"更换阀芯","materials":[{"name":"阀芯","quantity":1,"unit":"个","costCents":3500}]}"#, "onSite"),
                (#"{"type":"resolved","summary":"已修好"}"#, "resolved"),
                (#"{"type":"callback","satisfaction":5,"comment":"很满意"}"#, "resolved"),
                (#"{"type":"closed","residentConfirmed":true}"#, "closed"),
            ]
            for (body, status) in steps {
                let r = try await client.postEvent(id, body)
                #expect(r.status == .created, "\(body): \(String(buffer: r.body))")
                let ticket = try object(r)["ticket"] as? [String: Any]
                #expect(ticket?["status"] as? String == status, "\(body)")
            }

            try await client.execute(uri: "/api/v1/tickets/\(id)/events", method: .get) { r in
                #expect(r.status == .ok)
                let events = try object(r)["events"] as? [[String: Any]] ?? []
                #expect(events.map { $0["type"] as? String ?? "" } ==
                        ["created", "assigned", "accepted", "arrived", "note", "resolved", "callback", "closed"])
                #expect(events[6]["satisfaction"] as? Int == 5)
            }
            try await client.execute(uri: "/api/v1/tickets/\(id)/timeline", method: .get) { r in
                #expect(r.status == .ok)
                let body = try object(r)
                #expect(body["status"] as? String == "closed")
                #expect(body["department"] as? String == "工程部")
                let steps = body["steps"] as? [[String: Any]] ?? []
                #expect(steps.first?["status"] as? String == "open")
            }
            try await client.execute(uri: "/api/v1/tickets?status=closed", method: .get) { r in
                let body = try object(r)
                #expect(body["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/search?q=%E6%BC%8F%E6%B0%B4", method: .get) { r in // 漏水
                #expect(r.status == .ok)
                let body = try object(r)
                #expect((body["tickets"] as? [Any])?.count == 1)
            }
        }
    }

    @Test func callback_notSolved_opensChildTicketOverHTTP() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let id = try #require(try await client.createTicket()["id"] as? String)
            for body in [#"{"type":"assigned","assignee":"wang","department":"工程部"}"#, #"{"type":"accepted"}"#,
                         #"{"type":"resolved","summary":"已修好"}"#] {
                #expect(try await client.postEvent(id, body).status == .created)
            }
            let r = try await client.postEvent(id, #"{"type":"callback","satisfaction":"notSolved","comment":"还在漏"}"#, actor: "hq-agent")
            #expect(r.status == .created)
            let body = try object(r)
            let child = try #require(body["child"] as? [String: Any])
            #expect(child["parentTicketID"] as? String == id)
            let parent = body["ticket"] as? [String: Any]
            let children = parent?["children"] as? [[String: Any]] ?? []
            #expect(children.first?["id"] as? String == child["id"] as? String)
        }
    }

    @Test func health_andMetrics_answer() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            _ = try await client.createTicket()
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(r.status == .ok)
                let body = try object(r)
                #expect(body["events"] as? Int == 1)
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                let text = String(buffer: r.body)
                #expect(text.contains("courtyard_tickets_created_total"))
                #expect(text.contains("hb_requests"))
            }
        }
    }

    @Test func residents_putThenLookupByMessyPhone() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/residents/r1", method: .put, headers: jsonHeaders,
                                     body: json(#"{"name":"张三","phones":["138 0013 8000"]}"#)) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
            }
            try await client.execute(uri: "/api/v1/rooms", method: .post, headers: jsonHeaders,
                                     body: json(#"{"id":"room-301","building":"B3","unit":"1","floor":3,"number":"301"}"#)) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/api/v1/residents/r1/rooms", method: .post, headers: jsonHeaders,
                                     body: json(#"{"roomID":"room-301","role":"owner"}"#)) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/api/v1/residents/by-phone/+86-138-0013-8000", method: .get) { r in
                #expect(r.status == .ok)
                let residents = try object(r)["residents"] as? [[String: Any]] ?? []
                #expect(residents.count == 1)
                let rooms = residents.first?["rooms"] as? [[String: Any]] ?? []
                #expect(rooms.first?["role"] as? String == "owner")
            }
        }
    }
}
