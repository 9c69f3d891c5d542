import GRDB

extension AppDatabase {
    // MARK: v4 — outbound campaigns

    /// Campaigns (the whole value as JSON plus the columns lists filter on), one row per
    /// message with its state machine in columns, and residents' opt-outs.
    static func createCampaignTables(_ db: Database) throws {
        try db.create(table: "campaign") { t in
            t.column("id", .text).primaryKey()
            t.column("site", .text).notNull()
            t.column("status", .text).notNull()
            t.column("created_at_ms", .integer).notNull()
            t.column("updated_at_ms", .integer).notNull()
            t.column("record", .jsonText).notNull()
        }
        try db.create(index: "campaign_by_site", on: "campaign", columns: ["site", "status", "created_at_ms"])

        try db.create(table: "campaign_message") { t in
            t.column("id", .text).primaryKey()
            t.column("campaign_id", .text).notNull().references("campaign", column: "id", onDelete: .cascade)
            t.column("seq", .integer).notNull()
            t.column("resident_id", .text).notNull()
            t.column("phone", .text).notNull()
            t.column("body", .text).notNull()
            t.column("state", .text).notNull()
            t.column("attempts", .integer).notNull()
            t.column("next_attempt_at_ms", .integer).notNull()
            t.column("provider_message_id", .text)
            t.column("failure", .text)
            t.column("detail", .text)
            t.column("updated_at_ms", .integer).notNull()
            t.uniqueKey(["campaign_id", "seq"])
        }
        try db.create(index: "campaign_message_by_state", on: "campaign_message", columns: ["campaign_id", "state", "seq"])
        try db.create(index: "campaign_message_by_due", on: "campaign_message",
                      columns: ["campaign_id", "state", "next_attempt_at_ms"])
        try db.create(index: "campaign_message_by_provider_id", on: "campaign_message", columns: ["provider_message_id"])

        try db.create(table: "campaign_opt_out") { t in
            t.column("resident_id", .text).notNull()
            t.column("channel", .text).notNull()
            t.column("at_ms", .integer).notNull()
            t.primaryKey(["resident_id", "channel"])
        }
    }
}
