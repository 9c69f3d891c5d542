// MARK: - Business-time arithmetic

extension BusinessCalendar {
    /// The instant `durationMs` of working time after `startMs` (UTC epoch ms): the due time
    /// of a target that starts at `startMs`. Non-positive durations return `startMs`; a
    /// calendar with no working time within `daysScannedMax` days returns `Int64.max`.
    public func add(_ durationMs: Int64, to startMs: Int64) -> Int64 {
        guard durationMs > 0 else { return startMs }
        if isAlwaysOpen {
            let (sum, overflow) = startMs.addingReportingOverflow(durationMs)
            return overflow ? Int64.max : sum
        }
        var remaining = durationMs
        var day = localDay(of: startMs)
        for _ in 0..<Self.daysScannedMax {
            for (open, close) in workingSpans(onDay: day) {
                let from = max(open, startMs)
                guard from < close else { continue }
                let available = close - from
                if remaining <= available { return from + remaining }
                remaining -= available
            }
            day += 1
        }
        return Int64.max
    }

    /// Working time in `[fromMs, toMs)`; zero when `toMs <= fromMs`. Spans longer than
    /// `daysScannedMax` days count only their first `daysScannedMax` days.
    public func businessDuration(from fromMs: Int64, to toMs: Int64) -> Int64 {
        guard toMs > fromMs else { return 0 }
        if isAlwaysOpen { return toMs - fromMs }
        var total: Int64 = 0
        let lastDay = localDay(of: toMs)
        var day = localDay(of: fromMs)
        var scanned = 0
        while day <= lastDay && scanned < Self.daysScannedMax {
            for (open, close) in workingSpans(onDay: day) {
                let overlap = min(close, toMs) - max(open, fromMs)
                if overlap > 0 { total += overlap }
            }
            day += 1
            scanned += 1
        }
        return total
    }

    /// Whether `ms` falls in working time.
    public func isWorking(at ms: Int64) -> Bool {
        if isAlwaysOpen { return true }
        return workingSpans(onDay: localDay(of: ms)).contains { $0.0 <= ms && ms < $0.1 }
    }

    /// The periods worked on a local date: none on a holiday, `makeUpHours` on a make-up
    /// workday, else the weekday's.
    public func periods(on date: CivilDate) -> [WorkingPeriod] {
        periods(onDay: date.dayNumber)
    }

    // MARK: Internals

    /// Days since 1970-01-01 in the site's local time.
    func localDay(of ms: Int64) -> Int {
        let local = ms + Int64(utcOffsetMinutes) * Self.minuteMs
        let (q, r) = local.quotientAndRemainder(dividingBy: Self.dayMs)
        return Int(r < 0 ? q - 1 : q)
    }

    private func periods(onDay day: Int) -> [WorkingPeriod] {
        if isAlwaysOpen { return weeklyHours[0] }
        let date = CivilDate(dayNumber: day)
        if Self.contains(holidays, date) { return [] }
        if Self.contains(makeUpWorkdays, date) { return makeUpHours }
        return weeklyHours[CivilDate.weekday(ofDay: day) - 1]
    }

    /// The periods of a local day as UTC epoch-ms spans `[open, close)`.
    private func workingSpans(onDay day: Int) -> [(Int64, Int64)] {
        let midnightUTC = Int64(day) * Self.dayMs - Int64(utcOffsetMinutes) * Self.minuteMs
        return periods(onDay: day).map {
            (midnightUTC + Int64($0.startMinute) * Self.minuteMs, midnightUTC + Int64($0.endMinute) * Self.minuteMs)
        }
    }

    private static func contains(_ sorted: [CivilDate], _ date: CivilDate) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < date { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == date
    }
}
