import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardRuntime
import Foundation
import Synchronization
import Testing

/// A photo taken at one node is fetched, in chunks through the site actors, by a node asked
/// for it that does not hold it; it is checked before it is kept, and a node answering
/// wrong bytes gets nothing stored.
@Suite struct AttachmentFetcherTests {
    /// An attachment store in memory. Ids come from `digest` (a stand-in for SHA-256: this
    /// target has no crypto), and `storeCopy` checks them as the SQLite store does.
    final class MemoryAttachments: AttachmentStore, Sendable {
        let files = Mutex<[String: (TicketAttachment, [UInt8])]>([:])
        /// Bytes flipped in every chunk served: a node that answers corrupt data.
        let corrupt: Bool
        /// Chunks of at most this many bytes: a node dribbling the file out.
        let chunkMax: Int?

        init(corrupt: Bool = false, chunkMax: Int? = nil) {
            self.corrupt = corrupt
            self.chunkMax = chunkMax
        }

        static func digest(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for round in 0..<4 {
                for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
                h ^= UInt64(round)
                out += withUnsafeBytes(of: h.bigEndian, Array.init)
            }
            return out
        }

        static func key(_ t: TicketID, _ id: AttachmentID) -> String { "\(t.rawValue)/\(id.rawValue)" }

        func store(ticket: TicketID, format: AttachmentFormat, bytes: [UInt8], uploadedBy: String,
                   nowMs: Int64) async throws -> (attachment: TicketAttachment, created: Bool) {
            try AttachmentError.check(bytes, format: format)
            let id = AttachmentID(sha256: Self.digest(bytes))
            let a = TicketAttachment(id: id, ticketID: ticket, format: format, bytes: bytes.count, sha256: "-",
                                     uploadedBy: uploadedBy, uploadedAtMs: nowMs)
            return files.withLock { files in
                if let existing = files[Self.key(ticket, id)] { return (existing.0, false) }
                files[Self.key(ticket, id)] = (a, bytes)
                return (a, true)
            }
        }

        func attachment(ticket: TicketID, id: AttachmentID) async throws -> (TicketAttachment, [UInt8])? {
            files.withLock { $0[Self.key(ticket, id)] }
        }

        func attachments(of ticket: TicketID) async throws -> [TicketAttachment] {
            files.withLock { $0.values.map(\.0).filter { $0.ticketID == ticket }.sorted { $0.id < $1.id } }
        }

        func chunk(ticket: TicketID, id: AttachmentID, offset: Int, length: Int) async throws -> (TicketAttachment, [UInt8])? {
            guard let (a, bytes) = files.withLock({ $0[Self.key(ticket, id)] }) else { return nil }
            var part = Array(bytes.dropFirst(offset).prefix(min(length, chunkMax ?? length)))
            if corrupt, part.count > 10 { part[10] ^= 0xFF }
            return (a, part)
        }

        func storeCopy(of id: AttachmentID, ticket: TicketID, format: AttachmentFormat, bytes: [UInt8],
                       uploadedBy: String, uploadedAtMs: Int64) async throws -> TicketAttachment {
            try AttachmentError.check(bytes, format: format)
            guard AttachmentID(sha256: Self.digest(bytes)) == id else {
                throw AttachmentError(.contentMismatch, field: "file", "the bytes received for \(id) do not match it")
            }
            let a = TicketAttachment(id: id, ticketID: ticket, format: format, bytes: bytes.count, sha256: "-",
                                     uploadedBy: uploadedBy, uploadedAtMs: uploadedAtMs)
            files.withLock { $0[Self.key(ticket, id)] = (a, bytes) }
            return a
        }
    }

    static let ticket = TicketID(validating: "north-bay.000mm6zh1c0.0000")!

    /// A "JPEG" of `size` bytes: the magic number, then a pattern.
    static func photo(_ size: Int) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0] + (4..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    static func fetcher(_ c: TestCluster, node i: Int, store: MemoryAttachments, down: Set<Int> = []) -> AttachmentFetcher {
        let members = DashboardGathererTests.members(c, down: down)
        return AttachmentFetcher(store: store, peers: ClusterSnapshotPeers(system: c[i].system) { members })
    }

    @Test func aPhotoTakenAtAnotherNode_isFetchedInChunks_checked_andKeptHere() async throws {
        let a = MemoryAttachments(), b = MemoryAttachments()
        let bytes = Self.photo(AttachmentChunk.bytesMax * 2 + 1_000)  // three chunks
        let (stored, _) = try await a.store(ticket: Self.ticket, format: .jpeg, bytes: bytes, uploadedBy: "tech-zhang",
                                            nowMs: 1_000)
        try await TestCluster.with(nodes: 2, attachments: { $0 == ReplicaID("site-a") ? a : b }) { c in
            let fetched = try #require(try await Self.fetcher(c, node: 1, store: b).fetch(ticket: Self.ticket, id: stored.id))
            #expect(fetched.1 == bytes)
            #expect(fetched.0.uploadedBy == "tech-zhang" && fetched.0.uploadedAtMs == 1_000)
            // Kept here: the next request is local.
            #expect(try await b.attachment(ticket: Self.ticket, id: stored.id)?.1 == bytes)
            // A file no node holds: nil, nothing stored.
            let unknown = AttachmentID(sha256: MemoryAttachments.digest(Self.photo(500)))
            #expect(try await Self.fetcher(c, node: 1, store: b).fetch(ticket: Self.ticket, id: unknown) == nil)
            #expect(try await b.attachments(of: Self.ticket).count == 1)
        }
    }

    @Test func aNodeAnsweringWrongBytes_getsNothingStored_andTheFetchSaysWhy() async throws {
        let a = MemoryAttachments(corrupt: true), b = MemoryAttachments()
        let (stored, _) = try await a.store(ticket: Self.ticket, format: .jpeg, bytes: Self.photo(5_000),
                                            uploadedBy: "tech-zhang", nowMs: 1_000)
        try await TestCluster.with(nodes: 2, attachments: { $0 == ReplicaID("site-a") ? a : b }) { c in
            await #expect(throws: AttachmentFetchError.self) {
                try await Self.fetcher(c, node: 1, store: b).fetch(ticket: Self.ticket, id: stored.id)
            }
            let kept = try await b.attachments(of: Self.ticket)
            #expect(kept.isEmpty)
        }
    }

    /// Every chunk but the last must be full, so a node cannot stretch a fetch into
    /// thousands of calls by answering a few bytes at a time.
    @Test func aNodeDribblingShortChunks_isRefused_afterOneCall() async throws {
        let a = MemoryAttachments(chunkMax: 1), b = MemoryAttachments()
        let (stored, _) = try await a.store(ticket: Self.ticket, format: .jpeg, bytes: Self.photo(5_000),
                                            uploadedBy: "tech-zhang", nowMs: 1_000)
        try await TestCluster.with(nodes: 2, attachments: { $0 == ReplicaID("site-a") ? a : b }) { c in
            await #expect(throws: AttachmentFetchError.self) {
                try await Self.fetcher(c, node: 1, store: b).fetch(ticket: Self.ticket, id: stored.id)
            }
            let kept = try await b.attachments(of: Self.ticket)
            #expect(kept.isEmpty)
        }
    }

    @Test func theHoldingNodeDown_isNotAskedAndNothingIsFound() async throws {
        let a = MemoryAttachments(), b = MemoryAttachments()
        let (stored, _) = try await a.store(ticket: Self.ticket, format: .jpeg, bytes: Self.photo(5_000),
                                            uploadedBy: "tech-zhang", nowMs: 1_000)
        try await TestCluster.with(nodes: 2, attachments: { $0 == ReplicaID("site-a") ? a : b }) { c in
            let found = try await Self.fetcher(c, node: 1, store: b, down: [0]).fetch(ticket: Self.ticket, id: stored.id)
            #expect(found == nil)
        }
    }

    @Test func theSiteActor_refusesMalformedRequests_andOffsetsPastTheFile() async throws {
        let a = MemoryAttachments()
        let (stored, _) = try await a.store(ticket: Self.ticket, format: .jpeg, bytes: Self.photo(5_000),
                                            uploadedBy: "tech-zhang", nowMs: 1_000)
        try await TestCluster.with(nodes: 2, attachments: { $0 == ReplicaID("site-a") ? a : nil }) { c in
            let remote = try SiteNodeActor.resolve(node: c[0].identity, using: c[1].system)
            #expect(try await remote.attachmentChunk(ticket: "not a ticket", id: stored.id.rawValue, offset: 0) == nil)
            #expect(try await remote.attachmentChunk(ticket: Self.ticket.rawValue, id: "ph-zz", offset: 0) == nil)
            #expect(try await remote.attachmentChunk(ticket: Self.ticket.rawValue, id: stored.id.rawValue, offset: -1) == nil)
            #expect(try await remote.attachmentChunk(ticket: Self.ticket.rawValue, id: stored.id.rawValue, offset: 5_000) == nil)
            let first = try #require(try await remote.attachmentChunk(ticket: Self.ticket.rawValue, id: stored.id.rawValue, offset: 0))
            #expect(first.data.count == 5_000 && first.attachment == stored)
        }
    }
}
