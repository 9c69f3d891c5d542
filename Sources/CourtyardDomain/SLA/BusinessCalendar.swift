// MARK: - Working periods

/// A stretch of working time within one local day, in minutes after local midnight:
/// `[startMinute, endMinute)`. 08:30–12:00 is `WorkingPeriod(startMinute: 510, endMinute: 720)`.
public struct WorkingPeriod: Hashable, Sendable, Codable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// `WorkingPeriod(hours: 8...18)` is 08:00–18:00.
    public init(hours: ClosedRange<Int>) {
        self.init(startMinute: hours.lowerBound * 60, endMinute: hours.upperBound * 60)
    }
}

// MARK: - Calendar

/// When a site works: the clock SLA targets run on (SPEC §4: business calendars per site).
///
/// A fixed UTC offset (Chinese sites have no daylight saving), working periods per ISO
/// weekday, holidays (no work) and make-up workdays (调休: a weekend day worked). Or 24×7,
/// which emergencies use whatever the site's calendar says.
public struct BusinessCalendar: Hashable, Sendable, Codable {
    public let utcOffsetMinutes: Int
    /// Seven entries, Monday first; each sorted and non-overlapping.
    public let weeklyHours: [[WorkingPeriod]]
    public let holidays: [CivilDate]
    public let makeUpWorkdays: [CivilDate]
    /// The hours of a make-up workday.
    public let makeUpHours: [WorkingPeriod]
    public let isAlwaysOpen: Bool

    // MARK: Limits

    public static let utcOffsetMinutesRange = -720...840
    public static let periodsPerDayMax = 8
    public static let specialDaysMax = 1_000
    /// How far `add` looks ahead before giving up (returns `Int64.max`): ten years.
    public static let daysScannedMax = 3_660
    static let dayMs: Int64 = 86_400_000
    static let minuteMs: Int64 = 60_000

    // MARK: Construction

    /// A validated calendar; throws when periods are malformed, dates invalid, or the week
    /// has no working time at all (deadlines would never fall).
    public init(utcOffsetMinutes: Int, weeklyHours: [[WorkingPeriod]], holidays: [String] = [],
                makeUpWorkdays: [String] = [], makeUpHours: [WorkingPeriod]? = nil) throws(BusinessCalendarError) {
        guard Self.utcOffsetMinutesRange.contains(utcOffsetMinutes) else {
            throw BusinessCalendarError("utcOffsetMinutes must be within -720...840, got \(utcOffsetMinutes)")
        }
        guard weeklyHours.count == 7 else {
            throw BusinessCalendarError("weeklyHours needs 7 days (Monday first), got \(weeklyHours.count)")
        }
        for (i, day) in weeklyHours.enumerated() { try Self.checkPeriods(day, "weeklyHours[\(i)]") }
        guard weeklyHours.contains(where: { !$0.isEmpty }) else {
            throw BusinessCalendarError("the week has no working hours; use .alwaysOpen for 24×7")
        }
        let hol = try Self.parseDates(holidays, "holidays")
        let makeUp = try Self.parseDates(makeUpWorkdays, "makeUpWorkdays")
        if let both = hol.first(where: { makeUp.contains($0) }) {
            throw BusinessCalendarError("\(both) is both a holiday and a make-up workday")
        }
        let extra = makeUpHours ?? weeklyHours.first(where: { !$0.isEmpty }) ?? []
        try Self.checkPeriods(extra, "makeUpHours")
        self.utcOffsetMinutes = utcOffsetMinutes
        self.weeklyHours = weeklyHours
        self.holidays = hol
        self.makeUpWorkdays = makeUp
        self.makeUpHours = extra
        self.isAlwaysOpen = false
    }

    private init(alwaysOpenWithOffset offset: Int) {
        utcOffsetMinutes = offset
        weeklyHours = Array(repeating: [WorkingPeriod(startMinute: 0, endMinute: 1_440)], count: 7)
        holidays = []
        makeUpWorkdays = []
        makeUpHours = []
        isAlwaysOpen = true
    }

    /// 24×7: every millisecond counts.
    public static let alwaysOpen = BusinessCalendar(alwaysOpenWithOffset: 0)

    /// The same hours every day of the week (a property office open on weekends too).
    public static func everyDay(_ periods: [WorkingPeriod], utcOffsetMinutes: Int = 480,
                                holidays: [String] = []) throws(BusinessCalendarError) -> BusinessCalendar {
        try BusinessCalendar(utcOffsetMinutes: utcOffsetMinutes, weeklyHours: Array(repeating: periods, count: 7),
                             holidays: holidays)
    }

    // MARK: Validation helpers

    private static func checkPeriods(_ periods: [WorkingPeriod], _ field: String) throws(BusinessCalendarError) {
        guard periods.count <= periodsPerDayMax else {
            throw BusinessCalendarError("\(field) has more than \(periodsPerDayMax) periods")
        }
        var previousEnd = 0
        for p in periods {
            guard p.startMinute >= previousEnd, p.startMinute < p.endMinute, p.endMinute <= 1_440 else {
                throw BusinessCalendarError(
                    "\(field): periods must lie within 0...1440 minutes, sorted, non-empty and non-overlapping")
            }
            previousEnd = p.endMinute
        }
    }

    private static func parseDates(_ raw: [String], _ field: String) throws(BusinessCalendarError) -> [CivilDate] {
        guard raw.count <= specialDaysMax else {
            throw BusinessCalendarError("\(field) has more than \(specialDaysMax) dates")
        }
        var dates: [CivilDate] = []
        for s in raw {
            guard let d = CivilDate(validating: s) else {
                throw BusinessCalendarError("\(field): '\(s.prefix(32))' is not a date (YYYY-MM-DD)")
            }
            dates.append(d)
        }
        return Array(Set(dates)).sorted()
    }

    // MARK: Codable (decoding re-validates)

    private enum CodingKeys: String, CodingKey {
        case utcOffsetMinutes, weeklyHours, holidays, makeUpWorkdays, makeUpHours, isAlwaysOpen
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let offset = try c.decode(Int.self, forKey: .utcOffsetMinutes)
        if try c.decodeIfPresent(Bool.self, forKey: .isAlwaysOpen) ?? false {
            guard Self.utcOffsetMinutesRange.contains(offset) else {
                throw DecodingError.dataCorruptedError(forKey: .utcOffsetMinutes, in: c, debugDescription: "out of range")
            }
            self.init(alwaysOpenWithOffset: offset)
            return
        }
        do {
            try self.init(utcOffsetMinutes: offset,
                          weeklyHours: try c.decode([[WorkingPeriod]].self, forKey: .weeklyHours),
                          holidays: try c.decodeIfPresent([String].self, forKey: .holidays) ?? [],
                          makeUpWorkdays: try c.decodeIfPresent([String].self, forKey: .makeUpWorkdays) ?? [],
                          makeUpHours: try c.decodeIfPresent([WorkingPeriod].self, forKey: .makeUpHours))
        } catch let error as BusinessCalendarError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(utcOffsetMinutes, forKey: .utcOffsetMinutes)
        try c.encode(isAlwaysOpen, forKey: .isAlwaysOpen)
        guard !isAlwaysOpen else { return }
        try c.encode(weeklyHours, forKey: .weeklyHours)
        try c.encode(holidays.map(\.description), forKey: .holidays)
        try c.encode(makeUpWorkdays.map(\.description), forKey: .makeUpWorkdays)
        try c.encode(makeUpHours, forKey: .makeUpHours)
    }
}

/// A calendar that cannot be built, with the reason.
public struct BusinessCalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
