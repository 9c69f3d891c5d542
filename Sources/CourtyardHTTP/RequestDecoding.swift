import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Hummingbird
import NIOCore

// MARK: - Bounded, explained decoding of request bodies and parameters

extension Request {
    /// Collects at most `limit` bytes of body; more is a 413 with the limit in the message.
    func collectBounded(_ limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit)
        }
    }

    /// Decodes a JSON body into `T`, turning every decoding failure into a 400 that names
    /// the field and what was wrong with it.
    func decodeJSON<T: Decodable>(_ type: T.Type) async throws -> T {
        let buffer = try await collectBounded(APILimits.jsonBytesMax)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("request body is empty; expected JSON") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError(decoding: error)
        }
    }
}

extension APIError {
    init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                .joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            self = .init(.badRequest, code: "invalid_input", "missing field '\(field)'",
                         fields: [.init(field: field, message: "is required")])
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            let message = "must be \(Self.jsonTypeName(type))"
            self = .init(.badRequest, code: "invalid_input", "field '\(field)' \(message)",
                         fields: [.init(field: field, message: message)])
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self = .init(.badRequest, code: "malformed_json", "request body is not valid JSON")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            self = .init(.badRequest, code: "invalid_input", "field '\(field)': \(context.debugDescription)",
                         fields: [.init(field: field, message: context.debugDescription)])
        @unknown default:
            self = .init(.badRequest, code: "malformed_json", "request body could not be decoded")
        }
    }

    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object or value of the right type"
        }
    }
}

// MARK: Parameters

extension AppRequestContext {
    /// A ticket id from the path; malformed → 400, so a typo is not reported as "not found".
    func ticketID(_ name: String = "id") throws -> TicketID {
        let raw = try parameters.require(name)
        guard let id = TicketID(validating: raw) else {
            throw APIError(.badRequest, code: "malformed_id", "'\(raw)' is not a ticket id (expected site.wall36.logical36)",
                           fields: [.init(field: name, message: "malformed ticket id")])
        }
        return id
    }

    /// A record id from the path (1–64 bytes).
    func recordID(_ name: String = "id") throws -> String {
        let raw = try parameters.require(name)
        guard !raw.isEmpty, raw.utf8.count <= 64 else {
            throw APIError(.badRequest, code: "malformed_id", "'\(name)' must be 1–64 bytes")
        }
        return raw
    }
}

/// Typed access to query parameters with clear 400s.
struct QueryReader {
    let request: Request

    func string(_ name: String, max: Int = 200) throws -> String? {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { return nil }
        guard value.count <= max else { throw APIError.badRequest("query '\(name)' longer than \(max) characters", field: name) }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = try string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw APIError.badRequest("query '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound)", field: name)
        }
        return value
    }

    func int64(_ name: String) throws -> Int64? {
        guard let raw = try string(name) else { return nil }
        guard let value = Int64(raw) else { throw APIError.badRequest("query '\(name)' must be an integer", field: name) }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let raw = try string(name) else { return nil }
        switch raw.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("query '\(name)' must be true or false", field: name)
        }
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let raw = try string(name) else { return nil }
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("query '\(name)' must be one of: \(allowed)", field: name)
        }
        return value
    }

    func site(_ name: String = "site") throws -> ReplicaID? {
        guard let raw = try string(name) else { return nil }
        guard let site = ReplicaID(validating: raw) else { throw APIError.badRequest("query '\(name)' is not a site id", field: name) }
        return site
    }
}
