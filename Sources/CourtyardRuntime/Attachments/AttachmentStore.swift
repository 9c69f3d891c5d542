import CourtyardCRDT
import CourtyardDomain

// MARK: - Attachment storage

/// Durable storage of ticket attachments (photos on notes) on this node. A note's `photos`
/// ids replicate with the ticket, the files do not: a node asked for a photo it does not
/// hold fetches it from the node that does (`AttachmentFetcher`, in chunks through the site
/// actors) and keeps a copy (docs/operations.md).
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
    /// Up to `length` bytes of an attachment from `offset`, with its description; nil when
    /// this node holds no such file. (Another node fetches a photo in chunks of this.)
    func chunk(ticket: TicketID, id: AttachmentID, offset: Int, length: Int) async throws -> (TicketAttachment, [UInt8])?
    /// Stores a copy of a photo fetched from another node — only when the bytes pass the
    /// same checks as an upload and hash to `id` (a peer's answer is untrusted: else
    /// `AttachmentError.contentMismatch`). Keeps the original uploader and time; storing it
    /// again returns the stored one.
    func storeCopy(of id: AttachmentID, ticket: TicketID, format: AttachmentFormat, bytes: [UInt8],
                   uploadedBy: String, uploadedAtMs: Int64) async throws -> TicketAttachment
}
