import CourtyardCRDT

/// One data row being mapped to a record: cell access by column key, and the row's issues
/// named by the column header as the file writes it.
struct ImportRow {
    let line: Int
    /// Column key → trimmed cell text, for the columns the file has.
    private let cells: [String: String]
    /// Column key → header as written in the file.
    private let headers: [String: String]
    private(set) var issues: [ImportIssue] = []

    init(line: Int, cells: [String: String], headers: [String: String]) {
        self.line = line
        self.cells = cells
        self.headers = headers
    }

    // MARK: Cells

    /// The header a key is written as in this file; the key itself when the file lacks it.
    func header(_ key: String) -> String { headers[key] ?? key }

    /// The trimmed cell, nil when the column is absent or the cell empty.
    func text(_ key: String) -> String? {
        guard let value = cells[key], !value.isEmpty else { return nil }
        return value
    }

    /// The trimmed cell or "" (validation then says "is required" where it is).
    func string(_ key: String) -> String { text(key) ?? "" }

    // MARK: Issues

    mutating func fail(_ key: String?, _ message: String) {
        issues.append(ImportIssue(line: line, column: key.map(header), message: message))
    }

    /// Parses a cell; an unreadable cell, or an empty required one, is an issue.
    mutating func parse<T>(_ key: String, required: Bool = false, expected: String,
                           _ parser: (String) -> T?) -> T? {
        guard let raw = text(key) else {
            if required { fail(key, "is required (\(expected))") }
            return nil
        }
        guard let value = parser(raw) else {
            fail(key, "'\(raw)' is not \(expected)")
            return nil
        }
        return value
    }

    /// The row's site: the `site` cell when present, else the importing site.
    mutating func site(default importing: ReplicaID) -> ReplicaID {
        parse("site", expected: "a site id (lowercase letters, digits, '-')", ReplicaID.init(validating:))
            ?? importing
    }

    /// Validates and normalises the record; nil (with the field errors as issues) when the
    /// record or any earlier cell of the row is bad.
    mutating func finish<R: DirectoryRecord>(_ record: R, defaultAreaCode: String?) -> R? {
        do {
            let normalized = try record.normalized(defaultAreaCode: defaultAreaCode)
            return issues.isEmpty ? normalized : nil
        } catch {
            for fieldError in error.errors {
                fail(fieldError.field, fieldError.message)
            }
            return nil
        }
    }
}

// MARK: - Mapping rows to records

/// Row → record for each kind. Column keys are the record's property names (see
/// `ImportSchema`), so validation errors land on the right column.
enum ImportMapping {
    static func resident(_ row: inout ImportRow, site: ReplicaID, defaultAreaCode: String?) -> Resident? {
        let optOut = row.parse("optOut", expected: "true/false or 是/否", ImportCells.bool) ?? false
        let record = Resident(id: row.string("id"), site: row.site(default: site), name: row.string("name"),
                              phones: ImportCells.list(row.string("phones")), note: row.text("note"),
                              optOut: optOut)
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }

    static func room(_ row: inout ImportRow, site: ReplicaID, defaultAreaCode: String?) -> Room? {
        let floor = row.parse("floor", required: true, expected: "a whole number", ImportCells.int)
        let area = row.parse("areaM2", expected: "an area in m² (89.5)", ImportCells.decimal)
        let arrears = row.parse("arrearsCents", expected: "an amount in yuan (1234.50)", ImportCells.yuanToCents)
        let record = Room(id: row.string("id"), site: row.site(default: site), building: row.string("building"),
                          unit: row.string("unit"), floor: floor ?? 0, number: row.string("number"),
                          areaM2: area, arrearsCents: arrears ?? 0)
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }

    static func occupancy(_ row: inout ImportRow, defaultAreaCode: String?) -> Occupancy? {
        let role = row.parse("role", required: true, expected: "owner/tenant/family or 业主/租户/家属", ImportCells.role)
        let record = Occupancy(residentID: row.string("residentID"), roomID: row.string("roomID"),
                               role: role ?? .owner)
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }

    static func supplier(_ row: inout ImportRow, defaultAreaCode: String?) -> Supplier? {
        let record = Supplier(id: row.string("id"), name: row.string("name"), contact: row.text("contact"),
                              phone: row.text("phone"), trade: row.string("trade"))
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }

    static func fixture(_ row: inout ImportRow, site: ReplicaID, defaultAreaCode: String?) -> Fixture? {
        let record = Fixture(id: row.string("id"), site: row.site(default: site), roomID: row.text("roomID"),
                             building: row.text("building"), name: row.string("name"),
                             location: row.text("location"), supplierID: row.text("supplierID"),
                             warrantyEnd: row.text("warrantyEnd"))
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }

    static func knowledgeCase(_ row: inout ImportRow, defaultAreaCode: String?) -> KnowledgeCase? {
        let category = row.parse("category", required: true, expected: "a ticket category (repair, 报修, …)",
                                 ImportCells.category)
        let record = KnowledgeCase(id: row.string("id"), title: row.string("title"), category: category ?? .repair,
                                   symptom: row.string("symptom"), solution: row.string("solution"),
                                   tags: ImportCells.list(row.string("tags")))
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }

    static func dispatchRule(_ row: inout ImportRow, site: ReplicaID, defaultAreaCode: String?) -> DispatchRule? {
        let category = row.parse("category", required: true, expected: "a ticket category (repair, 报修, …)",
                                 ImportCells.category)
        let mode = row.parse("mode", required: true, expected: "assign/grab/roundRobin or 指派/抢单/轮派",
                             ImportCells.mode)
        let record = DispatchRule(id: row.string("id"), site: row.site(default: site), building: row.text("building"),
                                  category: category ?? .repair, department: row.string("department"),
                                  assignees: ImportCells.list(row.string("assignees")), mode: mode ?? .grab)
        return row.finish(record, defaultAreaCode: defaultAreaCode)
    }
}
