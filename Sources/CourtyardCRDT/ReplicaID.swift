/// The identity of a writer in the replicated state: a site's stable name (`hq`, `north-bay`).
///
/// Site ids are stable across restarts because a node's CRDT state is durable: a restart
/// continues the same replica, it does not start a new one (the cluster layer tracks
/// incarnations separately for membership).
public struct ReplicaID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Site ids are short, lowercase, ASCII: `[a-z0-9][a-z0-9-]{0,31}`.
    public static let lengthMax = 32

    public init(_ rawValue: String) {
        precondition(ReplicaID.isValid(rawValue), "invalid replica id: \(rawValue)")
        self.rawValue = rawValue
    }

    /// Returns nil instead of trapping; use for untrusted input.
    public init?(validating rawValue: String) {
        guard ReplicaID.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= lengthMax else { return false }
        for (i, b) in s.utf8.enumerated() {
            let isLower = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
            let isDigit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            let isDash = b == UInt8(ascii: "-")
            if !(isLower || isDigit || (isDash && i > 0)) { return false }
        }
        return true
    }

    public static func < (a: ReplicaID, b: ReplicaID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard ReplicaID.isValid(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid replica id '\(s)'"))
        }
        self.rawValue = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
