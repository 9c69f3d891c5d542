@testable import CourtyardDomain
import Testing

/// Photo uploads: formats recognised by type and first bytes, ids, size checks.
struct TicketAttachmentTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8) + [0, 1, 2]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8)

    @Test func contentType_parsesTheAcceptedImageTypes_ignoringCaseAndParameters() {
        #expect(AttachmentFormat(contentType: "image/jpeg") == .jpeg)
        #expect(AttachmentFormat(contentType: "Image/PNG; charset=binary") == .png)
        #expect(AttachmentFormat(contentType: " image/webp ") == .webp)
        #expect(AttachmentFormat(contentType: "image/gif") == nil)
        #expect(AttachmentFormat(contentType: "application/octet-stream") == nil)
    }

    @Test func magicNumbers_mustMatchTheDeclaredFormat() {
        #expect(AttachmentFormat.jpeg.matches(Self.jpeg))
        #expect(AttachmentFormat.png.matches(Self.png))
        #expect(AttachmentFormat.webp.matches(Self.webp))
        #expect(!AttachmentFormat.png.matches(Self.jpeg))
        #expect(!AttachmentFormat.webp.matches(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)))
        #expect(!AttachmentFormat.jpeg.matches([0xFF, 0xD8]))
    }

    @Test func check_refusesEmptyMismatchedAndOversizedFiles_namingTheField() {
        #expect(throws: Never.self) { try AttachmentError.check(Self.png, format: .png) }
        #expect { try AttachmentError.check([], format: .png) } throws: { ($0 as? AttachmentError)?.kind == .empty }
        #expect { try AttachmentError.check(Self.jpeg, format: .png) } throws: {
            ($0 as? AttachmentError)?.kind == .contentMismatch && ($0 as? AttachmentError)?.field == "Content-Type"
        }
        let big = Self.jpeg + [UInt8](repeating: 0, count: AttachmentLimits.bytesMax)
        #expect { try AttachmentError.check(big, format: .jpeg) } throws: {
            ($0 as? AttachmentError)?.kind == .tooLarge && ($0 as? AttachmentError)?.field == "file"
        }
    }

    @Test func ids_comeFromTheDigest_andOnlyWellFormedOnesParse() {
        let digest: [UInt8] = Array(0..<32)
        let id = AttachmentID(sha256: digest)
        #expect(id.rawValue == "ph-000102030405060708090a0b0c0d0e0f")
        #expect(AttachmentID(validating: id.rawValue) == id)
        #expect(AttachmentID(validating: "ph-000102030405060708090A0B0C0D0E0F") == nil)  // uppercase
        #expect(AttachmentID(validating: "ph-0001") == nil)
        #expect(AttachmentID(validating: "../../etc/passwd") == nil)
        #expect(AttachmentID(validating: "xx-000102030405060708090a0b0c0d0e0f") == nil)
    }
}
