import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Crypto
import Foundation
import GRDB

/// Ticket attachments in the node's database (`ticket_attachment`): the file is a BLOB in
/// its row, so it is exactly as durable as the ticket events (WAL, `synchronous = FULL`) and
/// goes with every backup of `courtyard.sqlite`.
///
/// The id is the first 128 bits of the file's SHA-256: uploading the same photo to the same
/// ticket again (a retry after a lost answer) finds the stored row and writes nothing.
public struct GRDBAttachmentStore: AttachmentStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: Store

    public func store(ticket: TicketID, format: AttachmentFormat, bytes: [UInt8], uploadedBy: String,
                      nowMs: Int64) async throws -> (attachment: TicketAttachment, created: Bool) {
        try AttachmentError.check(bytes, format: format)
        let digest = Array(SHA256.hash(data: bytes))
        let id = AttachmentID(sha256: digest)
        let hex = digest.map { byte -> String in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
        let attachment = TicketAttachment(id: id, ticketID: ticket, format: format, bytes: bytes.count, sha256: hex,
                                          uploadedBy: uploadedBy, uploadedAtMs: nowMs)
        return try await database.writer.write { db in
            if let existing = try Row.fetchOne(db, sql: Self.selectMetadata + " FROM ticket_attachment WHERE ticket_id = ? AND id = ?",
                                               arguments: [ticket.rawValue, id.rawValue]) {
                return (try Self.attachment(existing), false)
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_attachment WHERE ticket_id = ?",
                                         arguments: [ticket.rawValue]) ?? 0
            guard count < AttachmentLimits.perTicketMax else {
                throw AttachmentError(.tooMany, field: "file",
                                      "ticket \(ticket) already has \(count) attachments; the limit is \(AttachmentLimits.perTicketMax)")
            }
            try db.execute(sql: """
                INSERT INTO ticket_attachment (ticket_id, id, format, bytes, sha256, uploaded_by, uploaded_at_ms, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ticket.rawValue, id.rawValue, format.rawValue, bytes.count, hex, uploadedBy, nowMs,
                                 Data(bytes)])
            return (attachment, true)
        }
    }

    // MARK: Reads

    public func attachment(ticket: TicketID, id: AttachmentID) async throws -> (TicketAttachment, [UInt8])? {
        try await database.reader.read { db in
            guard let row = try Row.fetchOne(db, sql: Self.selectMetadata + ", data FROM ticket_attachment WHERE ticket_id = ? AND id = ?",
                                             arguments: [ticket.rawValue, id.rawValue]) else { return nil }
            let data: Data = row["data"]
            return (try Self.attachment(row), [UInt8](data))
        }
    }

    public func attachments(of ticket: TicketID) async throws -> [TicketAttachment] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: Self.selectMetadata + " FROM ticket_attachment WHERE ticket_id = ? ORDER BY uploaded_at_ms, id",
                             arguments: [ticket.rawValue]).map(Self.attachment)
        }
    }

    static let selectMetadata = "SELECT ticket_id, id, format, bytes, sha256, uploaded_by, uploaded_at_ms"

    static func attachment(_ row: Row) throws -> TicketAttachment {
        let ticketRaw: String = row["ticket_id"], idRaw: String = row["id"], formatRaw: String = row["format"]
        guard let ticket = TicketID(validating: ticketRaw), let id = AttachmentID(validating: idRaw),
              let format = AttachmentFormat(rawValue: formatRaw) else {
            throw StorageError(.corruptRow, "ticket_attachment row \(ticketRaw)/\(idRaw) is malformed")
        }
        return TicketAttachment(id: id, ticketID: ticket, format: format, bytes: row["bytes"], sha256: row["sha256"],
                                uploadedBy: row["uploaded_by"], uploadedAtMs: row["uploaded_at_ms"])
    }
}

extension AppDatabase {
    public var attachmentStore: GRDBAttachmentStore { GRDBAttachmentStore(database: self) }
}
