import CourtyardCRDT
import Synchronization

// MARK: - Bills (fee inquiry, arrears)

/// One room's outstanding utility and property fees, as the billing system knows them.
public struct RoomBill: Hashable, Sendable, Codable {
    /// The code a caller keys in the IVR (digits only, e.g. `1203` for building 12 room 03).
    public var roomCode: String
    /// The directory's room id, when known (screen pop joins on it).
    public var roomID: String?
    /// Amount due in cents; 0 when paid up.
    public var amountDueCents: Int
    /// Canonical phone numbers allowed to hear this room's bill by phone.
    public var phones: [String]
    /// A short spoken summary of the room's insurance policies, if any.
    public var insuranceSummary: String?

    public init(roomCode: String, roomID: String? = nil, amountDueCents: Int, phones: [String] = [],
                insuranceSummary: String? = nil) {
        self.roomCode = roomCode
        self.roomID = roomID
        self.amountDueCents = amountDueCents
        self.phones = phones
        self.insuranceSummary = insuranceSummary
    }
}

/// Where the call center reads bills and records phone payments. There was no billing
/// store in the code base yet; this is the minimal protocol the IVR and the screen pop need,
/// with `InMemoryBillsStore` for tests and the demo. A billing-system adapter implements it.
public protocol BillsStore: Sendable {
    /// The bill of a room by its IVR code; nil when unknown.
    func bill(roomCode: String) async throws -> RoomBill?
    /// Every bill a caller's canonical number may hear (screen pop arrears), at most 50.
    func bills(phone: String) async throws -> [RoomBill]
    /// Records a confirmed payment of `amountCents`; returns false when refused.
    func recordPayment(roomCode: String, amountCents: Int, phone: String?) async throws -> Bool
    /// Records a confirmed payment idempotently: a retry with the same `reference` is not
    /// recorded twice (and answers true). Returns true only once the payment is durable.
    func recordPayment(roomCode: String, amountCents: Int, phone: String?, reference: String) async throws -> Bool
}

extension BillsStore {
    /// Stores without idempotency keys record the payment as is.
    public func recordPayment(roomCode: String, amountCents: Int, phone: String?, reference: String) async throws -> Bool {
        try await recordPayment(roomCode: roomCode, amountCents: amountCents, phone: phone)
    }
}

/// Bills in memory, for tests and the demo.
public final class InMemoryBillsStore: BillsStore {
    private let state: Mutex<[String: RoomBill]>

    public init(_ bills: [RoomBill] = []) {
        state = Mutex(Dictionary(bills.map { ($0.roomCode, $0) }, uniquingKeysWith: { _, b in b }))
    }

    public func put(_ bill: RoomBill) { state.withLock { $0[bill.roomCode] = bill } }

    public func bill(roomCode: String) async throws -> RoomBill? { state.withLock { $0[roomCode] } }

    public func bills(phone: String) async throws -> [RoomBill] {
        state.withLock { s in
            Array(s.values.filter { $0.phones.contains(phone) }.sorted { $0.roomCode < $1.roomCode }.prefix(50))
        }
    }

    public func recordPayment(roomCode: String, amountCents: Int, phone: String?) async throws -> Bool {
        state.withLock { s in
            guard var b = s[roomCode], amountCents > 0, amountCents <= b.amountDueCents else { return false }
            b.amountDueCents -= amountCents
            s[roomCode] = b
            return true
        }
    }
}
