import GRDB

extension AppDatabase {
    // MARK: v3 — recordings

    /// One row per stored recording; the audio is a file under `recordings/` (`path` is
    /// relative to the data directory).
    static func createRecordingTables(_ db: Database) throws {
        try db.create(table: "recording") { t in
            t.column("call_id", .text).primaryKey()
            t.column("site", .text).notNull()
            t.column("caller", .text).notNull()
            t.column("agent_id", .text)
            t.column("started_at_ms", .integer).notNull()
            t.column("duration_ms", .integer).notNull()
            t.column("bytes", .integer).notNull()
            t.column("format", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("path", .text).notNull()
            t.column("stored_at_ms", .integer).notNull()
        }
        let indexes: [(String, [String])] = [
            ("recording_by_started", ["started_at_ms"]),
            ("recording_by_caller", ["caller", "started_at_ms"]),
            ("recording_by_agent", ["agent_id", "started_at_ms"]),
            ("recording_by_site", ["site", "started_at_ms"]),
        ]
        for (name, columns) in indexes {
            try db.create(index: name, on: "recording", columns: columns)
        }
    }
}
