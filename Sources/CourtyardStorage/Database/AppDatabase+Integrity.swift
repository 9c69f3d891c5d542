import GRDB

extension AppDatabase {
    /// SQLite's own consistency check of every table and index; `["ok"]` when sound.
    /// Operators run it after an unclean shutdown; the crash tests assert it.
    public func integrityCheck() throws -> [String] {
        try reader.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
