import CourtyardCRDT

/// The pure half of CSV import: file bytes → `ImportPlan` (records, or every problem with its
/// line and column). The storage half writes `plan` records only when `plan.isImportable`.
///
/// Steps: parse (`CSVParser`, bounded) → match the header row to the kind's `ImportSchema`
/// (unknown columns are ignored with a warning; a missing required column or a column given
/// twice is a file-level error and stops there) → map every data row to a record and
/// validate it (`DirectoryRecord.normalized`) → find duplicate ids within the file.
public enum DirectoryImport {
    /// Errors listed per plan; beyond it they are counted (`errorsOmittedCount`). A file with
    /// thousands of bad rows is the wrong file, and a page of errors says so.
    public static let errorsMax = 1_000

    /// Reads a file of `kind` for the importing `site`.
    /// - Parameter defaultAreaCode: the site's area code, for landlines written without one.
    public static func plan(kind: ImportKind, csv bytes: [UInt8], site: ReplicaID,
                            defaultAreaCode: String? = nil, limits: CSVLimits = .standard) -> ImportPlan {
        do {
            let records = try CSVParser.parse(bytes, limits: limits)
            return plan(kind: kind, records: records, site: site, defaultAreaCode: defaultAreaCode)
        } catch {
            var plan = ImportPlan(kind: kind, site: site)
            plan.addError(ImportIssue(line: error.line, column: nil, message: error.message))
            return plan
        }
    }

    /// `plan(kind:csv:…)` for text already in memory.
    public static func plan(kind: ImportKind, csv text: String, site: ReplicaID,
                            defaultAreaCode: String? = nil, limits: CSVLimits = .standard) -> ImportPlan {
        plan(kind: kind, csv: Array(text.utf8), site: site, defaultAreaCode: defaultAreaCode, limits: limits)
    }

    /// Plans already-parsed records; the first is the header.
    public static func plan(kind: ImportKind, records: [CSVRecord], site: ReplicaID,
                            defaultAreaCode: String? = nil) -> ImportPlan {
        var plan = ImportPlan(kind: kind, site: site)
        guard let headerRecord = records.first else {
            plan.addError(ImportIssue(line: nil, column: nil, message: "file is empty: expected a header row"))
            return plan
        }
        let schema = ImportSchema.schema(for: kind)
        guard let header = HeaderMap(headerRecord, schema: schema, plan: &plan) else { return plan }
        var firstLineOfKey: [String: Int] = [:]
        for record in records.dropFirst() {
            plan.dataRowCount += 1
            var row = header.row(record)
            if let key = duplicateKey(kind: kind, row: row) {
                if let first = firstLineOfKey[key.value] {
                    row.fail(key.column, "duplicate \(key.label) '\(key.value)' (first on line \(first))")
                } else {
                    firstLineOfKey[key.value] = record.line
                }
            }
            map(&row, into: &plan, site: site, defaultAreaCode: defaultAreaCode)
            for issue in row.issues { plan.addError(issue) }
        }
        if !plan.isImportable { plan.dropRecords() }
        return plan
    }

    // MARK: Rows

    private static func map(_ row: inout ImportRow, into plan: inout ImportPlan, site: ReplicaID,
                            defaultAreaCode: String?) {
        let area = defaultAreaCode
        switch plan.kind {
        case .residents:
            if let r = ImportMapping.resident(&row, site: site, defaultAreaCode: area) { plan.residents.append(r) }
        case .rooms:
            if let r = ImportMapping.room(&row, site: site, defaultAreaCode: area) { plan.rooms.append(r) }
        case .occupancies:
            if let r = ImportMapping.occupancy(&row, defaultAreaCode: area) { plan.occupancies.append(r) }
        case .suppliers:
            if let r = ImportMapping.supplier(&row, defaultAreaCode: area) { plan.suppliers.append(r) }
        case .fixtures:
            if let r = ImportMapping.fixture(&row, site: site, defaultAreaCode: area) { plan.fixtures.append(r) }
        case .cases:
            if let r = ImportMapping.knowledgeCase(&row, defaultAreaCode: area) { plan.cases.append(r) }
        case .dispatchRules:
            if let r = ImportMapping.dispatchRule(&row, site: site, defaultAreaCode: area) { plan.dispatchRules.append(r) }
        }
    }

    /// What must be unique within a file: the id, or for occupancies the resident–room pair.
    private static func duplicateKey(kind: ImportKind,
                                     row: ImportRow) -> (value: String, column: String, label: String)? {
        if kind == .occupancies {
            guard let resident = row.text("residentID"), let room = row.text("roomID") else { return nil }
            return (resident + " / " + room, "roomID", "resident and room")
        }
        guard let id = row.text("id") else { return nil }
        return (id, "id", "id")
    }
}

// MARK: - Header

/// The header row matched to a schema: which file column fills which key.
private struct HeaderMap {
    /// (file column index, column key), in file order.
    let columns: [(index: Int, key: String)]
    /// Column key → header as written.
    let written: [String: String]
    let width: Int

    /// Nil when the header cannot be used (the errors are in `plan`).
    init?(_ record: CSVRecord, schema: ImportSchema, plan: inout ImportPlan) {
        var columns: [(index: Int, key: String)] = []
        var written: [String: String] = [:]
        for (index, raw) in record.fields.enumerated() {
            let text = trimmed(raw)
            guard let column = schema.column(forHeader: text) else {
                let message = text.isEmpty ? "column \(index + 1) has no header and is ignored"
                    : "unknown column '\(text)' is ignored"
                plan.warnings.append(ImportIssue(line: record.line, column: text.isEmpty ? nil : text, message: message))
                continue
            }
            if let earlier = written[column.key] {
                plan.addError(ImportIssue(line: record.line, column: text,
                                          message: "column '\(text)' repeats '\(earlier)' (both mean \(column.key))"))
                continue
            }
            written[column.key] = text
            columns.append((index, column.key))
        }
        let missing = schema.columns.filter { $0.required && written[$0.key] == nil }
        if !missing.isEmpty {
            let names = missing.map { $0.headers.prefix(2).joined(separator: "/") }.joined(separator: ", ")
            plan.addError(ImportIssue(line: record.line, column: nil,
                                      message: "missing required column\(missing.count == 1 ? "" : "s"): \(names)"))
        }
        guard plan.errors.isEmpty else { return nil }
        self.columns = columns
        self.written = written
        self.width = record.fields.count
    }

    /// The cells of a data row by key; a row wider or narrower than the header is an issue
    /// (trailing empty cells, which spreadsheets add, are fine).
    func row(_ record: CSVRecord) -> ImportRow {
        var cells: [String: String] = [:]
        for (index, key) in columns where index < record.fields.count {
            cells[key] = trimmed(record.fields[index])
        }
        var row = ImportRow(line: record.line, cells: cells, headers: written)
        let extra = record.fields.dropFirst(width)
        if record.fields.count < width || extra.contains(where: { !trimmed($0).isEmpty }) {
            row.fail(nil, "row has \(record.fields.count) cells, the header has \(width)")
        }
        return row
    }
}
