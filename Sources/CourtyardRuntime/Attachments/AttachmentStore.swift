import CourtyardCRDT
import CourtyardDomain

// MARK: - Attachment storage

/// Durable storage of ticket attachments (photos on notes) on this node. Attachments are per
/// node: a note's `photos` ids replicate with the ticket, the files do not (DESIGN §4;
/// docs/operations.md), so another node answers 404 for a photo taken elsewhere.
///
/// Contract: `store` checks the file (`AttachmentError.check`) and the per-ticket bound
/// before writing; it writes the file and its row in one transaction, or nothing. Storing
/// the same bytes again on the same ticket returns the existing attachment (`created` false).
public protocol AttachmentStore: Sendable {
    func store(ticket: TicketID, format: AttachmentFormat, bytes: [UInt8], uploadedBy: String,
               nowMs: Int64) async throws -> (attachment: TicketAttachment, created: Bool)
    /// One attachment's description and bytes; nil when this node holds no such file.
    func attachment(ticket: TicketID, id: AttachmentID) async throws -> (TicketAttachment, [UInt8])?
    /// The attachments of a ticket, oldest first.
    func attachments(of ticket: TicketID) async throws -> [TicketAttachment]
}
