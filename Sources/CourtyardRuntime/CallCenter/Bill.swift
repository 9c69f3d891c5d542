import CourtyardCRDT

// MARK: - Bill lines and payments

/// What a bill line charges for (水电气, property and parking fees).
public enum BillKind: String, Hashable, Sendable, Codable, CaseIterable {
    case water, electricity, gas
    case propertyFee = "property_fee"
    case parking
}

/// Where a payment came from.
public enum PaymentChannel: String, Hashable, Sendable, Codable, CaseIterable {
    case ivr, counter, app
}

/// A bill line's payment state, derived from its paid amount.
public enum BillStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case unpaid, partial, paid

    /// The status of a line of `amountCents` of which `paidCents` are paid.
    public static func of(amountCents: Int, paidCents: Int) -> BillStatus {
        paidCents <= 0 ? .unpaid : (paidCents >= amountCents ? .paid : .partial)
    }
}

/// One monthly bill line of a room: one fee kind for one period. Amounts are integer cents (CNY).
public struct Bill: Hashable, Sendable, Codable {
    public var id: String
    public var site: ReplicaID
    /// The directory's room id (joins the room's residents, hence the phones allowed to hear it).
    public var roomID: String
    /// The digits a caller keys in the IVR for this room.
    public var roomCode: String
    public var kind: BillKind
    /// The billing month, `YYYY-MM`.
    public var period: String
    public var amountCents: Int
    public var dueAtMs: Int64
    public var paidCents: Int

    public init(id: String, site: ReplicaID, roomID: String, roomCode: String, kind: BillKind, period: String,
                amountCents: Int, dueAtMs: Int64, paidCents: Int = 0) {
        self.id = id
        self.site = site
        self.roomID = roomID
        self.roomCode = roomCode
        self.kind = kind
        self.period = period
        self.amountCents = amountCents
        self.dueAtMs = dueAtMs
        self.paidCents = paidCents
    }

    public var status: BillStatus { BillStatus.of(amountCents: amountCents, paidCents: paidCents) }
    /// What is still owed on this line.
    public var outstandingCents: Int { max(0, amountCents - paidCents) }
}

/// One recorded payment against one bill line. A payment covering several lines is several
/// rows sharing its `reference` (the idempotency key).
public struct Payment: Hashable, Sendable, Codable {
    public var id: Int64
    public var billID: String
    public var amountCents: Int
    public var channel: PaymentChannel
    public var atMs: Int64
    public var reference: String
    /// The caller's canonical number, for phone payments.
    public var phone: String?

    public init(id: Int64, billID: String, amountCents: Int, channel: PaymentChannel, atMs: Int64,
                reference: String, phone: String? = nil) {
        self.id = id
        self.billID = billID
        self.amountCents = amountCents
        self.channel = channel
        self.atMs = atMs
        self.reference = reference
        self.phone = phone
    }
}

/// The outcome of an accepted payment: the lines it paid, and whether it was a retry of a
/// payment already recorded under the same reference (then nothing new was written).
public struct PaymentReceipt: Hashable, Sendable {
    public var reference: String
    public var amountCents: Int
    public var payments: [Payment]
    public var alreadyRecorded: Bool

    public init(reference: String, amountCents: Int, payments: [Payment], alreadyRecorded: Bool) {
        self.reference = reference
        self.amountCents = amountCents
        self.payments = payments
        self.alreadyRecorded = alreadyRecorded
    }
}

/// Why a bill or payment was refused. Thrown before anything is written.
public struct BillsError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Zero or negative amount.
        case nonPositiveAmount
        /// More than the room owes.
        case overpayment
        /// No bill carries this room code.
        case unknownRoom
        /// The reference was already used for a different payment.
        case referenceReused
        /// A malformed bill line or reference.
        case invalidInput
        /// Too many lines in one batch.
        case batchTooLarge
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
