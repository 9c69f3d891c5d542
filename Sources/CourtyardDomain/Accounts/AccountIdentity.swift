import CourtyardCRDT

// MARK: - Who an account is

/// Why account input was refused: which field and what is wrong, for a 400 answer.
public struct AccountError: Error, Hashable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A login name: 3–32 characters, `[a-z][a-z0-9._-]*`. An agent's username is also their
/// agent id, so it is a valid call-center token too.
public struct Username: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public static let lengthRange = 3...32

    public init(validating raw: String) throws(AccountError) {
        guard Self.isValid(raw) else {
            throw AccountError(field: "username",
                               "must be 3–32 characters of a–z, 0–9, '.', '_' or '-', starting with a letter")
        }
        rawValue = raw
    }

    /// For literals; traps on a malformed one.
    public init(_ raw: String) {
        precondition(Self.isValid(raw), "invalid username \(raw)")
        rawValue = raw
    }

    public static func isValid(_ s: String) -> Bool {
        guard lengthRange.contains(s.utf8.count) else { return false }
        for (i, b) in s.utf8.enumerated() {
            let lower = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
            let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            let punct = b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            if !(lower || (i > 0 && (digit || punct))) { return false }
        }
        return true
    }

    public static func < (a: Username, b: Username) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { self = try Username(validating: raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// Where an account acts: one site, or every site (`*`, HQ roles only).
public enum SiteScope: Hashable, Sendable, Codable, CustomStringConvertible {
    case all
    case site(ReplicaID)

    /// `*` or a site id.
    public init(validating raw: String) throws(AccountError) {
        if raw == "*" { self = .all; return }
        guard let site = ReplicaID(validating: raw) else {
            throw AccountError(field: "site", "must be a site id (lowercase letters, digits, dashes) or '*'")
        }
        self = .site(site)
    }

    public var description: String {
        switch self {
        case .all: "*"
        case .site(let s): s.rawValue
        }
    }

    /// As `*` or the site id, validated when decoded.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { self = try SiteScope(validating: raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// True when this scope covers `site`.
    public func covers(_ site: ReplicaID) -> Bool {
        switch self {
        case .all: true
        case .site(let own): own == site
        }
    }

    /// HQ roles are cluster-wide; site roles belong to exactly one site.
    public func check(for role: Role) throws(AccountError) {
        switch (role.isHQRole, self) {
        case (true, .site): throw AccountError(field: "site", "role \(role) is cluster-wide: its site must be '*'")
        case (false, .all): throw AccountError(field: "site", "role \(role) belongs to one site: name it")
        default: break
        }
    }
}

/// The authenticated person behind a request.
public struct Principal: Hashable, Sendable {
    public var username: Username
    public var role: Role
    public var site: SiteScope

    public init(username: Username, role: Role, site: SiteScope) {
        self.username = username
        self.role = role
        self.site = site
    }
}

/// Rules for passwords. bcrypt reads at most 72 bytes, so longer ones are refused rather than
/// silently truncated.
public enum PasswordRules {
    public static let bytesMin = 8
    public static let bytesMax = 72

    public static func check(_ password: String) throws(AccountError) {
        let n = password.utf8.count
        guard n >= bytesMin, n <= bytesMax else {
            throw AccountError(field: "password", "must be \(bytesMin)–\(bytesMax) bytes long")
        }
        guard !password.utf8.contains(0) else { throw AccountError(field: "password", "must not contain NUL") }
    }
}

/// A display name: 1–64 characters, no control characters.
public enum DisplayNameRules {
    public static let charactersMax = 64

    public static func check(_ name: String) throws(AccountError) {
        guard !name.isEmpty, name.count <= charactersMax,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw AccountError(field: "displayName", "must be 1–\(charactersMax) characters without control characters") }
    }
}
