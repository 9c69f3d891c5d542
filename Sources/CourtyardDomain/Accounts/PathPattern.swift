// MARK: - Path patterns of the policy table

/// A path pattern: literal segments, `:name` (one segment, captured), `*` (one segment) and a
/// final `**` (any rest, including nothing). Matching works on percent-decoded segments, so an
/// encoded path (`/api/v1/%61dmin/faults`) meets the same rule as the plain one.
public struct PathPattern: Hashable, Sendable, CustomStringConvertible {
    public enum Segment: Hashable, Sendable {
        case literal(String)
        case parameter(String)
        case any
        case rest
    }

    public let segments: [Segment]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/").map { part -> Segment in
            if part == "**" { return .rest }
            if part == "*" { return .any }
            if part.hasPrefix(":") || (part.hasPrefix("{") && part.hasSuffix("}")) {
                let name = part.hasPrefix(":") ? part.dropFirst() : part.dropFirst().dropLast()
                return .parameter(String(name))
            }
            return .literal(String(part))
        }
    }

    /// The parameters when the path matches.
    public func match(_ path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var i = 0
        for (k, segment) in segments.enumerated() {
            if case .rest = segment { return k == segments.count - 1 ? parameters : nil }
            guard i < path.count else { return nil }
            switch segment {
            case .literal(let text): guard path[i] == text else { return nil }
            case .parameter(let name): parameters[name] = path[i]
            case .any, .rest: break
            }
            i += 1
        }
        return i == path.count ? parameters : nil
    }

    /// A request path's decoded, non-empty segments (the query string is cut off).
    public static func segments(of path: String) -> [String] {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return bare.split(separator: "/").map { percentDecoded(String($0)) }
    }

    /// `%XX` decoded; malformed escapes are kept as they are.
    static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let hi = hex(it[it.startIndex]), let lo = hex(it[it.startIndex + 1]) {
                bytes.append(hi << 4 | lo)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
