import CourtyardCRDT

/// A coordination-free ticket id: the issuing site and its HLC at creation, rendered so that
/// ids from one site sort by creation time: `north-bay.0000l3x8q2a.0000`.
///
/// Human-facing numbers (`NB-2026-000123`) are separate (`TicketNumber`), allocated per site.
public struct TicketID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public static let lengthMax = 64

    public init(site: ReplicaID, hlc: HLCTimestamp) {
        let wall = String(UInt64(max(hlc.wallMs, 0)), radix: 36)
        let logical = String(hlc.logical, radix: 36)
        rawValue = "\(site.rawValue).\(String(repeating: "0", count: max(0, 11 - wall.count)))\(wall).\(String(repeating: "0", count: max(0, 4 - logical.count)))\(logical)"
    }

    /// Parses untrusted input (a path segment, a JSON field). Nil when malformed.
    public init?(validating s: String) {
        guard s.utf8.count <= TicketID.lengthMax else { return nil }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ReplicaID.isValid(String(parts[0])),
              parts[1].count == 11, parts[2].count >= 4,
              UInt64(parts[1], radix: 36) != nil, UInt32(parts[2], radix: 36) != nil,
              parts[1].allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLowercase) }),
              parts[2].allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLowercase) })
        else { return nil }
        rawValue = s
    }

    public var site: ReplicaID { ReplicaID(String(rawValue.split(separator: ".")[0])) }

    public static func < (a: TicketID, b: TicketID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let id = TicketID(validating: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid ticket id '\(s)'"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// The human-facing ticket number, allocated by the creating site: `NB-2026-000123`.
public struct TicketNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    public let siteCode: String
    public let year: Int
    public let sequence: Int

    public init(siteCode: String, year: Int, sequence: Int) {
        self.siteCode = siteCode
        self.year = year
        self.sequence = sequence
    }

    public var description: String {
        let seq = String(sequence)
        return "\(siteCode)-\(year)-\(String(repeating: "0", count: max(0, 6 - seq.count)))\(seq)"
    }
}
