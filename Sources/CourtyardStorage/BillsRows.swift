import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

// MARK: - Limits and validation

/// Bounds on bill inputs; everything outside them is refused with a `BillsError`.
public enum BillsLimits {
    public static let idCharactersMax = 128
    public static let roomCodeDigitsMax = 16
    public static let referenceCharactersMax = 128
    /// Same ceiling as a room's arrears: far beyond any real bill, never overflows sums.
    public static let amountCentsMax = DirectoryLimits.arrearsCentsMax
    /// Bill lines per `insert` (one transaction).
    public static let batchMax = 50_000
    /// Rows per list read.
    public static let listMax = 1_000
}

extension Bill {
    /// Checks one line before it is stored.
    func validate() throws {
        func fail(_ why: String) -> BillsError { BillsError(.invalidInput, "bill '\(id.prefix(64))': \(why)") }
        guard (1...BillsLimits.idCharactersMax).contains(id.count) else { throw fail("id must have 1–128 characters") }
        guard (1...BillsLimits.idCharactersMax).contains(roomID.count) else { throw fail("room id must have 1–128 characters") }
        guard BillsValidation.isRoomCode(roomCode) else { throw fail("room code must be 1–16 digits") }
        guard BillsValidation.isPeriod(period) else { throw fail("period must be YYYY-MM") }
        guard (1...BillsLimits.amountCentsMax).contains(amountCents) else { throw fail("amount must be 1…\(BillsLimits.amountCentsMax) cents") }
        guard (0...amountCents).contains(paidCents) else { throw fail("paid must be 0…amount cents") }
    }
}

enum BillsValidation {
    static func isRoomCode(_ s: String) -> Bool {
        (1...BillsLimits.roomCodeDigitsMax).contains(s.count) && s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    static func isPeriod(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]) else { return false }
        return (1970...9999).contains(year) && (1...12).contains(month)
    }

    static func checkReference(_ r: String) throws {
        guard (1...BillsLimits.referenceCharactersMax).contains(r.count),
              !r.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw BillsError(.invalidInput, "payment reference must have 1–128 printable characters")
        }
    }
}

// MARK: - Rows

/// One row of `bill`.
struct BillRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "bill"

    var id: String
    var site: String
    var roomID: String
    var roomCode: String
    var kind: String
    var period: String
    var amountCents: Int
    var dueAtMs: Int64
    var paidCents: Int
    var status: String

    enum CodingKeys: String, CodingKey {
        case id, site, roomID = "room_id", roomCode = "room_code", kind, period, amountCents = "amount_cents"
        case dueAtMs = "due_at_ms", paidCents = "paid_cents", status
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let site = Column(CodingKeys.site)
        static let roomID = Column(CodingKeys.roomID)
        static let roomCode = Column(CodingKeys.roomCode)
        static let amountCents = Column(CodingKeys.amountCents)
        static let dueAtMs = Column(CodingKeys.dueAtMs)
        static let paidCents = Column(CodingKeys.paidCents)
    }

    init(_ b: Bill) {
        id = b.id
        site = b.site.rawValue
        roomID = b.roomID
        roomCode = b.roomCode
        kind = b.kind.rawValue
        period = b.period
        amountCents = b.amountCents
        dueAtMs = b.dueAtMs
        paidCents = b.paidCents
        status = b.status.rawValue
    }

    var outstandingCents: Int { max(0, amountCents - paidCents) }

    func bill() throws -> Bill {
        guard let site = ReplicaID(validating: site), let kind = BillKind(rawValue: kind) else {
            throw StorageError(.corruptRow, "bill row '\(id.prefix(64))' has an invalid site or kind")
        }
        return Bill(id: id, site: site, roomID: roomID, roomCode: roomCode, kind: kind, period: period,
                    amountCents: amountCents, dueAtMs: dueAtMs, paidCents: paidCents)
    }
}

/// One row of `payment`.
struct PaymentRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "payment"

    var id: Int64?
    var billID: String
    var amountCents: Int
    var channel: String
    var atMs: Int64
    var reference: String
    var phone: String?

    enum CodingKeys: String, CodingKey {
        case id, billID = "bill_id", amountCents = "amount_cents", channel, atMs = "at_ms", reference, phone
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let billID = Column(CodingKeys.billID)
        static let reference = Column(CodingKeys.reference)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func payment() throws -> Payment {
        guard let id, let channel = PaymentChannel(rawValue: channel) else {
            throw StorageError(.corruptRow, "payment row \(id ?? -1) has an invalid channel")
        }
        return Payment(id: id, billID: billID, amountCents: amountCents, channel: channel, atMs: atMs,
                       reference: reference, phone: phone)
    }
}
