import CourtyardRuntime
import GRDB

extension GRDBBillsStore {
    // MARK: Payments

    /// Pays `amountCents` towards the room's unpaid lines, oldest due first, in one
    /// transaction; returns after the commit. Refused with a `BillsError` (nothing written)
    /// when the amount is not positive, exceeds what the room owes, or the room is unknown.
    /// A retry with a `reference` already recorded for the same room and amount writes
    /// nothing and returns the original receipt (`alreadyRecorded`); a different payment
    /// under a used reference is refused.
    public func pay(roomCode: String, amountCents: Int, channel: PaymentChannel, reference: String,
                    phone: String? = nil) async throws -> PaymentReceipt {
        guard amountCents > 0 else {
            throw BillsError(.nonPositiveAmount, "a payment must be a positive amount of cents (got \(amountCents))")
        }
        guard BillsValidation.isRoomCode(roomCode) else {
            throw BillsError(.invalidInput, "room code must be 1–16 digits")
        }
        try BillsValidation.checkReference(reference)
        let nowMs = wallClock.nowMs()
        let phone = phone.map { String($0.prefix(32)) }
        return try await database.writer.write { db in
            if let receipt = try Self.retried(reference: reference, roomCode: roomCode, amountCents: amountCents, db) {
                return receipt
            }
            typealias C = BillRow.Columns
            let open = try BillRow.filter(C.roomCode == roomCode && C.paidCents < C.amountCents)
                .order(C.dueAtMs, C.id).fetchAll(db)
            let due = open.reduce(0) { $0 + $1.outstandingCents }
            if open.isEmpty, try BillRow.filter(C.roomCode == roomCode).fetchCount(db) == 0 {
                throw BillsError(.unknownRoom, "no bill for room code \(roomCode)")
            }
            guard amountCents <= due else {
                throw BillsError(.overpayment, "room \(roomCode) owes \(due) cents; refusing a payment of \(amountCents)")
            }
            var left = amountCents
            var payments: [Payment] = []
            for var bill in open where left > 0 {
                let part = min(left, bill.outstandingCents)
                left -= part
                bill.paidCents += part
                bill.status = BillStatus.of(amountCents: bill.amountCents, paidCents: bill.paidCents).rawValue
                try bill.update(db)
                var row = PaymentRow(id: nil, billID: bill.id, amountCents: part, channel: channel.rawValue,
                                     atMs: nowMs, reference: reference, phone: phone)
                try row.insert(db)
                payments.append(try row.payment())
            }
            return PaymentReceipt(reference: reference, amountCents: amountCents, payments: payments,
                                  alreadyRecorded: false)
        }
    }

    /// The receipt of a payment already recorded under `reference`, nil when it is new.
    private static func retried(reference: String, roomCode: String, amountCents: Int,
                                _ db: Database) throws -> PaymentReceipt? {
        let rows = try PaymentRow.filter(PaymentRow.Columns.reference == reference)
            .order(PaymentRow.Columns.id).fetchAll(db)
        guard !rows.isEmpty else { return nil }
        let total = rows.reduce(0) { $0 + $1.amountCents }
        let codes = try String.fetchSet(db, BillRow.filter(rows.map(\.billID).contains(BillRow.Columns.id))
            .select(BillRow.Columns.roomCode))
        guard total == amountCents, codes == [roomCode] else {
            throw BillsError(.referenceReused, "payment reference '\(reference.prefix(64))' was used for another payment")
        }
        return PaymentReceipt(reference: reference, amountCents: total, payments: try rows.map { try $0.payment() },
                              alreadyRecorded: true)
    }
}
