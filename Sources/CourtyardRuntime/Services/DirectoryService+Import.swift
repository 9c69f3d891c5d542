import CourtyardCRDT
import CourtyardDomain

// MARK: - CSV import (all or nothing)

/// What an import did (or, in a dry run, would do).
public struct ImportReport: Sendable, Hashable, Codable {
    public var kind: String
    public var dryRun: Bool
    /// Data rows in the file (the header excluded).
    public var rows: Int
    /// Records written; 0 in a dry run.
    public var written: Int
    /// Records that lost to a newer stored version.
    public var stale: Int
}

extension DirectoryService {
    /// Imports a CSV file of one kind. Every bad row is reported with its line number and
    /// nothing is written unless the whole file is clean; `dryRun` checks without writing.
    public func importCSV(kind: ImportKind, text: String, dryRun: Bool, site: ReplicaID? = nil)
        async throws(ServiceError) -> ImportReport {
        guard text.utf8.count <= Self.importBytesMax else {
            throw ServiceError(.tooLarge, "CSV larger than \(Self.importBytesMax) bytes")
        }
        let plan = DirectoryImport.plan(kind: kind, csv: text, site: site ?? self.site)
        guard plan.dataRowCount <= Self.importRowsMax else {
            throw ServiceError(.tooLarge, "CSV has \(plan.dataRowCount) rows; at most \(Self.importRowsMax)")
        }
        guard plan.isImportable else {
            let fields = plan.errors.map {
                ServiceError.FieldError(field: $0.column ?? "row", message: $0.message, line: $0.line)
            }
            var message = "CSV has \(plan.errors.count + plan.errorsOmittedCount) problem(s); nothing imported"
            if plan.errorsOmittedCount > 0 { message += " (\(plan.errorsOmittedCount) not listed)" }
            throw ServiceError.invalid(fields, message: message)
        }
        guard plan.dataRowCount > 0 else { throw .invalid(field: "body", "CSV has no data rows") }
        var batch = DirectoryBatch(residents: plan.residents, rooms: plan.rooms, occupancies: plan.occupancies,
                                   suppliers: plan.suppliers, fixtures: plan.fixtures, cases: plan.cases,
                                   dispatchRules: plan.dispatchRules)
        if dryRun {
            return ImportReport(kind: kind.rawValue, dryRun: true, rows: plan.dataRowCount, written: 0, stale: 0)
        }
        try await restoreClock()
        try stampAll(&batch)
        let result = try await apply(batch)
        environment.logger.info("directory import", metadata: ["kind": "\(kind.rawValue)", "written": "\(result.written)"])
        return ImportReport(kind: kind.rawValue, dryRun: false, rows: plan.dataRowCount,
                            written: result.written, stale: result.stale)
    }

    func stampAll(_ batch: inout DirectoryBatch) throws(ServiceError) {
        for i in batch.residents.indices { batch.residents[i].version = try stamp() }
        for i in batch.rooms.indices { batch.rooms[i].version = try stamp() }
        for i in batch.occupancies.indices { batch.occupancies[i].version = try stamp() }
        for i in batch.suppliers.indices { batch.suppliers[i].version = try stamp() }
        for i in batch.fixtures.indices { batch.fixtures[i].version = try stamp() }
        for i in batch.cases.indices { batch.cases[i].version = try stamp() }
        for i in batch.dispatchRules.indices { batch.dispatchRules[i].version = try stamp() }
    }
}
