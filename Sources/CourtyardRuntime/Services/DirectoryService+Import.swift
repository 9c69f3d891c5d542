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
        let plan = ImportPlan.parse(kind: kind, text: text, site: site ?? self.site)
        guard plan.rowCount <= Self.importRowsMax else {
            throw ServiceError(.tooLarge, "CSV has \(plan.rowCount) rows; at most \(Self.importRowsMax)")
        }
        guard plan.errors.isEmpty else {
            let fields = plan.errors.sorted { ($0.line, $0.field) < ($1.line, $1.field) }
                .map { ServiceError.FieldError(field: $0.field, message: $0.message, line: $0.line) }
            throw ServiceError.invalid(fields, message: "CSV has \(fields.count) bad field(s); nothing imported")
        }
        guard plan.rowCount > 0 else { throw .invalid(field: "body", "CSV has no data rows") }
        var batch = try validatedBatch(plan.batch)
        if dryRun {
            return ImportReport(kind: kind.rawValue, dryRun: true, rows: plan.rowCount, written: 0, stale: 0)
        }
        try stampAll(&batch)
        let result = try await withStore("importing records") { try await store.apply(batch) }
        environment.logger.info("directory import", metadata: ["kind": "\(kind.rawValue)", "written": "\(result.written)"])
        return ImportReport(kind: kind.rawValue, dryRun: false, rows: plan.rowCount,
                            written: result.written, stale: result.stale)
    }

    /// Runs the record validation over a parsed batch, so an import obeys the same rules as
    /// an API write.
    func validatedBatch(_ batch: DirectoryBatch) throws(ServiceError) -> DirectoryBatch {
        var out = batch
        var problems: [ServiceError.FieldError] = []
        func collect<R>(_ records: [R], _ name: String, _ check: (R) throws(ServiceError) -> R) -> [R] {
            records.enumerated().map { i, r in
                do { return try check(r) } catch {
                    problems += error.fields.map { .init(field: "\(name)[\(i)].\($0.field)", message: $0.message, line: i + 2) }
                    return r
                }
            }
        }
        out.residents = collect(batch.residents, "residents", Self.validated)
        out.rooms = collect(batch.rooms, "rooms", Self.validated)
        out.suppliers = collect(batch.suppliers, "suppliers", Self.validated)
        out.fixtures = collect(batch.fixtures, "fixtures", Self.validated)
        out.cases = collect(batch.cases, "cases", Self.validated)
        out.dispatchRules = collect(batch.dispatchRules, "dispatchRules", Self.validated)
        guard problems.isEmpty else { throw .invalid(problems, message: "CSV has invalid records; nothing imported") }
        return out
    }

    func stampAll(_ batch: inout DirectoryBatch) throws(ServiceError) {
        for i in batch.residents.indices { batch.residents[i].version = try stamp() }
        for i in batch.rooms.indices { batch.rooms[i].version = try stamp() }
        for i in batch.suppliers.indices { batch.suppliers[i].version = try stamp() }
        for i in batch.fixtures.indices { batch.fixtures[i].version = try stamp() }
        for i in batch.cases.indices { batch.cases[i].version = try stamp() }
        for i in batch.dispatchRules.indices { batch.dispatchRules[i].version = try stamp() }
    }
}
