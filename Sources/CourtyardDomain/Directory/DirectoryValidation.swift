// Validation shared by every directory record: the `DirectoryRecord` protocol and the
// field checks (ids, lengths, single-line text) that collect every error, not the first.

/// A record of the customer–room–supplier database.
///
/// `validate` lists every field error (empty when valid); `normalized` returns the form to
/// store — phones canonical, text trimmed — or throws every error. Storage and HTTP store
/// only `normalized()` results, so lookups by phone compare canonical strings.
public protocol DirectoryRecord: Hashable, Sendable {
    /// Every field error of this record; empty when it may be stored (after `normalized`).
    /// - Parameter defaultAreaCode: area code assumed for landlines written without one.
    func validate(defaultAreaCode: String?) -> [FieldError]
    /// The storable form, or every field error.
    func normalized(defaultAreaCode: String?) throws(DirectoryValidationError) -> Self
}

extension DirectoryRecord {
    /// `validate(defaultAreaCode:)` with no default area code.
    public func validate() -> [FieldError] { validate(defaultAreaCode: nil) }

    /// `normalized(defaultAreaCode:)` with no default area code.
    public func normalized() throws(DirectoryValidationError) -> Self {
        try normalized(defaultAreaCode: nil)
    }

    /// Throws the errors of `validate` on the normalised copy, or returns it.
    func checked(_ copy: Self, defaultAreaCode: String?) throws(DirectoryValidationError) -> Self {
        let errors = copy.validate(defaultAreaCode: defaultAreaCode)
        guard errors.isEmpty else { throw DirectoryValidationError(errors: errors) }
        return copy
    }
}

// MARK: - Field checks

/// Collects field errors in the order checked.
struct FieldChecker {
    private(set) var errors: [FieldError] = []

    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Ids are `[A-Za-z0-9_-]{1,64}`: safe in URLs, file names and CSV without quoting.
    mutating func id(_ value: String, field: String) {
        if let problem = Self.idProblem(value) { fail(field, problem) }
    }

    mutating func optionalID(_ value: String?, field: String) {
        if let value { id(value, field: field) }
    }

    static func idProblem(_ value: String) -> String? {
        if value.isEmpty { return "is required" }
        if value.count > DirectoryLimits.idCharsMax {
            return "is longer than \(DirectoryLimits.idCharsMax) characters"
        }
        let allowed = value.unicodeScalars.allSatisfy { s in
            s.isASCIIDigit || (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
                || s == "_" || s == "-"
        }
        return allowed ? nil : "'\(value)' may contain only letters A–Z a–z, digits, '_' and '-'"
    }

    /// Required one-line text: not blank, at most `charsMax` characters, no line breaks.
    mutating func requiredText(_ value: String, field: String, charsMax: Int) {
        guard !trimmed(value).isEmpty else { return fail(field, "is required") }
        text(value, field: field, charsMax: charsMax, multiline: false)
    }

    /// Optional text: nil is fine; when present the same rules as required text.
    mutating func optionalText(_ value: String?, field: String, charsMax: Int, multiline: Bool = false) {
        guard let value else { return }
        guard !trimmed(value).isEmpty else { return fail(field, "is blank; leave it out instead") }
        text(value, field: field, charsMax: charsMax, multiline: multiline)
    }

    /// Required text that may span lines (symptoms, solutions).
    mutating func requiredLongText(_ value: String, field: String, charsMax: Int) {
        guard !trimmed(value).isEmpty else { return fail(field, "is required") }
        text(value, field: field, charsMax: charsMax, multiline: true)
    }

    private mutating func text(_ value: String, field: String, charsMax: Int, multiline: Bool) {
        if value.count > charsMax {
            fail(field, "is longer than \(charsMax) characters (\(value.count))")
        }
        let badControl = value.unicodeScalars.contains { s in
            let isControl = s.value < 0x20 || s.value == 0x7F
            return isControl && !(multiline && (s == "\n" || s == "\r" || s == "\t"))
        }
        if badControl {
            fail(field, multiline ? "contains control characters" : "must be a single line without control characters")
        }
    }

    /// Phones: each must parse; returns the canonical forms of those that do.
    @discardableResult
    mutating func phone(_ value: String, field: String, defaultAreaCode: String?) -> String? {
        do {
            return try PhoneNumber(parsing: value, defaultAreaCode: defaultAreaCode).canonical
        } catch {
            fail(field, "'\(value)': \(error.message)")
            return nil
        }
    }
}

// MARK: - Normalising helpers

/// Trims, and turns a blank optional into nil (a blank note is no note).
func trimmedOrNil(_ value: String?) -> String? {
    guard let value else { return nil }
    let t = trimmed(value)
    return t.isEmpty ? nil : t
}

/// Canonical phones in first-seen order, duplicates (the same phone spelled twice) dropped;
/// a phone that does not parse is kept as written so `validate` reports it.
func normalizedPhones(_ phones: [String], defaultAreaCode: String?) -> [String] {
    var seen: Set<String> = []
    var result: [String] = []
    for raw in phones {
        let value = (try? PhoneNumber.normalize(raw, defaultAreaCode: defaultAreaCode)) ?? trimmed(raw)
        if seen.insert(value).inserted { result.append(value) }
    }
    return result
}
