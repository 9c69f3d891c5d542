import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Hummingbird
import NIOCore

// MARK: - /api/v1/tickets/{id}/attachments

/// Photos on ticket notes (现场照片): upload (the body is the image), list, download. A note
/// names its photos by the ids these return (`photos` of a `note` event). Files stay on the
/// node that took them (docs/operations.md).
struct AttachmentRoutes {
    let tickets: TicketService
    let services: AttachmentServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("tickets/:id/attachments", use: upload)
        group.get("tickets/:id/attachments", use: list)
        group.get("tickets/:id/attachments/:attachmentId", use: download)
    }

    func enabled() throws -> AttachmentServices {
        guard let services else {
            throw APIError(.serviceUnavailable, code: "attachments_disabled", "this node stores no attachments")
        }
        return services
    }

    // MARK: Upload

    /// The body is one image; `Content-Type` names its format (image/jpeg, image/png,
    /// image/webp) and must match its first bytes. At most `AttachmentLimits.bytesMax`:
    /// a larger declared `Content-Length` is refused before reading, a larger body while
    /// reading; nothing is stored either way. 201 with the attachment, 200 when the same
    /// file was already attached to the ticket.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<AttachmentJSON> {
        let services = try enabled()
        let id = try context.ticketID()
        let format = try Self.format(request)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > AttachmentLimits.bytesMax {
            throw Self.tooLarge(declared)
        }
        let state = try await tickets.ticket(id)
        guard ![.closed, .cancelled].contains(state.status) else {
            throw APIError(.conflict, code: "invalid_transition",
                           "ticket \(state.created.number) is \(state.status.rawValue); photos can no longer be added")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: AttachmentLimits.bytesMax)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(nil)
        }
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        do {
            let (attachment, created) = try await services.store.store(
                ticket: id, format: format, bytes: bytes, uploadedBy: context.actor, nowMs: services.wallClock.nowMs())
            return EditedResponse(status: created ? .created : .ok, response: AttachmentJSON(attachment))
        } catch let error as AttachmentError {
            throw APIError(error)
        }
    }

    static func format(_ request: Request) throws -> AttachmentFormat {
        guard let raw = request.headers[.contentType] else {
            throw APIError(.unsupportedMediaType, code: "bad_format", "Content-Type is required: \(AttachmentFormat.accepted)",
                           fields: [.init(field: "Content-Type", message: "is required")])
        }
        guard let format = AttachmentFormat(contentType: raw) else {
            let message = "Content-Type '\(raw.prefix(60))' is not an accepted image type: use \(AttachmentFormat.accepted)"
            throw APIError(.unsupportedMediaType, code: "bad_format", message,
                           fields: [.init(field: "Content-Type", message: message)])
        }
        return format
    }

    static let noSniff = HTTPFields.Element.Name("X-Content-Type-Options")!

    static func tooLarge(_ declared: Int?) -> APIError {
        let limit = AttachmentLimits.bytesMax
        let message = declared.map { "file of \($0) bytes; the limit is \(limit) bytes (5 MiB)" }
            ?? "file larger than \(limit) bytes (5 MiB)"
        return APIError(.contentTooLarge, code: "too_large", message, fields: [.init(field: "file", message: message)])
    }

    // MARK: Reads

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AttachmentListJSON> {
        let store = try enabled().store
        let id = try context.ticketID()
        _ = try await tickets.ticket(id)  // 404 for an unknown ticket, not an empty list
        return JSONBody(AttachmentListJSON(attachments: try await store.attachments(of: id).map(AttachmentJSON.init)))
    }

    /// The file, with its type, `ETag` (its SHA-256) and `X-Content-Type-Options: nosniff`.
    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let services = try enabled()
        let store = services.store
        let id = try context.ticketID()
        let raw = try context.parameters.require("attachmentId")
        guard let attachmentID = AttachmentID(validating: raw) else {
            throw APIError(.badRequest, code: "malformed_id", "'\(raw.prefix(64))' is not an attachment id (ph- and 32 hex digits)",
                           fields: [.init(field: "attachmentId", message: "malformed attachment id")])
        }
        var found = try await store.attachment(ticket: id, id: attachmentID)
        if found == nil, let fetcher = services.fetcher {
            // Taken at another node: fetch it from there (checked, then kept here).
            do { found = try await fetcher.fetch(ticket: id, id: attachmentID) } catch let error as AttachmentFetchError {
                throw APIError(.badGateway, code: "fetch_failed", error.description)
            }
        }
        guard let (attachment, bytes) = found else {
            throw APIError(.notFound, code: "not_found",
                           "no attachment \(attachmentID) on ticket \(id) at this node or any reachable node")
        }
        let etag = "\"\(attachment.sha256)\""
        var headers: HTTPFields = [.contentType: attachment.format.contentType, .eTag: etag,
                                   .cacheControl: "private, max-age=86400, immutable"]
        headers[Self.noSniff] = "nosniff"
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

// MARK: - Photos named by a note

/// A note posted here may only name photos uploaded to the same ticket on this node
/// (notes replicated from other nodes are not checked: their files stay there).
enum PhotoReferences {
    static func check(_ photos: [String], ticket: TicketID, store: any AttachmentStore) async throws {
        guard !photos.isEmpty else { return }
        let stored = Set(try await store.attachments(of: ticket).map(\.id))
        for (i, raw) in photos.prefix(TicketLimits.photosPerNoteMax).enumerated() {
            let field = "photos[\(i)]"
            guard let id = AttachmentID(validating: raw) else {
                throw APIError.badRequest("\(field) '\(raw.prefix(64))' is not an attachment id; upload the photo first "
                    + "(POST /api/v1/tickets/\(ticket)/attachments)", field: field)
            }
            guard stored.contains(id) else {
                throw APIError.badRequest("\(field) \(id) is not a photo of ticket \(ticket) on this node", field: field)
            }
        }
    }
}

// MARK: - JSON

/// The attachment store behind `/tickets/{id}/attachments` and the clock that stamps uploads.
public struct AttachmentServices: Sendable {
    public var store: any AttachmentStore
    public var wallClock: any WallClock
    /// On a cluster: fetches a photo this node does not hold from the node that does.
    public var fetcher: AttachmentFetcher?

    public init(store: any AttachmentStore, wallClock: any WallClock, fetcher: AttachmentFetcher? = nil) {
        self.store = store
        self.wallClock = wallClock
        self.fetcher = fetcher
    }
}

struct AttachmentJSON: ResponseEncodable {
    var id: String
    var ticketID: String
    var contentType: String
    var bytes: Int
    var sha256: String
    var uploadedBy: String
    var uploadedAtMs: Int64
    /// Where to fetch it (relative to the node).
    var url: String

    init(_ a: TicketAttachment) {
        id = a.id.rawValue
        ticketID = a.ticketID.rawValue
        contentType = a.format.contentType
        bytes = a.bytes
        sha256 = a.sha256
        uploadedBy = a.uploadedBy
        uploadedAtMs = a.uploadedAtMs
        url = "/api/v1/tickets/\(a.ticketID.rawValue)/attachments/\(a.id.rawValue)"
    }
}

struct AttachmentListJSON: Encodable, Sendable {
    var attachments: [AttachmentJSON]
}

extension APIError {
    /// An upload the attachment checks refused.
    init(_ error: AttachmentError) {
        let status: HTTPResponse.Status = switch error.kind {
        case .tooLarge: .contentTooLarge
        case .unsupportedType: .unsupportedMediaType
        case .empty, .contentMismatch: .badRequest
        case .tooMany: .conflict
        }
        self.init(status, code: error.kind == .tooLarge ? "too_large" : "invalid_input", error.message,
                  fields: [.init(field: error.field, message: error.message)])
    }
}
