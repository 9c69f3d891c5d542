import CourtyardCRDT
import CourtyardDomain

// MARK: - Record validation (the domain's rules; every field problem reported at once)

extension DirectoryService {
    /// The record normalised (phones canonical, text trimmed) or every field problem as
    /// `ServiceError.invalidInput`.
    static func validated<R: DirectoryRecord>(_ record: R, _ what: String) throws(ServiceError) -> R {
        do {
            return try record.normalized()
        } catch {
            throw .invalid(error.errors.map { .init(field: $0.field, message: $0.message) }, message: "invalid \(what)")
        }
    }

    /// A phone number as typed (spaces, dashes, +86) in canonical form, or a 400.
    static func canonicalPhone(_ raw: String) throws(ServiceError) -> String {
        do {
            return try PhoneNumber.normalize(raw)
        } catch {
            throw .invalid(field: "phone", "'\(raw)' is not a phone number: \(error)")
        }
    }
}
