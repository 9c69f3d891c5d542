import CourtyardHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every bad request gets the right 4xx, a clear message, and writes nothing.
@Suite struct ErrorHTTPTests {
    /// Creates one ticket, runs `bad`, and checks status, code and that no event was written.
    func expectRejected(status: HTTPResponse.Status, code: String, messageContains: String,
                        _ bad: @escaping @Sendable (any TestClientProtocol, String) async throws -> TestResponse)
        async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let id = try #require(try await client.createTicket()["id"] as? String)
            let before = try await h.eventCount()
            let r = try await bad(client, id)
            #expect(r.status == status, "\(String(buffer: r.body))")
            let error = try errorBody(r)
            #expect(error["code"] as? String == code)
            let message = error["message"] as? String ?? ""
            #expect(message.contains(messageContains), "message was: \(message)")
            #expect(try await h.eventCount() == before)
        }
    }

    @Test func malformedJSON_is400() async throws {
        try await expectRejected(status: .badRequest, code: "malformed_json", messageContains: "not valid JSON") { c, id in
            try await c.postEvent(id, #"{"type": "accepted""#)
        }
    }

    @Test func unknownTicketID_is404() async throws {
        try await expectRejected(status: .notFound, code: "not_found", messageContains: "not found") { c, _ in
            try await c.postEvent("north-bay.00000000001.0000", #"{"type":"accepted"}"#)
        }
    }

    @Test func malformedTicketID_is400() async throws {
        try await expectRejected(status: .badRequest, code: "malformed_id", messageContains: "not a ticket id") { c, _ in
            try await c.postEvent("not-an-id", #"{"type":"accepted"}"#)
        }
    }

    @Test func impossibleTransition_is409() async throws {
        try await expectRejected(status: .conflict, code: "invalid_transition", messageContains: "callback") { c, id in
            try await c.postEvent(id, #"{"type":"callback","satisfaction":4}"#)
        }
    }

    @Test func missingField_is400NamingTheField() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "department") { c, id in
            try await c.postEvent(id, #"{"type":"assigned","assignee":"wang"}"#)
        }
    }

    @Test func wrongType_is400NamingTheField() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "assignee") { c, id in
            try await c.postEvent(id, #"{"type":"assigned","assignee":42,"department":"工程部"}"#)
        }
    }

    @Test func unknownEventType_is400() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "unknown or system event type") { c, id in
            try await c.postEvent(id, #"{"type":"escalated","level":3}"#)
        }
    }

    @Test func satisfactionOutOfRange_is400() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "1–5") { c, id in
            try await c.postEvent(id, #"{"type":"callback","satisfaction":9}"#)
        }
    }

    @Test func oversizeBody_is413() async throws {
        try await expectRejected(status: .contentTooLarge, code: "too_large", messageContains: "1048576") { c, id in
            let text = String(repeating: "水", count: 400_000) // 1.2 MB of UTF-8
            return try await c.postEvent(id, #"{"type":"note","text":"\#(text)"}"#)
        }
    }

    @Test func badActorHeader_is400() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "X-Courtyard-Actor") { c, id in
            try await c.postEvent(id, #"{"type":"accepted"}"#, actor: "two words")
        }
    }

    @Test func createWithMissingTitle_is400AndCreatesNothing() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "title") { c, _ in
            try await c.execute(uri: "/api/v1/tickets", method: .post, headers: jsonHeaders, body: json(#"{"category":"repair"}"#))
        }
    }

    @Test func createWithUnknownCategory_is400() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "category") { c, _ in
            try await c.execute(uri: "/api/v1/tickets", method: .post, headers: jsonHeaders,
                                body: json(#"{"category":"plumbing","title":"x"}"#))
        }
    }

    @Test func badListFilter_is400() async throws {
        try await expectRejected(status: .badRequest, code: "invalid_input", messageContains: "status") { c, _ in
            try await c.execute(uri: "/api/v1/tickets?status=sleeping", method: .get)
        }
    }

    @Test func unknownRoute_is404WithJSON() async throws {
        try await expectRejected(status: .notFound, code: "not_found", messageContains: "Not Found") { c, _ in
            try await c.execute(uri: "/api/v1/nothing-here", method: .get)
        }
    }

    @Test func badCSV_is400ListingEveryBadLineAndImportsNothing() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let csv = "id,name,phone\nr1,张三,13800138000\nr2,李四,oops\nr3,王五\n"
            try await client.execute(uri: "/api/v1/import/residents", method: .post,
                                     headers: [.contentType: "text/csv"], body: ByteBuffer(string: csv)) { r in
                #expect(r.status == .badRequest)
                let fields = try errorBody(r)["fields"] as? [[String: Any]] ?? []
                #expect(Set(fields.compactMap { $0["line"] as? Int }) == [3, 4])
            }
            #expect(try await h.directory.counts().residents == 0)
        }
    }

    @Test func invalidResident_is400WithFieldsAndWritesNothing() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/residents", method: .post, headers: jsonHeaders,
                                     body: json(#"{"id":"r1","name":"","phones":["x"]}"#)) { r in
                #expect(r.status == .badRequest)
                let fields = try errorBody(r)["fields"] as? [[String: Any]] ?? []
                #expect(Set(fields.compactMap { $0["field"] as? String }) == ["name", "phones"])
            }
            #expect(try await h.directory.counts().residents == 0)
        }
    }

    @Test func csvImport_dryRunThenReal() async throws {
        let h = APIHarness()
        try await h.app.test(.router) { client in
            let csv = ByteBuffer(string: "id,name,phone\nr1,张三,13800138000\n")
            try await client.execute(uri: "/api/v1/import/residents?dryRun=true", method: .post, body: csv) { r in
                #expect(r.status == .ok)
                let body = try object(r)
                #expect(body["written"] as? Int == 0)
            }
            #expect(try await h.directory.counts().residents == 0)
            try await client.execute(uri: "/api/v1/import/residents", method: .post, body: csv) { r in
                let body = try object(r)
                #expect(body["written"] as? Int == 1)
            }
        }
    }
}
