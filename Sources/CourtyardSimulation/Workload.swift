import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication

// MARK: - WorkStep

/// A technician's or agent's step on a ticket, in lifecycle order.
public enum WorkStep: String, Sendable, Hashable, CaseIterable {
    case assign, accept, arrive, resolve, callback, close

    var next: WorkStep? {
        switch self {
        case .assign: .accept
        case .accept: .arrive
        case .arrive: .resolve
        case .resolve: .callback
        case .callback: .close
        case .close: nil
        }
    }

    /// How long after the previous step this one happens (ms); `slow` technicians make the
    /// SLA run out.
    func delay(slow: Bool, rng: inout SimRandom) -> Int64 {
        switch self {
        case .assign: rng.int(in: 60_000...240_000)
        case .accept: rng.int(in: 30_000...300_000)
        case .arrive: rng.int(in: 120_000...600_000)
        case .resolve: slow ? rng.int(in: 2_400_000...6_000_000) : rng.int(in: 300_000...900_000)
        case .callback: rng.int(in: 300_000...1_200_000)
        case .close: rng.int(in: 10_000...60_000)
        }
    }
}

// MARK: - Arrivals

extension WorkloadSettings {
    /// Expected calls per minute at a site, `virtualMs` into a run that started at `startHour`.
    public func callsPerMinute(virtualMs: Int64, startHour: Int) -> Double {
        let hour = (startHour + Int(virtualMs / 3_600_000)) % 24
        var rate = callsPerHourPerSite * hourlyCurve[hour] / 60
        for s in surges where virtualMs >= s.startMs && virtualMs < s.endMs { rate *= s.factor }
        return rate
    }
}

/// The categories residents call about, with the share of each among ordinary calls.
enum CallMix {
    static let categories: [TicketCategory] = [.repair, .repair, .repair, .publicFacilityRepair, .complaint, .consultation]
    static let titles = ["厨房水龙头漏水", "楼道灯不亮", "电梯异响", "空调不制冷", "停车位被占", "物业费咨询"]
}
