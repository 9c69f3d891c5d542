/// A phone number in canonical form, so the same phone in any spelling compares equal.
///
/// Chinese numbers arrive messy: `+86 138-1234-5678`, `0086 10 1234 5678`,
/// `(021)5555 1234`, `０７５５－８８８８ ６６６６ 转 123`, `400-810-1234`, `95598`. Parsing
/// (`init(parsing:defaultAreaCode:)`, see `PhoneNumber+Parsing.swift`) accepts all of them and
/// refuses garbage with a `PhoneNumberError`.
///
/// Canonical forms (`canonical`):
/// - mobile (11 digits, 13x–19x):     `+8613812345678`
/// - landline (area code + 7–8 digits, the trunk 0 dropped): `+861012345678`, `+8675588886666`
/// - 400/800 service numbers:         `+864008101234`
/// - short service numbers (110, 12345, 95598): the digits as dialled, `95598`
/// - other countries (`+852 …`):      `+85212345678`
/// - an extension is kept apart and appended RFC 3966 style: `+861012345678;ext=123`
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The shape of the number; decides the canonical form and the match keys.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case mobile
        case landline
        /// 400 and 800 numbers (10 digits, no area code).
        case service
        /// Short service numbers (3–6 digits) such as 110, 12345, 95598; kept as dialled.
        case short
        /// A number outside mainland China, kept as its E.164 digits.
        case international
    }

    // MARK: Limits

    /// The raw text of one phone number (separators and extension included).
    public static let inputBytesMax = 64
    /// E.164 allows at most 15 digits including the country code.
    public static let digitsMax = 15
    /// Extensions are at most 6 digits.
    public static let extensionDigitsMax = 6
    /// Mainland China's country code.
    public static let chinaCountryCode = "86"

    // MARK: Value

    public let kind: Kind
    /// Mobile, landline, service: the national significant number (no trunk 0, no +86).
    /// Short: the digits as dialled. International: country code and number.
    public let digits: String
    /// The area code of a landline without its trunk 0 (`10`, `755`); nil otherwise.
    public let areaCode: String?
    /// The extension (分机), digits only; nil when none.
    public let extensionDigits: String?

    /// Builds a number from already-checked parts; parsing is the only public way in.
    init(kind: Kind, digits: String, areaCode: String?, extensionDigits: String?) {
        self.kind = kind
        self.digits = digits
        self.areaCode = areaCode
        self.extensionDigits = extensionDigits
    }

    // MARK: Canonical form

    /// The number without its extension: what a caller id shows.
    public var canonicalWithoutExtension: String {
        switch kind {
        case .mobile, .landline, .service: return "+" + Self.chinaCountryCode + digits
        case .short: return digits
        case .international: return "+" + digits
        }
    }

    /// The stored form: `canonicalWithoutExtension` plus `;ext=NNN` when there is one.
    public var canonical: String {
        guard let ext = extensionDigits else { return canonicalWithoutExtension }
        return canonicalWithoutExtension + ";ext=" + ext
    }

    /// A landline's number within its area (`12345678` of `010-12345678`); nil otherwise.
    public var subscriberNumber: String? {
        guard kind == .landline, let area = areaCode else { return nil }
        return String(digits.dropFirst(area.count))
    }

    public var description: String { canonical }

    // MARK: Lookup

    /// Keys to index and look up a number by, best first.
    ///
    /// The first key is always `canonicalWithoutExtension`: a caller id never carries the
    /// extension, so `010-12345678 转 123` on file must match a call from `01012345678`.
    /// A landline adds a second, weaker key `local:<subscriber>` (the 7–8 digits after the
    /// area code): caller ids of local calls often arrive without the area code, and
    /// residents write their landline without it. The same subscriber number exists in
    /// several cities, so callers should try the keys in order and use the weak key only
    /// when the exact key finds nothing (and show the candidates rather than pick one).
    public var matchKeys: [String] {
        var keys = [canonicalWithoutExtension]
        if let subscriber = subscriberNumber {
            keys.append("local:" + subscriber)
        }
        return keys
    }

    // MARK: Convenience

    /// Parses and returns the canonical form, or throws why the text is not a phone number.
    public static func normalize(_ text: String,
                                 defaultAreaCode: String? = nil) throws(PhoneNumberError) -> String {
        try PhoneNumber(parsing: text, defaultAreaCode: defaultAreaCode).canonical
    }

    /// Characters that separate several phones written in one cell or field:
    /// `;`, full-width `；`, `/`, and the enumeration comma `、`.
    public static let listSeparators: Set<Character> = [";", "；", "/", "、"]

    /// Splits a cell like `138 1234 5678；010-1234 5678` into the raw spellings of each phone
    /// (trimmed, empty pieces dropped). Parse each with `init(parsing:)`.
    ///
    /// A canonical `;ext=` stays with its number: `;` followed by `ext` is not a separator.
    public static func splitList(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let startsExtension = c == ";" && chars[(i + 1)...].prefix(3).map { $0.lowercased() }.joined() == "ext"
            if listSeparators.contains(c) && !startsExtension {
                pieces.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        pieces.append(current)
        return pieces.map(trimmed).filter { !$0.isEmpty }
    }

    // MARK: Codable (as the canonical string; decoding re-parses, so it validates)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try PhoneNumber(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonical)
    }
}

/// Trims spaces, tabs, newlines and ideographic spaces from both ends.
func trimmed(_ s: String) -> String {
    let isBlank: (Character) -> Bool = { $0.isWhitespace }
    guard let first = s.firstIndex(where: { !isBlank($0) }),
          let last = s.lastIndex(where: { !isBlank($0) }) else { return "" }
    return String(s[first...last])
}
