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
        let (id, hex) = Self.digest(bytes)
        return try await insert(TicketAttachment(id: id, ticketID: ticket, format: format, bytes: bytes.count, sha256: hex,
                                                 uploadedBy: uploadedBy, uploadedAtMs: nowMs), bytes: bytes)
    }

    public func storeCopy(of id: AttachmentID, ticket: TicketID, format: AttachmentFormat, bytes: [UInt8],
                          uploadedBy: String, uploadedAtMs: Int64) async throws -> TicketAttachment {
        try AttachmentError.check(bytes, format: format)
        let (actual, hex) = Self.digest(bytes)
        guard actual == id else {
            throw AttachmentError(.contentMismatch, field: "file", "the bytes received for \(id) hash to \(actual)")
        }
        let by = String(uploadedBy.prefix(128))  // a peer's answer: bounded like a username
        return try await insert(TicketAttachment(id: id, ticketID: ticket, format: format, bytes: bytes.count, sha256: hex,
                                                 uploadedBy: by, uploadedAtMs: uploadedAtMs), bytes: bytes, copy: true).attachment
    }

    /// The id (first 128 bits of the SHA-256) and the whole digest in hex.
    static func digest(_ bytes: [UInt8]) -> (AttachmentID, String) {
        let digest = Array(SHA256.hash(data: bytes))
        let hex = digest.map { byte -> String in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
        return (AttachmentID(sha256: digest), hex)
    }

    /// Inserts the row unless the ticket already has this file. An upload beyond
    /// `AttachmentLimits.perTicketMax` uploads on this ticket is refused; a `copy` (fetched
    /// from the node that took it) does not count and is not refused: copies come only from
    /// other nodes' uploads, each bounded there.
    private func insert(_ attachment: TicketAttachment, bytes: [UInt8],
                        copy: Bool = false) async throws -> (attachment: TicketAttachment, created: Bool) {
        let ticket = attachment.ticketID, id = attachment.id
        return try await database.writer.write { db in
            if let existing = try Row.fetchOne(db, sql: Self.selectMetadata + " FROM ticket_attachment WHERE ticket_id = ? AND id = ?",
                                               arguments: [ticket.rawValue, id.rawValue]) {
                return (try Self.attachment(existing), false)
            }
            if !copy {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_attachment WHERE ticket_id = ? AND NOT copied",
                                             arguments: [ticket.rawValue]) ?? 0
                guard count < AttachmentLimits.perTicketMax else {
                    throw AttachmentError(.tooMany, field: "file",
                                          "ticket \(ticket) already has \(count) attachments; the limit is \(AttachmentLimits.perTicketMax)")
                }
            }
            try db.execute(sql: """
                INSERT INTO ticket_attachment (ticket_id, id, format, bytes, sha256, uploaded_by, uploaded_at_ms, data, copied)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ticket.rawValue, id.rawValue, attachment.format.rawValue, bytes.count, attachment.sha256,
                                 attachment.uploadedBy, attachment.uploadedAtMs, Data(bytes), copy])
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

    public func chunk(ticket: TicketID, id: AttachmentID, offset: Int, length: Int) async throws -> (TicketAttachment, [UInt8])? {
        guard offset >= 0, length > 0 else { return nil }
        return try await database.reader.read { db in
            // substr() on a BLOB counts bytes from 1: only the chunk leaves SQLite.
            guard let row = try Row.fetchOne(db, sql: Self.selectMetadata + ", substr(data, ?, ?) AS part FROM ticket_attachment WHERE ticket_id = ? AND id = ?",
                                             arguments: [offset + 1, length, ticket.rawValue, id.rawValue]) else { return nil }
            let part: Data? = row["part"]
            return (try Self.attachment(row), [UInt8](part ?? Data()))
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
