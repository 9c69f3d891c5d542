import CourtyardRuntime
import Foundation
import Hummingbird
import NIOCore

/// An error answered as `{"error": {"code": "...", "message": "...", "fields": [...]}}`.
public struct APIError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var fields: [ServiceError.FieldError]

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, fields: [ServiceError.FieldError] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let payload = Envelope(error: Body(code: code, message: message, fields: fields))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(payload)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct Envelope: Encodable {
        var error: Body
    }

    struct Body: Encodable {
        var code: String
        var message: String
        var fields: [ServiceError.FieldError]
    }

    // MARK: Common errors

    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "invalid_input", message,
                 fields: field.map { [.init(field: $0, message: message)] } ?? [])
    }

    static func notFound(_ what: String, _ id: String) -> APIError {
        APIError(.notFound, code: "not_found", "no \(what) on \(id)")
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "too_large", "request body larger than \(limit) bytes")
    }
}

extension APIError {
    /// The API form of a service failure.
    init(_ error: ServiceError) {
        switch error.kind {
        case .notFound: self.init(.notFound, code: "not_found", error.message)
        case .invalidInput: self.init(.badRequest, code: "invalid_input", error.message, fields: error.fields)
        case .invalidTransition: self.init(.conflict, code: "invalid_transition", error.message)
        case .conflict: self.init(.conflict, code: "conflict", error.message, fields: error.fields)
        case .tooLarge: self.init(.contentTooLarge, code: "too_large", error.message)
        case .storage: self.init(.serviceUnavailable, code: "storage", error.message)
        }
    }
}

/// Turns every failure into the JSON error envelope, so clients never see an empty body or
/// Hummingbird's default format.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as ServiceError {
            throw APIError(error)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(APILimits.jsonBytesMax)
        } catch let error as HTTPError {
            throw APIError(error.status, code: Self.code(error.status), error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: Self.code(error.status), error.status.reasonPhrase)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, code: "internal", "internal error")
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "too_large"
        case 400..<500: "bad_request"
        default: "internal"
        }
    }
}

/// Reads `X-Courtyard-Actor` into the context.
struct ActorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let wanted = APILimits.actorHeader.lowercased()
        if let value = request.headers.first(where: { $0.name.canonicalName == wanted })?.value {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.utf8.count <= 128,
                  trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
            else { throw APIError.badRequest("\(APILimits.actorHeader) must be 1–128 characters without spaces", field: "actor") }
            context.actor = trimmed
        }
        return try await next(request, context)
    }
}
