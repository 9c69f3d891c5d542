import CourtyardCRDT
import CourtyardRuntime
import GRDB

/// A room's unpaid total, for arrears lists (screen pop, campaign audiences).
public struct RoomArrears: Hashable, Sendable {
    public var roomID: String
    public var roomCode: String
    public var amountDueCents: Int

    public init(roomID: String, roomCode: String, amountDueCents: Int) {
        self.roomID = roomID
        self.roomCode = roomCode
        self.amountDueCents = amountDueCents
    }
}

/// The SQLite `BillsStore`: tables `bill` and `payment`. A payment returns only after its
/// transaction committed (the database syncs every commit), so an acknowledged phone
/// payment survives a crash; it is idempotent by its reference.
public struct GRDBBillsStore: BillsStore {
    let database: AppDatabase
    let wallClock: any WallClock

    /// `wallClock` stamps payments (`at_ms`).
    public init(database: AppDatabase, wallClock: any WallClock) {
        self.database = database
        self.wallClock = wallClock
    }

    // MARK: Bill lines

    /// Stores new bill lines in one transaction; a malformed line refuses the whole batch.
    public func insert(_ bills: [Bill]) async throws {
        guard bills.count <= BillsLimits.batchMax else {
            throw BillsError(.batchTooLarge, "at most \(BillsLimits.batchMax) bill lines per batch (got \(bills.count))")
        }
        for b in bills { try b.validate() }
        let rows = bills.map(BillRow.init)
        try await database.writer.write { db in
            for row in rows { try row.insert(db) }
        }
    }

    /// A room's bill lines, oldest due first (at most `BillsLimits.listMax`).
    public func bills(roomID: String) async throws -> [Bill] {
        typealias C = BillRow.Columns
        return try await database.reader.read { db in
            try BillRow.filter(C.roomID == roomID).order(C.dueAtMs, C.id).limit(BillsLimits.listMax)
                .fetchAll(db).map { try $0.bill() }
        }
    }

    /// Rooms of `site` that owe something, by room id (at most `limit`, ≤ `BillsLimits.listMax`).
    public func arrears(site: ReplicaID, limit: Int = BillsLimits.listMax) async throws -> [RoomArrears] {
        let limit = min(max(limit, 1), BillsLimits.listMax)
        let sql = """
            SELECT room_id, MIN(room_code) AS room_code, SUM(amount_cents - paid_cents) AS due FROM bill
            WHERE site = ? AND status != 'paid' GROUP BY room_id ORDER BY room_id LIMIT ?
            """
        return try await database.reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [site.rawValue, limit]).map {
                RoomArrears(roomID: $0["room_id"], roomCode: $0["room_code"], amountDueCents: $0["due"])
            }
        }
    }

    /// The payments recorded under one reference, in order.
    public func payments(reference: String) async throws -> [Payment] {
        try await database.reader.read { db in
            try PaymentRow.filter(PaymentRow.Columns.reference == reference).order(PaymentRow.Columns.id)
                .fetchAll(db).map { try $0.payment() }
        }
    }

    /// How many payment rows are stored; for audits and tests.
    public func paymentCount() async throws -> Int {
        try await database.reader.read { db in try PaymentRow.fetchCount(db) }
    }

    // MARK: BillsStore

    public func bill(roomCode: String) async throws -> RoomBill? {
        guard BillsValidation.isRoomCode(roomCode) else { return nil }
        let sql = """
            SELECT MIN(room_id) AS room_id, SUM(amount_cents - paid_cents) AS due FROM bill WHERE room_code = ?
            HAVING COUNT(*) > 0
            """
        return try await database.reader.read { db in
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [roomCode]) else { return nil }
            let roomID: String = row["room_id"]
            return RoomBill(roomCode: roomCode, roomID: roomID, amountDueCents: row["due"],
                            phones: try Self.phones(roomCode: roomCode, db))
        }
    }

    public func bills(phone: String) async throws -> [RoomBill] {
        let sql = """
            SELECT room_code, MIN(room_id) AS room_id, SUM(amount_cents - paid_cents) AS due FROM bill
            WHERE room_id IN (SELECT o.room_id FROM occupancy o JOIN resident_phone p ON p.resident_id = o.resident_id
                              WHERE p.phone = ?)
            GROUP BY room_code ORDER BY room_code LIMIT 50
            """
        return try await database.reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [phone]).map { row in
                let code: String = row["room_code"]
                return RoomBill(roomCode: code, roomID: row["room_id"], amountDueCents: row["due"],
                                phones: try Self.phones(roomCode: code, db))
            }
        }
    }

    /// Without a reference the payment cannot be deduplicated; the caller's number and the
    /// current amount stand in for one. Prefer the `reference:` overload.
    public func recordPayment(roomCode: String, amountCents: Int, phone: String?) async throws -> Bool {
        try await recordPayment(roomCode: roomCode, amountCents: amountCents, phone: phone,
                                reference: "ivr:\(wallClock.nowMs()):\(roomCode):\(amountCents)")
    }

    public func recordPayment(roomCode: String, amountCents: Int, phone: String?, reference: String) async throws -> Bool {
        do {
            _ = try await pay(roomCode: roomCode, amountCents: amountCents, channel: .ivr, reference: reference,
                              phone: phone)
            return true
        } catch is BillsError {
            return false
        }
    }

    /// The canonical numbers of the residents of the rooms carrying `roomCode`, sorted.
    static func phones(roomCode: String, _ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT p.phone FROM bill b JOIN occupancy o ON o.room_id = b.room_id
            JOIN resident_phone p ON p.resident_id = o.resident_id WHERE b.room_code = ? ORDER BY p.phone LIMIT 50
            """, arguments: [roomCode])
    }
}

extension AppDatabase {
    /// The bills and payments over this database.
    public func billsStore(wallClock: any WallClock) -> GRDBBillsStore {
        GRDBBillsStore(database: self, wallClock: wallClock)
    }
}
