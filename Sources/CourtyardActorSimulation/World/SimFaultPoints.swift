import CourtyardRuntime
import Synchronization

// MARK: - SimFaultPoints

/// A site's BUGGIFY switch in an actor-simulation run. At the start of a run each legal
/// fault point is switched on for each site with `enableChance` (seeded), and an enabled
/// point fires at an evaluation with `fireChance`. A planted bug's point is on at every
/// site and always fires. Production passes no switch at all.
public final class SimFaultPoints: FaultPointSwitch {
    public let enabled: Set<String>
    let fireChance: Double
    let scheduler: SimScheduler
    private let counts = Mutex<[String: Int]>([:])

    init(enabled: Set<String>, fireChance: Double, scheduler: SimScheduler) {
        self.enabled = enabled
        self.fireChance = fireChance
        self.scheduler = scheduler
    }

    public func fires(_ name: String) -> Bool {
        guard enabled.contains(name) else { return false }
        let fire = name.hasPrefix("plant.") || Double(scheduler.draw() >> 11) / Double(1 << 53) < fireChance
        if fire { counts.withLock { $0[name, default: 0] += 1 } }
        return fire
    }

    /// How often each point fired.
    public var fired: [String: Int] { counts.withLock { $0 } }
}

extension SimWorld {
    /// Draws each site's enabled points (once per site, at its first start).
    func makeFaultPoints() -> [SimFaultPoints] {
        let legal = FaultPoint.all.filter { !$0.hasPrefix("plant.") }
        return sites.map { _ in
            var on: Set<String> = []
            if settings.buggify {
                for point in legal where Double(scheduler.draw() >> 11) / Double(1 << 53) < settings.buggifyEnableChance {
                    on.insert(point)
                }
            }
            if let plant { on.insert(plant.faultPoint) }
            return SimFaultPoints(enabled: on, fireChance: settings.buggifyFireChance, scheduler: scheduler)
        }
    }
}
