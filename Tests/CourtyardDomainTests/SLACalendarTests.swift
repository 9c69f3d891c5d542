@testable import CourtyardDomain
import Testing

// MARK: - Helpers

/// UTC epoch ms of a Beijing (UTC+8) wall time.
func beijing(_ date: String, _ hour: Int, _ minute: Int = 0) -> Int64 {
    Int64(CivilDate(validating: date)!.dayNumber) * 86_400_000 + Int64(hour * 60 + minute - 480) * 60_000
}

let hourMs: Int64 = 3_600_000

/// Monday to Friday, 09:00–18:00 Beijing time; 2026-03-06 (Friday) is a holiday and
/// 2026-03-14 (Saturday) a make-up workday.
func officeCalendar() throws -> BusinessCalendar {
    let day = [WorkingPeriod(hours: 9...18)]
    return try BusinessCalendar(utcOffsetMinutes: 480, weeklyHours: [day, day, day, day, day, [], []],
                                holidays: ["2026-03-06"], makeUpWorkdays: ["2026-03-14"])
}

// MARK: - Dates

@Test func civilDate_parsesAndRejects() {
    #expect(CivilDate(validating: "2026-03-02")?.weekday == 1)   // a Monday
    #expect(CivilDate(validating: "1970-01-01")?.dayNumber == 0)
    #expect(CivilDate(validating: "2024-02-29")?.description == "2024-02-29")
    for bad in ["2026-02-30", "2025-02-29", "2026-3-2", "2026-13-01", "20260302", "abcd-ef-gh", "2026-03-02 "] {
        #expect(CivilDate(validating: bad) == nil, "\(bad)")
    }
    for n in [-1, 0, 59, 10_957, 20_514, 2_932_896] {
        #expect(CivilDate(dayNumber: n).dayNumber == n)
    }
}

// MARK: - add

@Test func add_withinOneDay_staysThatDay() throws {
    let cal = try officeCalendar()
    #expect(cal.add(30 * 60_000, to: beijing("2026-03-02", 10)) == beijing("2026-03-02", 10, 30))
}

@Test func add_acrossTheNight_resumesNextMorning() throws {
    let cal = try officeCalendar()
    #expect(cal.add(hourMs, to: beijing("2026-03-02", 17, 30)) == beijing("2026-03-03", 9, 30))
    // Starting in the night counts from the next opening.
    #expect(cal.add(hourMs, to: beijing("2026-03-02", 23)) == beijing("2026-03-03", 10))
    #expect(cal.add(hourMs, to: beijing("2026-03-03", 3)) == beijing("2026-03-03", 10))
}

@Test func add_acrossTheWeekend_resumesMonday() throws {
    let cal = try officeCalendar()
    #expect(cal.add(2 * hourMs, to: beijing("2026-03-13", 17)) == beijing("2026-03-14", 10)) // make-up Saturday
    #expect(cal.add(2 * hourMs, to: beijing("2026-03-20", 17)) == beijing("2026-03-23", 10))
}

@Test func add_overAHoliday_skipsIt() throws {
    let cal = try officeCalendar()
    // Thursday 17:00 + 2 h: Friday 03-06 is a holiday, so Monday 10:00.
    #expect(cal.add(2 * hourMs, to: beijing("2026-03-05", 17)) == beijing("2026-03-09", 10))
    #expect(!cal.isWorking(at: beijing("2026-03-06", 10)))
    #expect(cal.isWorking(at: beijing("2026-03-14", 10)))
}

@Test func add_withLunchBreak_skipsTheBreak() throws {
    let cal = try BusinessCalendar.everyDay([WorkingPeriod(startMinute: 8 * 60, endMinute: 12 * 60),
                                             WorkingPeriod(startMinute: 13 * 60 + 30, endMinute: 18 * 60)])
    #expect(cal.add(hourMs, to: beijing("2026-03-07", 11, 30)) == beijing("2026-03-07", 14))
}

@Test func businessDuration_invertsAdd() throws {
    let cal = try officeCalendar()
    let start = beijing("2026-03-05", 16, 10)
    for hours: Int64 in [1, 5, 9, 20, 47] {
        let due = cal.add(hours * hourMs, to: start)
        #expect(cal.businessDuration(from: start, to: due) == hours * hourMs)
    }
    #expect(cal.businessDuration(from: beijing("2026-03-02", 18), to: beijing("2026-03-03", 9)) == 0)
    #expect(cal.businessDuration(from: beijing("2026-03-06", 0), to: beijing("2026-03-09", 0)) == 0)
    #expect(cal.businessDuration(from: 10, to: 5) == 0)
}

@Test func alwaysOpen_countsEveryMillisecond() {
    let cal = BusinessCalendar.alwaysOpen
    #expect(cal.add(hourMs, to: beijing("2026-03-07", 23, 30)) == beijing("2026-03-08", 0, 30))
    #expect(cal.businessDuration(from: 0, to: 86_400_000) == 86_400_000)
    #expect(cal.add(1, to: Int64.max) == Int64.max)
}

// MARK: - Validation

@Test func calendar_malformedInput_isRefused() {
    let day = [WorkingPeriod(hours: 9...18)]
    let week = Array(repeating: day, count: 7)
    #expect(throws: BusinessCalendarError.self) {
        try BusinessCalendar(utcOffsetMinutes: 480, weeklyHours: Array(repeating: [], count: 7))
    }
    #expect(throws: BusinessCalendarError.self) {
        try BusinessCalendar(utcOffsetMinutes: 480, weeklyHours: [day])
    }
    #expect(throws: BusinessCalendarError.self) {
        try BusinessCalendar(utcOffsetMinutes: 480, weeklyHours: Array(repeating: [
            WorkingPeriod(hours: 9...12), WorkingPeriod(hours: 11...18)], count: 7))
    }
    #expect(throws: BusinessCalendarError.self) {
        try BusinessCalendar(utcOffsetMinutes: 480, weeklyHours: week, holidays: ["2026-02-30"])
    }
    #expect(throws: BusinessCalendarError.self) {
        try BusinessCalendar(utcOffsetMinutes: 480, weeklyHours: week, holidays: ["2026-03-14"],
                             makeUpWorkdays: ["2026-03-14"])
    }
    #expect(throws: BusinessCalendarError.self) {
        try BusinessCalendar(utcOffsetMinutes: 2_000, weeklyHours: week)
    }
}
