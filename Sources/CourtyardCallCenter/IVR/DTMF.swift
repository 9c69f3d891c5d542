// MARK: - DTMF keys and menu paths

/// One telephone keypad key (DTMF tone): `0`–`9`, `*` and `#`.
///
/// Menu nodes are keyed by these; anything else a gateway reports is refused, so a bad
/// gateway cannot invent keys.
public enum DTMFDigit: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case d0 = "0", d1 = "1", d2 = "2", d3 = "3", d4 = "4"
    case d5 = "5", d6 = "6", d7 = "7", d8 = "8", d9 = "9"
    case star = "*", hash = "#"

    /// Keypad order: 1…9, 0, *, # (what a caller hears enumerated).
    private var rank: Int {
        switch self {
        case .d0: 10
        case .star: 11
        case .hash: 12
        default: Int(rawValue) ?? 0
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// Parses a string of keys (`"12#"`); nil when any character is not a keypad key.
    public static func parse(_ text: String) -> [DTMFDigit]? {
        var out: [DTMFDigit] = []
        for ch in text {
            guard let d = DTMFDigit(rawValue: String(ch)) else { return nil }
            out.append(d)
        }
        return out
    }
}

/// Where a node sits in a menu: the keys pressed from the root. Rendered `/` for the root
/// and `/2/1` for "2 then 1", which is how validation errors and hit reports name nodes.
public struct IVRNodePath: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var digits: [DTMFDigit]

    public init(_ digits: [DTMFDigit] = []) { self.digits = digits }

    public static let root = IVRNodePath()

    /// The path one key deeper.
    public func appending(_ d: DTMFDigit) -> IVRNodePath { IVRNodePath(digits + [d]) }

    /// The parent path (the root is its own parent).
    public var parent: IVRNodePath { IVRNodePath(Array(digits.dropLast())) }

    public var depth: Int { digits.count }

    public var description: String {
        digits.isEmpty ? "/" : digits.map { "/" + $0.rawValue }.joined()
    }

    /// Parses the rendered form (`/`, `/2/1`); nil when malformed.
    public init?(parsing text: String) {
        guard text.hasPrefix("/") else { return nil }
        if text == "/" { self.init(); return }
        var out: [DTMFDigit] = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let d = DTMFDigit(rawValue: String(part)) else { return nil }
            out.append(d)
        }
        self.init(out)
    }

    public static func < (a: Self, b: Self) -> Bool {
        a.digits.lexicographicallyPrecedes(b.digits)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let p = IVRNodePath(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid IVR node path '\(raw.prefix(40))'"))
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
