import CourtyardCRDT
import CourtyardDomain
import GRDB

/// How a versioned directory record maps to its table: the record as JSON in `record`,
/// its LWW version in `version_hlc`/`version_origin`, and the columns lookups filter on.
protocol DirectoryRecordStorage: Codable {
    static var tableName: String { get }
    var id: String { get }
    var version: EventID? { get }
    /// The lookup columns besides id, version and record (names are static, never input).
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] { get }
}

extension Resident: DirectoryRecordStorage {
    static var tableName: String { "resident" }
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("site", site.rawValue), ("name", name)]
    }
}

extension Room: DirectoryRecordStorage {
    static var tableName: String { "room" }
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("site", site.rawValue), ("building", building), ("unit", unit), ("floor", floor), ("number", number)]
    }
}

extension Supplier: DirectoryRecordStorage {
    static var tableName: String { "supplier" }
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] { [("name", name)] }
}

extension Fixture: DirectoryRecordStorage {
    static var tableName: String { "fixture" }
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("site", site.rawValue), ("room_id", roomID), ("building", building)]
    }
}

extension KnowledgeCase: DirectoryRecordStorage {
    static var tableName: String { "knowledge_case" }
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] { [("category", category.rawValue)] }
}

extension DispatchRule: DirectoryRecordStorage {
    static var tableName: String { "dispatch_rule" }
    var lookupColumns: [(String, (any DatabaseValueConvertible)?)] { [("site", site.rawValue)] }
}

// MARK: - Last-writer-wins

/// The LWW rule of the directory tables (DESIGN §3), decided per record:
///
/// | stored \ incoming | nil version        | version v            |
/// |-------------------|--------------------|----------------------|
/// | (no row)          | write              | write                |
/// | nil version       | write (nil → nil)  | write                |
/// | version s         | skip               | write iff v > s      |
///
/// An equal version is the same write delivered twice: skipped. An unversioned write (a
/// local import without an event id) replaces only another unversioned one, so it can never
/// undo a replicated, versioned edit.
enum LastWriterWins {
    static func shouldWrite(incoming: EventID?, stored: EventID??) -> Bool {
        switch (stored, incoming) {
        case (.none, _): true                    // no row yet
        case (.some(.none), _): true             // stored unversioned: anything replaces it
        case (.some(.some), .none): false        // unversioned never replaces versioned
        case (.some(.some(let s)), .some(let v)): v > s
        }
    }

    /// The stored version of a row: `.none` when there is no row, `.some(nil)` when the row
    /// is unversioned.
    static func storedVersion(table: String, id: String, _ db: Database) throws -> EventID?? {
        guard let row = try Row.fetchOne(db, sql: "SELECT version_hlc, version_origin FROM \(table) WHERE id = ?",
                                         arguments: [id]) else { return .none }
        guard let hlc: Int64 = row["version_hlc"], let origin: String = row["version_origin"] else {
            return .some(nil)
        }
        guard let version = EventID(storageHLC: hlc, origin: origin) else {
            throw StorageError(.corruptRow, "\(table) \(id) has an invalid version origin '\(origin)'")
        }
        return .some(version)
    }
}

// MARK: - Writing

extension DirectoryRecordStorage {
    /// Writes the record if LWW allows it (an upsert that keeps the row's `rid`). Returns
    /// whether it wrote.
    func upsertIfNewer(_ db: Database) throws -> Bool {
        let stored = try LastWriterWins.storedVersion(table: Self.tableName, id: id, db)
        guard LastWriterWins.shouldWrite(incoming: version, stored: stored) else { return false }
        var columns: [(String, (any DatabaseValueConvertible)?)] = [("id", id)]
        columns += lookupColumns
        columns.append(("version_hlc", try version?.hlc.storageValue()))
        columns.append(("version_origin", version?.origin.rawValue))
        columns.append(("record", try JSONCodec.encode(self)))
        let names = columns.map(\.0)
        let updates = names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try db.execute(
            sql: """
                INSERT INTO \(Self.tableName) (\(names.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))
                ON CONFLICT (id) DO UPDATE SET \(updates)
                """,
            arguments: StatementArguments(columns.map(\.1)))
        return true
    }

    /// The `rid` of this record's row (tables with a search index have one).
    func rowID(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT rid FROM \(Self.tableName) WHERE id = ?", arguments: [id])
    }
}
