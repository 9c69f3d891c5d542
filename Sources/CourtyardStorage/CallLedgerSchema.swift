import GRDB

extension AppDatabase {
    // MARK: v3 — call ledger

    /// The call ledger: one row per `LedgerEvent`, append-only. `rid` keeps the order of
    /// events with the same timestamp; `body` is the event body as JSON.
    static func createCallLedgerTables(_ db: Database) throws {
        try db.create(table: "call_ledger_event") { t in
            t.autoIncrementedPrimaryKey("rid")
            t.column("at_ms", .integer).notNull()
            t.column("site", .text).notNull()
            t.column("call_id", .text)
            t.column("agent_id", .text)
            t.column("kind", .text).notNull()
            t.column("body", .jsonText).notNull()
        }
        let indexes: [(String, [String])] = [
            ("call_ledger_by_time", ["at_ms"]),
            ("call_ledger_by_site", ["site", "at_ms"]),
            ("call_ledger_by_call", ["call_id", "at_ms"]),
            ("call_ledger_by_agent", ["agent_id", "at_ms"]),
            // Report selection: the calls that entered in a range, the agent states in it.
            ("call_ledger_by_kind", ["kind", "at_ms", "site"]),
        ]
        for (name, columns) in indexes {
            try db.create(index: name, on: "call_ledger_event", columns: columns)
        }
    }
}
