// MARK: - Endpoint

/// Where a node listens: `host:port`, as written in configuration (`10.0.0.7:7946`,
/// `north-bay.local:7946`, `[::1]:7946`).
///
/// An endpoint names an address, not a process: a node restarted on the same endpoint is a
/// different member (see `NodeID.incarnation`). Seeds are endpoints, because a joining node
/// cannot know the incarnation of the process it is about to meet.
public struct Endpoint: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The host part (a name or an address; IPv6 addresses keep their brackets).
    public let host: String
    /// The TCP/UDP port, 1...65535.
    public let port: UInt16

    /// Host names are at most 253 bytes (DNS); with brackets and a port this bounds the text.
    public static let hostBytesMax = 253

    /// Creates an endpoint, trapping on an invalid host or port: use for literals and
    /// configuration already validated; use `init(parsing:)` for untrusted text.
    public init(host: String, port: UInt16) {
        precondition(Endpoint.isValidHost(host) && port > 0, "invalid endpoint \(host):\(port)")
        self.host = host
        self.port = port
    }

    /// Parses `host:port`; nil when the text is not a valid endpoint.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.utf8.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let port = UInt16(portText), port > 0, Endpoint.isValidHost(host) else { return nil }
        self.host = host
        self.port = port
    }

    /// A host is non-empty, at most `hostBytesMax` bytes, printable ASCII without spaces,
    /// and contains a colon only inside brackets (IPv6).
    public static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= hostBytesMax else { return false }
        let bracketed = host.hasPrefix("[") && host.hasSuffix("]")
        for b in host.utf8 {
            guard b > 0x20, b < 0x7F else { return false }
            if b == UInt8(ascii: ":") && !bracketed { return false }
        }
        return true
    }

    public var description: String { "\(host):\(port)" }

    public static func < (a: Endpoint, b: Endpoint) -> Bool {
        (a.host, a.port) < (b.host, b.port)
    }

    // MARK: Codable (as the `host:port` text)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Endpoint(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid endpoint '\(text.prefix(64))'"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
