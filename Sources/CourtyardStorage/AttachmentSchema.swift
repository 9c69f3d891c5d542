import GRDB

extension AppDatabase {
    // MARK: v7 — attachments and node settings

    /// Photos on ticket notes, the file in the row (a few MB at most, `AttachmentLimits`),
    /// keyed by ticket and content-derived id; and the node's run-time settings (the IVR
    /// menu and notices edited on the supervisor wall).
    static func createAttachmentTables(_ db: Database) throws {
        try db.create(table: "ticket_attachment") { t in
            t.column("ticket_id", .text).notNull()
            t.column("id", .text).notNull()
            t.column("format", .text).notNull()
            t.column("bytes", .integer).notNull()
            t.column("sha256", .text).notNull()
            t.column("uploaded_by", .text).notNull()
            t.column("uploaded_at_ms", .integer).notNull()
            t.column("data", .blob).notNull()
            t.primaryKey(["ticket_id", "id"])
        }
        try db.create(table: "node_setting") { t in
            t.column("key", .text).primaryKey()
            t.column("value", .jsonText).notNull()
            t.column("updated_by", .text).notNull()
            t.column("updated_at_ms", .integer).notNull()
        }
    }
}
