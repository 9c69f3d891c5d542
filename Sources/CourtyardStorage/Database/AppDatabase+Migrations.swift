import GRDB

extension AppDatabase {
    /// The schema, as a sequence of named migrations applied in order.
    ///
    /// A migration that has shipped is NEVER edited: databases in the field have already
    /// run it and would not run it again. Change the schema by appending `v2`, `v3`, ….
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try createTicketTables(db)
            try createDirectoryTables(db)
            try createSearchTables(db)
        }
        migrator.registerMigration("v2-occupancy-version") { db in
            // Directory replication: an occupancy link is last-writer-wins like every record.
            try db.alter(table: "occupancy") { t in
                t.add(column: "version_hlc", .integer)
                t.add(column: "version_origin", .text)
            }
        }
        migrator.registerMigration("v3-call-ledger-recordings") { db in
            try createCallLedgerTables(db)
            try createRecordingTables(db)
        }
        migrator.registerMigration("v4-campaigns") { db in
            try createCampaignTables(db)
        }
        migrator.registerMigration("v5-accounts-audit") { db in
            try createAccountTables(db)
            try createAuditTables(db)
        }
        migrator.registerMigration("v6-bills") { db in
            try createBillTables(db)
        }
        migrator.registerMigration("v7-attachments") { db in
            try createAttachmentTables(db)
        }
        migrator.registerMigration("v8-ticket-updated-index") { db in
            // "Recently updated" lists (the agent desktop, the wall's open tickets, the
            // reports' updated-since filter) order and filter by update time: without these
            // they sorted the whole ticket table.
            try db.create(index: "ticket_by_updated", on: "ticket", columns: ["updated_at_ms", "id"])
            try db.create(index: "ticket_by_site_updated", on: "ticket", columns: ["site", "updated_at_ms", "id"])
        }
        migrator.registerMigration("v9-account-version") { db in
            try addAccountVersion(db)
        }
        migrator.registerMigration("v10-attachment-copies") { db in
            // A photo fetched from the node that took it is a copy: it does not count against
            // the ticket's upload limit here (each node bounds its own uploads).
            try db.alter(table: "ticket_attachment") { t in
                t.add(column: "copied", .boolean).notNull().defaults(to: false)
            }
        }
        return migrator
    }

    // MARK: v1

    /// The event log (the truth) and the materialised current state of each ticket.
    private static func createTicketTables(_ db: Database) throws {
        try db.create(table: "ticket_event") { t in
            t.autoIncrementedPrimaryKey("rid")
            // EventID: the HLC packed into 64 bits (order-preserving) and the origin replica.
            t.column("hlc", .integer).notNull()
            t.column("origin", .text).notNull()
            t.column("ticket_id", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("parents", .jsonText).notNull()
            t.column("body", .jsonText).notNull()
            t.uniqueKey(["hlc", "origin"])
        }
        try db.create(index: "ticket_event_by_ticket", on: "ticket_event", columns: ["ticket_id", "hlc", "origin"])
        try db.create(index: "ticket_event_by_origin", on: "ticket_event", columns: ["origin", "hlc"])

        try db.create(table: "ticket") { t in
            t.autoIncrementedPrimaryKey("rid")  // stable rowid shared with ticket_fts
            t.column("id", .text).notNull().unique()
            t.column("number", .text).notNull()
            t.column("site_code", .text).notNull()
            t.column("year", .integer).notNull()
            t.column("sequence", .integer).notNull()
            t.column("site", .text).notNull()
            t.column("category", .text).notNull()
            t.column("priority", .text).notNull()
            t.column("status", .text).notNull()
            t.column("assignee", .text)
            t.column("department", .text)
            t.column("resident", .text)
            t.column("room", .text)
            t.column("building", .text)
            t.column("created_at_ms", .integer).notNull()
            t.column("updated_at_ms", .integer).notNull()
            t.column("escalation_level", .integer).notNull()
            t.column("state", .jsonText).notNull()
        }
        // One index per `TicketQuery` filter, each ending in the list order (newest first).
        let indexes: [(String, [String])] = [
            ("ticket_by_created", ["created_at_ms", "id"]),
            ("ticket_by_number", ["number"]),
            ("ticket_by_sequence", ["site_code", "year", "sequence"]),
            ("ticket_by_site", ["site", "created_at_ms"]),
            ("ticket_by_status", ["status", "created_at_ms"]),
            ("ticket_by_category", ["category", "created_at_ms"]),
            ("ticket_by_priority", ["priority", "created_at_ms"]),
            ("ticket_by_assignee", ["assignee", "created_at_ms"]),
            ("ticket_by_department", ["department", "created_at_ms"]),
            ("ticket_by_resident", ["resident", "created_at_ms"]),
            ("ticket_by_room", ["room", "created_at_ms"]),
            ("ticket_by_escalation", ["escalation_level", "created_at_ms"]),
        ]
        for (name, columns) in indexes {
            try db.create(index: name, on: "ticket", columns: columns)
        }
    }

    /// Residents, rooms, suppliers, fixtures, cases and dispatch rules: the record as JSON,
    /// the columns the lookups filter on, and the LWW version (`version_hlc`, `version_origin`,
    /// both NULL for an unversioned record).
    private static func createDirectoryTables(_ db: Database) throws {
        try db.create(table: "resident") { t in
            t.autoIncrementedPrimaryKey("rid")  // stable rowid shared with resident_fts
            t.column("id", .text).notNull().unique().check { length($0) > 0 }
            t.column("site", .text).notNull()
            t.column("name", .text).notNull()
            versionColumns(t)
        }
        try db.create(index: "resident_by_site", on: "resident", columns: ["site", "id"])

        try db.create(table: "resident_phone") { t in
            t.column("phone", .text).notNull().check { length($0) > 0 }
            t.column("resident_id", .text).notNull()
                .references("resident", column: "id", onDelete: .cascade)
            t.primaryKey(["phone", "resident_id"])
        }
        try db.create(index: "resident_phone_by_resident", on: "resident_phone", columns: ["resident_id"])

        try db.create(table: "room") { t in
            t.column("id", .text).primaryKey().check { length($0) > 0 }
            t.column("site", .text).notNull()
            t.column("building", .text).notNull()
            t.column("unit", .text).notNull()
            t.column("floor", .integer).notNull()
            t.column("number", .text).notNull()
            versionColumns(t)
        }
        try db.create(index: "room_by_site", on: "room", columns: ["site", "building", "unit", "floor", "number"])

        try db.create(table: "occupancy") { t in
            t.column("resident_id", .text).notNull()
                .references("resident", column: "id", onDelete: .cascade)
            t.column("room_id", .text).notNull()
                .references("room", column: "id", onDelete: .cascade)
            t.column("role", .text).notNull()
            t.primaryKey(["resident_id", "room_id"])
        }
        try db.create(index: "occupancy_by_room", on: "occupancy", columns: ["room_id"])

        try db.create(table: "supplier") { t in
            t.column("id", .text).primaryKey().check { length($0) > 0 }
            t.column("name", .text).notNull()
            versionColumns(t)
        }

        try db.create(table: "fixture") { t in
            t.column("id", .text).primaryKey().check { length($0) > 0 }
            t.column("site", .text).notNull()
            t.column("room_id", .text)
            t.column("building", .text)
            versionColumns(t)
        }
        try db.create(index: "fixture_by_room", on: "fixture", columns: ["room_id"])
        try db.create(index: "fixture_by_building", on: "fixture", columns: ["site", "building"])

        try db.create(table: "knowledge_case") { t in
            t.autoIncrementedPrimaryKey("rid")  // stable rowid shared with case_fts
            t.column("id", .text).notNull().unique().check { length($0) > 0 }
            t.column("category", .text).notNull()
            versionColumns(t)
        }

        try db.create(table: "dispatch_rule") { t in
            t.column("id", .text).primaryKey().check { length($0) > 0 }
            t.column("site", .text).notNull()
            versionColumns(t)
        }
        try db.create(index: "dispatch_rule_by_site", on: "dispatch_rule", columns: ["site", "id"])
    }

    private static func versionColumns(_ t: TableDefinition) {
        t.column("version_hlc", .integer)
        t.column("version_origin", .text)
        t.column("record", .jsonText).notNull()
    }

    /// FTS5 tables over pre-tokenised text (see `SearchText`): the `ascii` tokenizer keeps
    /// our CJK bigrams intact. Each row's rowid is the `rid` of the row it indexes.
    private static func createSearchTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE ticket_fts USING fts5(
                title, description, notes, resolution, number, tokenize = 'ascii');
            CREATE VIRTUAL TABLE resident_fts USING fts5(
                name, phones, note, tokenize = 'ascii');
            CREATE VIRTUAL TABLE case_fts USING fts5(
                title, symptom, solution, tags, tokenize = 'ascii');
            """)
    }
}
