import CourtyardCRDT

/// One problem found in an import file: the physical line (nil for the whole file), the
/// column as its header is written in the file (nil when not about one column), and what
/// is wrong.
public struct ImportIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int?
    public var column: String?
    public var message: String

    public init(line: Int?, column: String?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 7, 电话: '12-34': phone number is too short (4 digits)`.
    public var description: String {
        var prefix: [String] = []
        if let line { prefix.append("line \(line)") }
        if let column { prefix.append(column) }
        return prefix.isEmpty ? message : prefix.joined(separator: ", ") + ": " + message
    }
}

/// The outcome of reading an import file: the records to write, or every problem.
///
/// All or nothing: when `errors` is not empty the record arrays are empty, so a caller cannot
/// import half a file by mistake; it shows `errors` (each with its line) and the user fixes
/// the file and tries again. Only the array of `kind` is ever filled.
public struct ImportPlan: Hashable, Sendable {
    public var kind: ImportKind
    /// The importing site: records without a `site` column belong to it.
    public var site: ReplicaID
    /// Data rows read (header and blank lines excluded).
    public var dataRowCount: Int = 0

    public var residents: [Resident] = []
    public var rooms: [Room] = []
    public var occupancies: [Occupancy] = []
    public var suppliers: [Supplier] = []
    public var fixtures: [Fixture] = []
    public var cases: [KnowledgeCase] = []
    public var dispatchRules: [DispatchRule] = []

    /// Every problem, in line order, at most `DirectoryImport.errorsMax`.
    public var errors: [ImportIssue] = []
    /// Problems not listed because `errors` reached its bound.
    public var errorsOmittedCount: Int = 0
    /// Things worth knowing that do not block the import (ignored unknown columns).
    public var warnings: [ImportIssue] = []

    public init(kind: ImportKind, site: ReplicaID) {
        self.kind = kind
        self.site = site
    }

    /// True when the file may be imported: no errors at all.
    public var isImportable: Bool { errors.isEmpty && errorsOmittedCount == 0 }

    /// Records held (0 whenever there are errors).
    public var recordCount: Int {
        residents.count + rooms.count + occupancies.count + suppliers.count + fixtures.count
            + cases.count + dispatchRules.count
    }

    // MARK: Building

    /// Adds an error, counting it instead once the bound is reached.
    mutating func addError(_ issue: ImportIssue) {
        if errors.count < DirectoryImport.errorsMax {
            errors.append(issue)
        } else {
            errorsOmittedCount += 1
        }
    }

    /// Drops every record: called when the plan has errors (all or nothing).
    mutating func dropRecords() {
        residents = []
        rooms = []
        occupancies = []
        suppliers = []
        fixtures = []
        cases = []
        dispatchRules = []
    }
}
