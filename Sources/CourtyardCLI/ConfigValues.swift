import Foundation
import TOMLKit

// MARK: - Typed values of the config file

/// Readers of typed TOML values that fail with a `ConfigError` naming `[section] key`.
enum ConfigValues {
    /// `"500ms"`, `"30s"`, `"2m"`, `"1h"` → milliseconds, refused outside `range`.
    static func durationMs(_ t: TOMLTable, _ key: String, section: String,
                           range: ClosedRange<Int64>) throws(ConfigError) -> Int64? {
        guard let v = t[key] else { return nil }
        guard let text = v.string, let ms = parseDurationMs(text) else {
            throw ConfigError("[\(section)] \(key) must be a duration string such as \"500ms\", \"30s\", \"2m\" or \"1h\"")
        }
        guard range.contains(ms) else {
            throw ConfigError("[\(section)] \(key) must be between \(range.lowerBound) ms and \(range.upperBound) ms (got \(text))")
        }
        return ms
    }

    /// Digits then one of `ms`, `s`, `m`, `h`; nil when malformed or absurdly large.
    static func parseDurationMs(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let n = Int64(digits) else { return nil }
            return n * scale
        }
        return nil
    }

    /// An instant as epoch milliseconds: an integer (epoch ms), an ISO-8601 string with an
    /// offset (`"2026-12-01T08:00:00+08:00"`), or a TOML offset date-time.
    static func instantMs(_ v: any TOMLValueConvertible, what: String) throws(ConfigError) -> Int64 {
        if let ms = v.int {
            guard (0...253_402_300_799_000).contains(ms) else { throw ConfigError("\(what) epoch milliseconds out of range") }
            return Int64(ms)
        }
        let text: String? = v.string ?? v.dateTime.map(\.debugDescription)
        guard let text, let date = parseISO8601(text) else {
            throw ConfigError("\(what) must be epoch milliseconds or an ISO-8601 date-time with an offset, e.g. \"2026-12-01T08:00:00+08:00\"")
        }
        return Int64((date.timeIntervalSince1970 * 1_000).rounded())
    }

    static func parseISO8601(_ text: String) -> Date? {
        guard text.utf8.count <= 64 else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// An array of strings, or nil when absent.
    static func strings(_ t: TOMLTable, _ key: String, section: String, max: Int) throws(ConfigError) -> [String]? {
        guard let v = t[key] else { return nil }
        guard let array = v.array else { throw ConfigError("[\(section)] \(key) must be an array of strings") }
        guard array.count <= max else { throw ConfigError("[\(section)] \(key) holds more than \(max) items") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw ConfigError("[\(section)] \(key) must hold strings") }
            out.append(s)
        }
        return out
    }
}
