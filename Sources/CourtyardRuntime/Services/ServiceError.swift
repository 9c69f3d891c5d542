/// The one error type of the runtime services: what went wrong, in words a caller (an API
/// client, an agent's console) can show, plus the offending fields for invalid input.
///
/// Services throw nothing else: storage failures are wrapped as `.storage`, so the HTTP
/// layer maps every failure to a status code without guessing.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The ticket or record does not exist.
        case notFound
        /// The input is malformed or breaks a rule; `fields` says where.
        case invalidInput
        /// The event does not fit the ticket's current state (e.g. `arrived` on a closed ticket).
        case invalidTransition
        /// The write collides with existing data (e.g. an id already taken).
        case conflict
        /// The input exceeds a bound (body size, row count, text length).
        case tooLarge
        /// The store failed; nothing was acknowledged.
        case storage
    }

    /// One offending input field: `title`, `rows[12].phone`, `line 7: phone`.
    public struct FieldError: Sendable, Hashable, Codable {
        public var field: String
        public var message: String
        /// The 1-based line of a CSV import, when the error comes from one.
        public var line: Int?

        public init(field: String, message: String, line: Int? = nil) {
            self.field = field
            self.message = message
            self.line = line
        }
    }

    public var kind: Kind
    public var message: String
    public var fields: [FieldError]

    public init(_ kind: Kind, _ message: String, fields: [FieldError] = []) {
        self.kind = kind
        self.message = message
        self.fields = fields
    }

    public var description: String {
        guard !fields.isEmpty else { return message }
        return message + ": " + fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }

    // MARK: Conveniences

    public static func notFound(_ what: String, _ id: String) -> ServiceError {
        ServiceError(.notFound, "\(what) '\(id)' not found")
    }

    public static func invalid(_ fields: [FieldError], message: String = "invalid input") -> ServiceError {
        ServiceError(.invalidInput, message, fields: fields)
    }

    public static func invalid(field: String, _ message: String) -> ServiceError {
        ServiceError(.invalidInput, message, fields: [FieldError(field: field, message: message)])
    }

    /// Wraps a store failure; a `ServiceError` passes through unchanged.
    static func storage(_ error: any Error, doing what: String) -> ServiceError {
        if let e = error as? ServiceError { return e }
        return ServiceError(.storage, "storage failed while \(what): \(error)")
    }
}

/// Runs a store call, turning any failure into `ServiceError.storage`.
func withStore<T>(_ what: String, isolation: isolated (any Actor)? = #isolation,
                  _ body: () async throws -> T) async throws(ServiceError) -> T {
    do {
        return try await body()
    } catch {
        throw ServiceError.storage(error, doing: what)
    }
}
