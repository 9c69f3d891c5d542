import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Testing

/// The SQLite attachment store's side of fetching a photo from another node: chunks read
/// only their slice, and a copy is kept only when its bytes hash to the id asked for.
@Suite struct AttachmentStoreTests {
    static let ticket = TicketID(validating: "north-bay.000mm6zh1c0.0000")!

    static func photo(_ size: Int, seed: UInt8 = 7) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0] + (4..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    @Test(arguments: DatabaseKind.allCases)
    func chunks_readTheirSliceOnly_andEndAtTheFile(kind: DatabaseKind) async throws {
        let db = try TestDatabase(kind)
        let store = db.database.attachmentStore
        let bytes = Self.photo(300_000)
        let (a, _) = try await store.store(ticket: Self.ticket, format: .jpeg, bytes: bytes, uploadedBy: "tech-zhang", nowMs: 5)
        let first = try #require(try await store.chunk(ticket: Self.ticket, id: a.id, offset: 0, length: 131_072))
        #expect(first.0 == a && first.1 == Array(bytes[0..<131_072]))
        let last = try #require(try await store.chunk(ticket: Self.ticket, id: a.id, offset: 262_144, length: 131_072))
        #expect(last.1 == Array(bytes[262_144...]))
        let past = try #require(try await store.chunk(ticket: Self.ticket, id: a.id, offset: 300_000, length: 131_072))
        #expect(past.1.isEmpty)
        let other = try #require(TicketID(validating: "north-bay.000mm6zh1c0.0001"))
        #expect(try await store.chunk(ticket: other, id: a.id, offset: 0, length: 10) == nil)
    }

    @Test(arguments: DatabaseKind.allCases)
    func copies_areKeptOnlyWhenTheBytesHashToTheID_withTheOriginalUploader(kind: DatabaseKind) async throws {
        // The "other node": a store of its own, where the photo was taken.
        let origin = try TestDatabase(kind).database.attachmentStore
        let bytes = Self.photo(20_000)
        let (a, _) = try await origin.store(ticket: Self.ticket, format: .jpeg, bytes: bytes, uploadedBy: "tech-zhang",
                                            nowMs: 1_000)
        let here = try TestDatabase(kind).database.attachmentStore
        // Bytes that do not hash to the id: refused, nothing kept.
        await #expect(throws: AttachmentError.self) {
            try await here.storeCopy(of: a.id, ticket: Self.ticket, format: .jpeg, bytes: Self.photo(20_000, seed: 9),
                                     uploadedBy: "tech-zhang", uploadedAtMs: 1_000)
        }
        let none = try await here.attachments(of: Self.ticket)
        #expect(none.isEmpty)
        // Not an image: refused like an upload.
        await #expect(throws: AttachmentError.self) {
            try await here.storeCopy(of: a.id, ticket: Self.ticket, format: .png, bytes: bytes, uploadedBy: "x", uploadedAtMs: 1)
        }
        // The right bytes: kept with the original uploader and time; again, the same row.
        let copy = try await here.storeCopy(of: a.id, ticket: Self.ticket, format: .jpeg, bytes: bytes,
                                            uploadedBy: "tech-zhang", uploadedAtMs: 1_000)
        #expect(copy == a)
        #expect(try await here.attachment(ticket: Self.ticket, id: a.id)?.1 == bytes)
        #expect(try await here.storeCopy(of: a.id, ticket: Self.ticket, format: .jpeg, bytes: bytes,
                                         uploadedBy: "someone-else", uploadedAtMs: 9) == a)
    }

    /// Copies fetched from other nodes neither count against the ticket's upload limit nor
    /// are refused by it; uploads still are.
    @Test func copies_doNotCountAgainstTheUploadLimit() async throws {
        let db = try TestDatabase(.inMemory)
        let here = db.database.attachmentStore
        let origin = try TestDatabase(.inMemory).database.attachmentStore
        for i in 0..<AttachmentLimits.perTicketMax {
            let bytes = Self.photo(64, seed: UInt8(i))
            _ = try await here.store(ticket: Self.ticket, format: .jpeg, bytes: bytes + [UInt8(i)], uploadedBy: "t", nowMs: 1)
        }
        // The upload limit is reached here …
        await #expect(throws: AttachmentError.self) {
            try await here.store(ticket: Self.ticket, format: .jpeg, bytes: Self.photo(99, seed: 1), uploadedBy: "t", nowMs: 2)
        }
        // … but a photo taken at another node is still kept when viewed here.
        let bytes = Self.photo(500, seed: 3)
        let (a, _) = try await origin.store(ticket: Self.ticket, format: .jpeg, bytes: bytes, uploadedBy: "tech", nowMs: 3)
        #expect(try await here.storeCopy(of: a.id, ticket: Self.ticket, format: .jpeg, bytes: bytes,
                                         uploadedBy: "tech", uploadedAtMs: 3) == a)
        #expect(try await here.attachments(of: Self.ticket).count == AttachmentLimits.perTicketMax + 1)
    }
}
