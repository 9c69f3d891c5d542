// MARK: - Civil dates

/// A calendar date (proleptic Gregorian), `YYYY-MM-DD`: holidays and make-up workdays.
///
/// Day arithmetic uses Howard Hinnant's `days_from_civil` / `civil_from_days`, so no
/// Foundation calendar (and no time zone database) is involved: sites use fixed UTC offsets.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public static let yearRange = 1970...9999

    /// Parses `YYYY-MM-DD`; nil for anything else, including dates that do not exist.
    public init?(validating s: String) {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard s.utf8.count == 10, parts.count == 3,
              parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              CivilDate.yearRange.contains(y), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let date = CivilDate(dayNumber: CivilDate.dayNumber(year: y, month: m, day: d))
        guard date.year == y, date.month == m, date.day == d else { return nil }  // e.g. 02-30
        self = date
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int { CivilDate.dayNumber(year: year, month: month, day: day) }

    /// ISO weekday: Monday 1 … Sunday 7. 1970-01-01 was a Thursday.
    public var weekday: Int { CivilDate.weekday(ofDay: dayNumber) }

    static func weekday(ofDay dayNumber: Int) -> Int {
        ((dayNumber + 3) % 7 + 7) % 7 + 1
    }

    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(validating: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid date '\(s)', expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
