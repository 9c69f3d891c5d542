import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import Foundation

// MARK: - Photos held by another node

/// A piece of an attachment, as a site actor sends it to another node. Replies between
/// nodes are bounded (`ClusterActorSystemSettings.payloadBytesMax`, 256 KiB), so a photo
/// (up to 5 MiB) travels in chunks of at most `bytesMax`.
public struct AttachmentChunk: Codable, Sendable, Hashable {
    /// 128 KiB: about 171 KiB once base64-encoded in the reply, well under the bound.
    public static let bytesMax = 128 * 1024

    public var attachment: TicketAttachment
    public var offset: Int
    public var data: Data

    public init(attachment: TicketAttachment, offset: Int, data: Data) {
        self.attachment = attachment
        self.offset = offset
        self.data = data
    }
}

/// How a node asks the others for a photo.
public protocol AttachmentPeers: Sendable {
    /// Every other site known to this node, sorted by site (`SiteSnapshotPeers.peers`).
    func peers() async -> [SnapshotPeer]
    /// Asks `node` for the chunk of the attachment at `offset`; nil when it holds no such file.
    func attachmentChunk(of node: PeerIdentity, ticket: TicketID, id: AttachmentID, offset: Int,
                         timeout: Duration) async throws -> AttachmentChunk?
}

/// Why a photo could not be fetched from the node that holds it.
public struct AttachmentFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Finds a photo this node does not hold on the other nodes (each asked in site order, one
/// at a time, each chunk within `callTimeoutMs`), checks it and keeps a copy here, so the
/// next request is local. A node answering an inconsistent chunk or bytes that do not hash
/// to the id is skipped (the store refuses such bytes); nothing is stored unless the whole
/// file arrived and passed.
public struct AttachmentFetcher: Sendable {
    public let store: any AttachmentStore
    public let peers: any AttachmentPeers
    public let callTimeoutMs: Int64

    public init(store: any AttachmentStore, peers: any AttachmentPeers, callTimeoutMs: Int64 = 3_000) {
        precondition(callTimeoutMs > 0)
        self.store = store
        self.peers = peers
        self.callTimeoutMs = callTimeoutMs
    }

    /// The attachment and its bytes, fetched and stored here; nil when no reachable node
    /// holds it. Throws `AttachmentFetchError` when nodes held it but none delivered it
    /// intact (the reasons, one per node).
    public func fetch(ticket: TicketID, id: AttachmentID) async throws -> (TicketAttachment, [UInt8])? {
        var problems: [String] = []
        for peer in await peers.peers() {
            guard let node = peer.node else { continue }
            do {
                guard let (attachment, bytes) = try await download(ticket: ticket, id: id, from: node) else { continue }
                let stored = try await store.storeCopy(of: id, ticket: ticket, format: attachment.format, bytes: bytes,
                                                       uploadedBy: attachment.uploadedBy,
                                                       uploadedAtMs: attachment.uploadedAtMs)
                return (stored, bytes)
            } catch {
                problems.append("\(peer.site): \(error)")
            }
        }
        if problems.isEmpty { return nil }
        throw AttachmentFetchError("photo \(id) of ticket \(ticket) could not be fetched: " + problems.joined(separator: "; "))
    }

    /// The whole file from one node, chunk by chunk; nil when the node holds no such file.
    func download(ticket: TicketID, id: AttachmentID, from node: PeerIdentity) async throws -> (TicketAttachment, [UInt8])? {
        let timeout = Duration.milliseconds(callTimeoutMs)
        guard let first = try await peers.attachmentChunk(of: node, ticket: ticket, id: id, offset: 0, timeout: timeout) else {
            return nil
        }
        let attachment = first.attachment
        let total = attachment.bytes
        guard attachment.id == id, attachment.ticketID == ticket, (1...AttachmentLimits.bytesMax).contains(total) else {
            throw AttachmentFetchError("answered a different or implausible attachment (\(attachment.id), \(total) bytes)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        var chunk = first
        while true {
            // Every chunk but the last is full: at most ⌈5 MiB / 128 KiB⌉ = 40 calls per node,
            // each within the call timeout, whatever the node answers.
            let expected = min(AttachmentChunk.bytesMax, total - bytes.count)
            guard chunk.offset == bytes.count, chunk.attachment == attachment, chunk.data.count == expected else {
                throw AttachmentFetchError("answered an inconsistent chunk at offset \(bytes.count)")
            }
            bytes += chunk.data
            if bytes.count == total { return (attachment, bytes) }
            guard let next = try await peers.attachmentChunk(of: node, ticket: ticket, id: id, offset: bytes.count,
                                                             timeout: timeout) else {
                throw AttachmentFetchError("lost the file after \(bytes.count) of \(total) bytes")
            }
            chunk = next
        }
    }
}
