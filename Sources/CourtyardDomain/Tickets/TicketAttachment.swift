// MARK: - Photos on ticket notes

/// The image formats a technician may attach to a ticket (现场照片). Each is recognised by its
/// declared `Content-Type` AND its first bytes: a declared type the bytes do not bear out is
/// refused, so the node never serves something else under an image type.
public enum AttachmentFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case jpeg, png, webp

    /// The MIME type the file is served with.
    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }

    /// Parses a `Content-Type` header (parameters and case ignored); nil for anything else.
    public init?(contentType raw: String) {
        let mime = raw.split(separator: ";", maxSplits: 1).first.map(String.init) ?? raw
        switch trimmed(mime).lowercased() {
        case "image/jpeg", "image/jpg", "image/pjpeg": self = .jpeg
        case "image/png": self = .png
        case "image/webp": self = .webp
        default: return nil
        }
    }

    /// Whether `bytes` start like a file of this format (its magic number).
    public func matches(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(12))
        switch self {
        case .jpeg:
            return head.starts(with: [0xFF, 0xD8, 0xFF])
        case .png:
            return head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .webp:
            return head.count == 12 && head.starts(with: Array("RIFF".utf8)) && Array(head[8..<12]) == Array("WEBP".utf8)
        }
    }

    /// The accepted types, for messages.
    public static var accepted: String { allCases.map(\.contentType).joined(separator: ", ") }
}

/// Bounds on attachments: a phone photo is a few MB; a ticket's photos must fit one node's disk.
public enum AttachmentLimits {
    /// One file; checked on the declared length and again while reading, before anything is stored.
    public static let bytesMax = 5 * 1024 * 1024
    /// Files per ticket, so one ticket cannot fill the node's database.
    public static let perTicketMax = 100
    /// `ph-` and 32 lowercase hex digits (the first 128 bits of the file's SHA-256).
    public static let idLength = 35
}

/// An attachment id: `ph-` and 32 lowercase hex digits, derived from the content (so a
/// retried upload of the same photo gets the same id and stores nothing twice).
public struct AttachmentID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Parses untrusted input (a path segment, a note's `photos[]`). Nil when malformed.
    public init?(validating s: String) {
        guard s.utf8.count == AttachmentLimits.idLength, s.hasPrefix("ph-"),
              s.utf8.dropFirst(3).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        rawValue = s
    }

    /// The id of a file whose SHA-256 digest is `digest` (at least 16 bytes).
    public init(sha256 digest: some Collection<UInt8>) {
        precondition(digest.count >= 16, "a SHA-256 digest has 32 bytes")
        let hex = digest.prefix(16).map { byte -> String in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
        rawValue = "ph-" + hex
    }

    public static func < (a: AttachmentID, b: AttachmentID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let id = AttachmentID(validating: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid attachment id '\(s.prefix(64))'"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A stored attachment's description (the bytes are fetched separately).
public struct TicketAttachment: Hashable, Sendable, Codable {
    public var id: AttachmentID
    public var ticketID: TicketID
    public var format: AttachmentFormat
    public var bytes: Int
    /// Hex SHA-256 of the file.
    public var sha256: String
    public var uploadedBy: String
    public var uploadedAtMs: Int64

    public init(id: AttachmentID, ticketID: TicketID, format: AttachmentFormat, bytes: Int, sha256: String,
                uploadedBy: String, uploadedAtMs: Int64) {
        self.id = id
        self.ticketID = ticketID
        self.format = format
        self.bytes = bytes
        self.sha256 = sha256
        self.uploadedBy = uploadedBy
        self.uploadedAtMs = uploadedAtMs
    }
}

/// Why an upload was refused; `field` names what to fix.
public struct AttachmentError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case unsupportedType, empty, contentMismatch, tooLarge, tooMany
    }

    public let kind: Kind
    public let field: String
    public let message: String

    public init(_ kind: Kind, field: String, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    public var description: String { message }

    /// Checks a file before anything is stored: size, non-empty, and the bytes match `format`.
    public static func check(_ bytes: [UInt8], format: AttachmentFormat) throws(AttachmentError) {
        guard bytes.count <= AttachmentLimits.bytesMax else {
            throw AttachmentError(.tooLarge, field: "file",
                                  "file of \(bytes.count) bytes; the limit is \(AttachmentLimits.bytesMax) bytes (5 MiB)")
        }
        guard !bytes.isEmpty else { throw AttachmentError(.empty, field: "file", "the file is empty") }
        guard format.matches(bytes) else {
            throw AttachmentError(.contentMismatch, field: "Content-Type",
                                  "the file is not a \(format.contentType) image (its first bytes do not match)")
        }
    }
}
