// MARK: - When a campaign may send

/// The hours a campaign may reach residents: an absolute span (`notBeforeMs` ..< `notAfterMs`)
/// and a daily window in local time (default 09:00–20:00 at UTC+8), so a reminder never
/// rings at night. `dailyFromMinute == dailyToMinute` means all day.
public struct ScheduleWindow: Hashable, Sendable, Codable {
    public var notBeforeMs: Int64?
    public var notAfterMs: Int64?
    /// Minutes after local midnight, 0–1439.
    public var dailyFromMinute: Int
    /// Minutes after local midnight, 0–1440; before `dailyFromMinute` wraps over midnight.
    public var dailyToMinute: Int
    /// The site's offset from UTC in minutes (+480 for China).
    public var utcOffsetMinutes: Int

    public init(notBeforeMs: Int64? = nil, notAfterMs: Int64? = nil, dailyFromMinute: Int = 9 * 60,
                dailyToMinute: Int = 20 * 60, utcOffsetMinutes: Int = 480) {
        self.notBeforeMs = notBeforeMs
        self.notAfterMs = notAfterMs
        self.dailyFromMinute = dailyFromMinute
        self.dailyToMinute = dailyToMinute
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Every field is optional in JSON; absent ones take the defaults above.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ScheduleWindow()
        self.init(notBeforeMs: try c.decodeIfPresent(Int64.self, forKey: .notBeforeMs),
                  notAfterMs: try c.decodeIfPresent(Int64.self, forKey: .notAfterMs),
                  dailyFromMinute: try c.decodeIfPresent(Int.self, forKey: .dailyFromMinute) ?? d.dailyFromMinute,
                  dailyToMinute: try c.decodeIfPresent(Int.self, forKey: .dailyToMinute) ?? d.dailyToMinute,
                  utcOffsetMinutes: try c.decodeIfPresent(Int.self, forKey: .utcOffsetMinutes) ?? d.utcOffsetMinutes)
    }

    /// Sends at any time.
    public static let always = ScheduleWindow(dailyFromMinute: 0, dailyToMinute: 0)

    public func validate() throws(CampaignError) {
        guard (0...1439).contains(dailyFromMinute) else { throw CampaignError.invalid("window.dailyFromMinute", "must be 0–1439") }
        guard (0...1440).contains(dailyToMinute) else { throw CampaignError.invalid("window.dailyToMinute", "must be 0–1440") }
        guard (-720...840).contains(utcOffsetMinutes) else { throw CampaignError.invalid("window.utcOffsetMinutes", "must be -720–840") }
        if let from = notBeforeMs, let to = notAfterMs, from >= to {
            throw CampaignError.invalid("window.notAfterMs", "(\(to)) must be after notBeforeMs (\(from))")
        }
        for (field, value) in [("window.notBeforeMs", notBeforeMs), ("window.notAfterMs", notAfterMs)] {
            if let v = value, !(0...Self.msMax).contains(v) { throw CampaignError.invalid(field, "must be epoch milliseconds in 0…\(Self.msMax)") }
        }
    }

    static let msMax: Int64 = 7_258_118_400_000  // 2200-01-01
    static let dayMs: Int64 = 86_400_000

    /// True once the absolute window has ended: nothing more will ever be sent.
    public func isOver(nowMs: Int64) -> Bool {
        notAfterMs.map { nowMs >= $0 } ?? false
    }

    /// The first instant at or after `nowMs` when sending is allowed; nil when never again.
    public func nextOpenMs(nowMs: Int64) -> Int64? {
        var t = max(nowMs, notBeforeMs ?? nowMs)
        if !isDaily {
            return isOver(nowMs: t) ? nil : t
        }
        let offset = Int64(utcOffsetMinutes) * 60_000
        let local = t + offset
        let minute = Int((local % Self.dayMs + Self.dayMs) % Self.dayMs / 60_000)
        if !inDaily(minute) {
            // Jump to the next local opening at dailyFromMinute.
            let dayStart = local - (local % Self.dayMs + Self.dayMs) % Self.dayMs
            var opening = dayStart + Int64(dailyFromMinute) * 60_000
            if opening <= local { opening += Self.dayMs }
            t = opening - offset
        }
        return isOver(nowMs: t) ? nil : t
    }

    /// True when a message may go out at `nowMs`.
    public func isOpen(nowMs: Int64) -> Bool { nextOpenMs(nowMs: nowMs) == nowMs }

    /// False when the daily window covers the whole day (from == to, or 0–1440).
    private var isDaily: Bool { dailyFromMinute % 1440 != dailyToMinute % 1440 }

    private func inDaily(_ minute: Int) -> Bool {
        if dailyFromMinute < dailyToMinute { return minute >= dailyFromMinute && minute < dailyToMinute }
        return minute >= dailyFromMinute || minute < dailyToMinute  // wraps over midnight
    }
}
