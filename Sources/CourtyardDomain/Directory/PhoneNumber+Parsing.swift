// Parsing of messy Chinese phone spellings into `PhoneNumber`.
//
// Steps: fold full-width characters to ASCII → split off the extension → keep the digits
// (refusing anything but separators) → strip the country prefix (+86, 0086, a bare 86 on
// 12+ digits) → classify by shape (mobile, landline, 400/800, short, foreign).

extension PhoneNumber {
    /// Parses one phone spelling.
    ///
    /// - Parameter defaultAreaCode: the area code (`"0755"` or `"755"`) to assume for a 7- or
    ///   8-digit landline written without one; nil refuses such numbers with
    ///   `.missingAreaCode`, because guessing the city would attach the number to a stranger.
    public init(parsing text: String, defaultAreaCode: String? = nil) throws(PhoneNumberError) {
        guard text.utf8.count <= Self.inputBytesMax else {
            throw .inputTooLong(bytes: text.utf8.count)
        }
        let folded = Self.fold(text)
        let (main, ext) = try Self.splitExtension(folded)
        let (digits, hadPlus) = try Self.extractDigits(main)
        guard !digits.isEmpty else { throw .empty }
        // Generous: a prefix (0086) plus the longest number; the shape checks are exact.
        guard digits.count <= Self.digitsMax + 4 else { throw .tooLong(digits: digits.count) }
        let number = try Self.classify(digits, hadPlus: hadPlus, defaultAreaCode: defaultAreaCode)
        self.init(kind: number.kind, digits: number.digits, areaCode: number.areaCode, extensionDigits: ext)
    }

    // MARK: Folding

    /// Full-width digits, letters and punctuation to ASCII; dashes and odd spaces to `-`
    /// and ` `; ASCII letters to lower case.
    static func fold(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.map { s -> Unicode.Scalar in
            let v = s.value
            switch v {
            case 0xFF01...0xFF5E:  // full-width ASCII block: ０-９, ＋, （, ）, －, ＃, ，, ｅｘｔ …
                return Unicode.Scalar(v - 0xFF01 + 0x21)!.lowercasedASCII
            case 0x3000, 0x00A0, 0x0009:  // ideographic space, no-break space, tab
                return " "
            case 0x2010...0x2015, 0x2212:  // hyphens, en and em dashes, minus sign
                return "-"
            default:
                return s.lowercasedASCII
            }
        }
    }

    // MARK: Extension

    /// Markers that start an extension, longest first where one is a prefix of another.
    private static let extensionMarkers: [[Unicode.Scalar]] = [
        Array(";ext=".unicodeScalars), Array("ext".unicodeScalars), Array("分机".unicodeScalars),
        ["转"], ["轉"], ["x"], ["#"], [","],
    ]

    /// Separators allowed around an extension: `-转-123`, `ext. 12`, `转:123`.
    private static let extensionPadding: Set<Unicode.Scalar> = [" ", "-", ".", ":", "="]

    /// Splits at the first extension marker; the extension must be 1–6 digits.
    static func splitExtension(_ s: [Unicode.Scalar]) throws(PhoneNumberError) -> ([Unicode.Scalar], String?) {
        for i in s.indices {
            guard let marker = extensionMarkers.first(where: { s[i...].starts(with: $0) }) else { continue }
            let rest = s[(i + marker.count)...]
            let ext = String(String.UnicodeScalarView(rest.filter { !extensionPadding.contains($0) }))
            guard !ext.isEmpty, ext.count <= extensionDigitsMax, ext.unicodeScalars.allSatisfy(\.isASCIIDigit) else {
                throw .invalidExtension(String(String.UnicodeScalarView(rest)).trimmingSpaces)
            }
            return (Array(s[..<i]), ext)
        }
        return (s, nil)
    }

    // MARK: Digits

    /// Separators allowed inside the number itself.
    private static let numberSeparators: Set<Unicode.Scalar> = [" ", "-", ".", "(", ")"]

    /// The digits, and whether a `+` led them. Anything else is refused.
    static func extractDigits(_ s: [Unicode.Scalar]) throws(PhoneNumberError) -> (String, Bool) {
        var digits = ""
        var hadPlus = false
        for scalar in s {
            if scalar.isASCIIDigit {
                digits.unicodeScalars.append(scalar)
            } else if scalar == "+" && digits.isEmpty && !hadPlus {
                hadPlus = true
            } else if !numberSeparators.contains(scalar) {
                throw .invalidCharacter(Character(scalar))
            }
        }
        return (digits, hadPlus)
    }

    // MARK: Classification

    /// The parts of a number without its extension.
    struct Parts {
        var kind: Kind
        var digits: String
        var areaCode: String?
    }

    /// Strips the country prefix and decides the shape.
    static func classify(_ all: String, hadPlus: Bool,
                         defaultAreaCode: String?) throws(PhoneNumberError) -> Parts {
        var d = Substring(all)
        var international = hadPlus
        if !hadPlus && d.hasPrefix("00") {
            d = d.dropFirst(2)
            international = true
        }
        if international {
            guard d.hasPrefix(chinaCountryCode) else { return try foreign(d) }
            d = d.dropFirst(2)
            if d.hasPrefix("0") { d = d.dropFirst() }  // "+86 (0)755 …": a stray trunk 0
            return try nationalSignificant(d)
        }
        // A bare 86 prefix: no Chinese number of 12+ digits starts with 86 otherwise.
        if d.count >= 12 && d.hasPrefix(chinaCountryCode) {
            d = d.dropFirst(2)
            if d.hasPrefix("0") { d = d.dropFirst() }
            return try nationalSignificant(d)
        }
        if d.hasPrefix("0") {
            return try nationalSignificant(d.dropFirst())
        }
        return try domesticWithoutTrunk(d, defaultAreaCode: defaultAreaCode)
    }

    /// A number outside mainland China, given after + or 00.
    private static func foreign(_ d: Substring) throws(PhoneNumberError) -> Parts {
        guard d.count <= digitsMax else { throw .tooLong(digits: d.count) }
        guard d.count >= 7 else { throw .tooShort(digits: d.count) }
        guard !d.hasPrefix("0") else { throw .unrecognised(String(d)) }
        return Parts(kind: .international, digits: String(d), areaCode: nil)
    }

    /// A full national significant number: mobile, 400/800, or area code + subscriber.
    static func nationalSignificant(_ d: Substring) throws(PhoneNumberError) -> Parts {
        if isMobilePrefix(d) {
            guard d.count == 11 else { throw .mobileWrongLength(digits: d.count) }
            return Parts(kind: .mobile, digits: String(d), areaCode: nil)
        }
        if isServiceNumber(d) {
            return Parts(kind: .service, digits: String(d), areaCode: nil)
        }
        if d.count > 11 { throw .tooLong(digits: d.count) }
        if d.count < 9 { throw .tooShort(digits: d.count) }
        guard let areaLength = areaCodeLength(d) else {
            throw .invalidAreaCode(String(d.prefix(2)))
        }
        return try landline(area: d.prefix(areaLength), subscriber: d.dropFirst(areaLength))
    }

    /// Digits with no prefix and no trunk 0.
    private static func domesticWithoutTrunk(_ d: Substring,
                                             defaultAreaCode: String?) throws(PhoneNumberError) -> Parts {
        if isMobilePrefix(d) {
            guard d.count == 11 else {
                // 13x–19x never start a short number; under 7 digits it is a fragment.
                if d.count < 7 { throw .tooShort(digits: d.count) }
                throw .mobileWrongLength(digits: d.count)
            }
            return Parts(kind: .mobile, digits: String(d), areaCode: nil)
        }
        if d.count <= 6 {
            guard isShortNumber(d) else { throw .tooShort(digits: d.count) }
            return Parts(kind: .short, digits: String(d), areaCode: nil)
        }
        if isServiceNumber(d) {
            return Parts(kind: .service, digits: String(d), areaCode: nil)
        }
        guard let first = d.first, first >= "2", first <= "9" else { throw .unrecognised(String(d)) }
        if d.count <= 8 {
            guard let area = defaultAreaCode else { throw .missingAreaCode(String(d)) }
            let code = area.hasPrefix("0") ? Substring(area.dropFirst()) : Substring(area)
            guard code.allSatisfy(\.isASCIIDigit), areaCodeLength(code) == code.count else {
                throw .invalidAreaCode(String(code))
            }
            return try landline(area: code, subscriber: d)
        }
        // 9–11 digits starting 2–9: an area code written without its trunk 0 ("755 8888 6666").
        return try nationalSignificant(d)
    }

    private static func landline(area: Substring, subscriber: Substring) throws(PhoneNumberError) -> Parts {
        guard (7...8).contains(subscriber.count), subscriber.first != "0" else {
            throw .invalidSubscriber(String(subscriber))
        }
        return Parts(kind: .landline, digits: String(area + subscriber), areaCode: String(area))
    }

    // MARK: Shapes

    /// 13x–19x: the mobile ranges.
    private static func isMobilePrefix(_ d: Substring) -> Bool {
        guard d.count >= 2, d.first == "1" else { return false }
        let second = d[d.index(after: d.startIndex)]
        return second >= "3" && second <= "9"
    }

    /// 400 / 800 numbers: 10 digits.
    private static func isServiceNumber(_ d: Substring) -> Bool {
        d.count == 10 && (d.hasPrefix("400") || d.hasPrefix("800"))
    }

    /// 11x/12x (110, 120), 10xxx/11xxx/12xxx (10086, 12345), 95xxx/96xxx and 95xxxx/96xxxx.
    private static func isShortNumber(_ d: Substring) -> Bool {
        switch d.count {
        case 3: return d.hasPrefix("11") || d.hasPrefix("12")
        case 5: return d.hasPrefix("10") || d.hasPrefix("11") || d.hasPrefix("12")
            || d.hasPrefix("95") || d.hasPrefix("96")
        case 6: return d.hasPrefix("95") || d.hasPrefix("96")
        default: return false
        }
    }

    /// Length of the area code a national number starts with: 2 for 10 and 2x (Beijing,
    /// Shanghai, Guangzhou …), 3 for 3xx–9xx; nil when it starts with none. 400 and 800
    /// are service prefixes, never area codes.
    static func areaCodeLength(_ d: Substring) -> Int? {
        guard let first = d.first else { return nil }
        if d.hasPrefix("10") || first == "2" { return 2 }
        guard first >= "3" && first <= "9", d.count >= 3 else { return nil }
        if d.hasPrefix("400") || d.hasPrefix("800") { return nil }
        return 3
    }
}

// MARK: - Helpers

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }

    var lowercasedASCII: Unicode.Scalar {
        (value >= 0x41 && value <= 0x5A) ? Unicode.Scalar(value + 0x20)! : self
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}

extension String {
    var trimmingSpaces: String { trimmed(self) }
}
