import PropertyBased
import Testing
@testable import CourtyardDomain

/// Any mobile or Beijing/Shenzhen landline, spelled with any prefix and separators, normalises
/// to the one canonical form, and the canonical form parses back to itself.
struct PhoneNumberPropertyTests {
    static let prefixes = ["", "+86 ", "0086-", "86 ", "+86-", "＋８６ "]
    static let separators = ["", " ", "-", ".", "－", "　"]

    /// Splits digits into groups of 3-4-4 (mobile) joined by a separator.
    static func spell(_ digits: String, separator: String) -> String {
        let chars = Array(digits)
        let groups = [chars[0..<3], chars[3..<7], chars[7...]].map { String($0) }
        return groups.joined(separator: separator)
    }

    @Test func mobile_anySpelling_normalisesToOneCanonicalForm() async {
        await propertyCheck(input: Gen.int(in: 0...999_999_999), Gen.element(of: Self.prefixes),
                            Gen.element(of: Self.separators), Gen.int(in: 3...9)) { body, prefix, sep, second in
            let tail = String(body)
            let digits = "1\(second)" + String(repeating: "0", count: 9 - tail.count) + tail
            let spelled = (prefix ?? "") + Self.spell(digits, separator: sep ?? "")
            let phone = try PhoneNumber(parsing: spelled)
            #expect(phone.canonical == "+86" + digits)
            #expect(try PhoneNumber(parsing: phone.canonical) == phone)
        }
    }

    @Test func landline_withTrunkOrCountryCode_normalisesToOneCanonicalForm() async {
        await propertyCheck(input: Gen.int(in: 20_000_000...99_999_999), Gen.element(of: ["10", "755", "21"]),
                            Gen.element(of: Self.separators), Gen.int(in: 0...99)) { subscriber, area, sep, ext in
            let area = area ?? "10"
            let sep = sep ?? ""
            let expected = "+86\(area)\(subscriber);ext=\(ext)"
            for spelled in ["0\(area)\(sep)\(subscriber) 转 \(ext)", "(0\(area))\(subscriber)#\(ext)",
                            "+86\(sep)\(area)\(sep)\(subscriber) ext \(ext)"] {
                #expect(try PhoneNumber(parsing: spelled).canonical == expected)
            }
            let local = try PhoneNumber(parsing: String(subscriber), defaultAreaCode: "0" + area)
            #expect(local.matchKeys == ["+86\(area)\(subscriber)", "local:\(subscriber)"])
        }
    }
}
