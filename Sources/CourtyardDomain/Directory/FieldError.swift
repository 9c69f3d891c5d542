/// One problem with one field of a record: `field` is the Swift property name (`phones`,
/// `warrantyEnd`), so HTTP and CSV layers can map it to their own column or JSON key.
public struct FieldError: Hashable, Sendable, Codable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A record was refused: every field error, in field order, not only the first.
public struct DirectoryValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
