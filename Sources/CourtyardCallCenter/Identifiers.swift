import CourtyardCRDT

// MARK: - Call-center identifiers

/// Shared by the ACD, the IVR, call sessions, the CTI protocol and the call ledger, so every
/// part names a call, an agent, a queue and a skill the same way.
///
/// All are short validated tokens `[A-Za-z0-9][A-Za-z0-9._:-]{0,63}`: they travel in URLs,
/// WebSocket frames and SQLite keys, and untrusted input must be refused with a clear error.
public protocol CallCenterToken: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    var rawValue: String { get }
    init(unchecked rawValue: String)
    static var kind: String { get }
}

/// The error for a malformed identifier, naming what it is and why it was refused.
public struct IdentifierError: Error, Hashable, Sendable, CustomStringConvertible {
    public let kind: String
    public let value: String
    public var description: String {
        "invalid \(kind) '\(value.prefix(80))': use 1–\(CallCenterTokens.lengthMax) characters of A–Z, a–z, 0–9, '.', '_', ':' or '-', starting with a letter or digit"
    }
}

public enum CallCenterTokens {
    public static let lengthMax = 64

    public static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= lengthMax else { return false }
        for (i, b) in s.utf8.enumerated() {
            let alnum = (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
                || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            let punct = b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
            if !(alnum || (punct && i > 0)) { return false }
        }
        return true
    }
}

extension CallCenterToken {
    /// Validates untrusted input.
    public init(validating raw: String) throws(IdentifierError) {
        guard CallCenterTokens.isValid(raw) else { throw IdentifierError(kind: Self.kind, value: raw) }
        self.init(unchecked: raw)
    }

    /// For literals and values already validated; traps on a malformed one.
    public init(_ raw: String) {
        precondition(CallCenterTokens.isValid(raw), "invalid \(Self.kind): \(raw)")
        self.init(unchecked: raw)
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard CallCenterTokens.isValid(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: IdentifierError(kind: Self.kind, value: raw).description))
        }
        self.init(unchecked: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A call, named by the node where it entered (`north-bay:c000123`) so ids are unique
/// cluster-wide without coordination; the gateway's own call id is kept separately.
public struct CallID: CallCenterToken {
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
    public static let kind = "call id"
}

/// An agent (客服坐席) login, stable across sites: an agent who fails over keeps it.
public struct AgentID: CallCenterToken {
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
    public static let kind = "agent id"
}

/// A queue of a site (`north-bay.repairs`).
public struct QueueID: CallCenterToken {
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
    public static let kind = "queue id"
}

/// A skill an agent has at some level and a queue requires (`repairs`, `cantonese`).
public struct SkillID: CallCenterToken {
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
    public static let kind = "skill id"
}

/// A site is a replica of the ticket space; the call center names it the same way.
public typealias SiteID = ReplicaID
