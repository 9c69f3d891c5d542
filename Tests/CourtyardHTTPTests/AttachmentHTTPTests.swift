import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Photos on ticket notes: upload, download, notes naming them, size and type limits, and
/// who may attach.
@Suite struct AttachmentHTTPTests {
    @Test func technician_uploadsToOwnTicket_downloadsIt_andNamesItInANote() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen"), zhang = try await client.login("tech-zhang")
            let id = try await client.assignedTicket(agent: agent, to: "tech-zhang")
            let photo = SampleImage.jpeg()

            let r = try await client.upload(id, photo, contentType: "image/jpeg", token: zhang)
            #expect(r.status == .created, "\(String(buffer: r.body))")
            let body = try object(r)
            let photoID = try #require(body["id"] as? String)
            #expect(photoID.hasPrefix("ph-"))
            #expect(body["bytes"] as? Int == photo.count)
            #expect(body["uploadedBy"] as? String == "tech-zhang")
            #expect(body["contentType"] as? String == "image/jpeg")

            // A retry of the same photo finds it: same id, nothing stored twice.
            let again = try await client.upload(id, photo, contentType: "image/jpeg", token: zhang)
            #expect(again.status == .ok)
            #expect(try object(again)["id"] as? String == photoID)
            #expect(try await h.attachments.attachments(of: TicketID(validating: id)!).count == 1)

            let file = try await client.execute(uri: "/api/v1/tickets/\(id)/attachments/\(photoID)", method: .get,
                                                headers: [.cookie: "courtyard_session=\(zhang)"])
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "image/jpeg")
            #expect(Array(file.body.readableBytesView) == photo)
            let etag = try #require(file.headers[.eTag])
            let cached = try await client.execute(uri: "/api/v1/tickets/\(id)/attachments/\(photoID)", method: .get,
                                                  headers: [.cookie: "courtyard_session=\(zhang)", .ifNoneMatch: etag])
            #expect(cached.status == .notModified)

            let list = try object(try await client.call(.get, "/api/v1/tickets/\(id)/attachments", token: zhang))
            #expect((list["attachments"] as? [[String: Any]])?.map { $0["id"] as? String } == [photoID])

            let note = #"{"type":"note","text":"漏水点在角阀","photos":["\#(photoID)"]}"#
            let posted = try await client.call(.post, "/api/v1/tickets/\(id)/events", token: zhang, body: note)
            #expect(posted.status == .created, "\(String(buffer: posted.body))")
            let event = try object(posted)["event"] as? [String: Any]
            #expect(event?["photos"] as? [String] == [photoID])
        }
    }

    @Test func technician_cannotAttachToSomeoneElsesTicket_andNothingIsStored() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen"), li = try await client.login("tech-li")
            let id = try await client.assignedTicket(agent: agent, to: "tech-zhang")
            let r = try await client.upload(id, SampleImage.jpeg(), contentType: "image/jpeg", token: li)
            #expect(r.status == .forbidden)
            #expect(try await h.attachments.attachments(of: TicketID(validating: id)!).isEmpty)
            // Reading another technician's photos is refused the same way.
            #expect(try await client.call(.get, "/api/v1/tickets/\(id)/attachments", token: li).status == .forbidden)
            let analyst = try await client.login("analyst")
            #expect(try await client.upload(id, SampleImage.jpeg(), contentType: "image/jpeg", token: analyst).status == .forbidden)
        }
    }

    @Test func badUploads_areRefusedWithTheFieldNamed_andWriteNothing() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen")
            let id = try await client.assignedTicket(agent: agent, to: "tech-zhang")
            let cases: [(String, [UInt8], String?, HTTPFields, HTTPResponse.Status, String)] = [
                ("no type", SampleImage.jpeg(), nil, [:], .unsupportedMediaType, "Content-Type"),
                ("gif", SampleImage.jpeg(), "image/gif", [:], .unsupportedMediaType, "Content-Type"),
                ("png bytes as jpeg", SampleImage.png, "image/jpeg", [:], .badRequest, "Content-Type"),
                ("empty", [], "image/png", [:], .badRequest, "file"),
                ("too large", SampleImage.jpeg(count: AttachmentLimits.bytesMax), "image/jpeg", [:], .contentTooLarge, "file"),
            ]
            for (name, bytes, type, extra, status, field) in cases {
                let r = try await client.upload(id, bytes, contentType: type, token: agent, extra: extra)
                #expect(r.status == status, "\(name): \(String(buffer: r.body))")
                let fields = try errorBody(r)["fields"] as? [[String: Any]]
                #expect(fields?.first?["field"] as? String == field, "\(name)")
            }
            #expect(try await h.attachments.attachments(of: TicketID(validating: id)!).isEmpty)

            let missing = "north-bay.0000l3x8q2a.0000"
            #expect(try await client.upload(missing, SampleImage.jpeg(), contentType: "image/jpeg", token: agent).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/tickets/\(id)/attachments/ph-0123", token: agent).status == .badRequest)
            #expect(try await client.call(.get, "/api/v1/tickets/\(id)/attachments/ph-\(String(repeating: "0", count: 32))",
                                          token: agent).status == .notFound)
        }
    }

    @Test func note_namingAPhotoNotUploadedHere_isRefused_andNothingIsWritten() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen"), zhang = try await client.login("tech-zhang")
            let id = try await client.assignedTicket(agent: agent, to: "tech-zhang")
            let before = try await h.base.store.eventCount()
            for (photo, field) in [("p1.jpg", "photos[0]"), ("ph-\(String(repeating: "a", count: 32))", "photos[0]")] {
                let note = #"{"type":"note","text":"见照片","photos":["\#(photo)"]}"#
                let r = try await client.call(.post, "/api/v1/tickets/\(id)/events", token: zhang, body: note)
                #expect(r.status == .badRequest, "\(photo)")
                #expect((try errorBody(r)["fields"] as? [[String: Any]])?.first?["field"] as? String == field)
            }
            #expect(try await h.base.store.eventCount() == before)
        }
    }

    @Test func closedTicket_takesNoMorePhotos() async throws {
        let h = try await TechWallHarness()
        try await h.app.test(.router) { client in
            let agent = try await client.login("cs-chen")
            let id = try await client.assignedTicket(agent: agent, to: "tech-zhang")
            let cancel = try await client.call(.post, "/api/v1/tickets/\(id)/events", token: agent,
                                               body: #"{"type":"cancelled","reason":"重复报修"}"#)
            #expect(cancel.status == .created)
            #expect(try await client.upload(id, SampleImage.jpeg(), contentType: "image/jpeg", token: agent).status == .conflict)
        }
    }

    @Test func withoutAttachmentStore_uploadsAnswer503() async throws {
        try await APIHarness().app.test(.router) { client in
            let created = try await client.createTicket()
            let id = try #require(created["id"] as? String)
            let r = try await client.execute(uri: "/api/v1/tickets/\(id)/attachments", method: .post,
                                             headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: SampleImage.jpeg()))
            #expect(r.status == .serviceUnavailable)
        }
    }
}
