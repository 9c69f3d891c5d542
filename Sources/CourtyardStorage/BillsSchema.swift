import GRDB

extension AppDatabase {
    // MARK: v6 — bills and payments

    /// Bill lines (one fee kind of one room for one month) and the payments against them.
    /// `paid_cents` is the sum of the line's payments, kept in the payment's transaction;
    /// `status` follows from it. A payment's `reference` is its idempotency key: one payment
    /// covering several lines is several rows with the same reference.
    static func createBillTables(_ db: Database) throws {
        try db.create(table: "bill") { t in
            t.column("id", .text).primaryKey().check { length($0) > 0 }
            t.column("site", .text).notNull()
            t.column("room_id", .text).notNull()
            t.column("room_code", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("period", .text).notNull()
            t.column("amount_cents", .integer).notNull().check { $0 > 0 }
            t.column("due_at_ms", .integer).notNull()
            t.column("paid_cents", .integer).notNull().defaults(to: 0)
            t.column("status", .text).notNull()
            t.check(sql: "paid_cents >= 0 AND paid_cents <= amount_cents")
        }
        try db.create(index: "bill_by_room_code", on: "bill", columns: ["room_code", "due_at_ms", "id"])
        try db.create(index: "bill_by_room", on: "bill", columns: ["room_id", "due_at_ms", "id"])
        try db.create(index: "bill_by_site_status", on: "bill", columns: ["site", "status", "room_id"])

        try db.create(table: "payment") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("bill_id", .text).notNull().references("bill", column: "id", onDelete: .restrict)
            t.column("amount_cents", .integer).notNull().check { $0 > 0 }
            t.column("channel", .text).notNull()
            t.column("at_ms", .integer).notNull()
            t.column("reference", .text).notNull().check { length($0) > 0 }
            t.column("phone", .text)
            t.uniqueKey(["reference", "bill_id"])
        }
        try db.create(index: "payment_by_bill", on: "payment", columns: ["bill_id", "at_ms"])
    }
}
