import CourtyardCRDT
import CourtyardDomain

// MARK: - Demo bills

extension DemoSite {
    /// How many past months of bills the demo gives each room.
    public static let billMonths = 3

    /// The IVR room code of a demo room: building number, unit number, door number
    /// (`1号楼` `2单元` `1203` → `121203`).
    public static func roomCode(of room: Room) -> String? {
        guard let b = buildings.firstIndex(of: room.building),
              let unit = room.unit.first(where: \.isNumber) else { return nil }
        return "\(b + 1)\(unit)\(room.number)"
    }
}

extension DemoGenerator {
    /// Bills for the `billMonths` months before the current one. A room the directory marks
    /// in arrears leaves its last 1–3 months unpaid (sometimes the oldest of them half paid);
    /// every other line is paid. Rewrites each room's `arrearsCents` to its unpaid total.
    mutating func makeBills() -> [Bill] {
        let (year, month) = DemoCalendar.yearMonth(ofMs: nowMs)
        var bills: [Bill] = []
        for i in batch.rooms.indices {
            let room = batch.rooms[i]
            guard let code = DemoSite.roomCode(of: room) else { continue }
            let unpaidMonths = room.arrearsCents > 0 ? int(1...DemoSite.billMonths) : 0
            let halfPaidOldest = unpaidMonths > 0 && chance(30)
            var owed = 0
            for back in stride(from: DemoSite.billMonths, through: 1, by: -1) {
                let (py, pm) = DemoCalendar.adding(months: -back, to: (year, month))
                let period = "\(py)-\(pm < 10 ? "0" : "")\(pm)"
                let (dy, dm) = DemoCalendar.adding(months: 1, to: (py, pm))
                let dueAtMs = DemoCalendar.ms(year: dy, month: dm, day: 15)
                for (kind, amount) in monthlyCharges(areaM2: room.areaM2 ?? 90) {
                    var paid = amount
                    if back <= unpaidMonths {
                        paid = (back == unpaidMonths && halfPaidOldest) ? amount / 2 : 0
                    }
                    owed += amount - paid
                    bills.append(Bill(id: "\(room.id)-\(period)-\(kind.rawValue)", site: site, roomID: room.id,
                                      roomCode: code, kind: kind, period: period, amountCents: amount,
                                      dueAtMs: dueAtMs, paidCents: paid))
                }
            }
            batch.rooms[i].arrearsCents = owed
        }
        return bills
    }

    /// One month of fees in CNY cents: metered water (¥3.5/m³), electricity (¥0.56/kWh),
    /// gas (¥2.8/m³), and the property fee at ¥2.5/m² of floor area.
    private func monthlyCharges(areaM2: Double) -> [(BillKind, Int)] {
        [(.water, int(6...22) * 350),
         (.electricity, int(120...520) * 56),
         (.gas, int(8...35) * 280),
         (.propertyFee, Int((areaM2 * 250).rounded()))]
    }
}

/// Civil-calendar arithmetic in China Standard Time (UTC+8), enough for billing periods.
enum DemoCalendar {
    static let offsetMs: Int64 = 8 * 3_600_000
    static let dayMs: Int64 = 86_400_000

    static func yearMonth(ofMs ms: Int64) -> (Int, Int) {
        let days = Int((ms + offsetMs).floorDiv(dayMs))
        let (y, m, _) = civil(fromDays: days)
        return (y, m)
    }

    static func adding(months: Int, to ym: (Int, Int)) -> (Int, Int) {
        let index = ym.0 * 12 + (ym.1 - 1) + months
        return (index.floorDiv(12), index - index.floorDiv(12) * 12 + 1)
    }

    /// Midnight of the date in UTC+8, as Unix milliseconds.
    static func ms(year: Int, month: Int, day: Int) -> Int64 {
        Int64(days(year: year, month: month, day: day)) * dayMs - offsetMs
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension BinaryInteger {
    fileprivate func floorDiv(_ d: Self) -> Self {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
