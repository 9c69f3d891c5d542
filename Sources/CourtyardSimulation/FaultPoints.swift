// MARK: - FaultPoint

/// A named place in the simulator's node code where a fault may be injected (FoundationDB's
/// BUGGIFY). A point is off unless the scenario (or swarm mode) turns it on for a site; when
/// on, it fires with its probability each time the code passes it.
public enum FaultPoint: String, CaseIterable, Sendable, Hashable, Comparable {
    /// A message leaving the site takes 2–8 s longer.
    case netDelaySpike = "net.delay-spike"
    /// Persisting received items fails (IO error); the core forgets them and they come again.
    case diskWriteError = "disk.write-error"
    /// A persist takes 0.2–2 s to reach the disk (slow fsync), widening the unsynced window.
    case diskSlowSync = "disk.slow-sync"
    /// A crash tears the record after the surviving part of the unsynced tail.
    case diskTornTail = "disk.torn-tail"
    /// Once a simulated minute the clock may jump by up to ±3 s.
    case clockJump = "clock.jump"
    /// Once a simulated minute the node may crash, restarting 10–60 s later.
    case nodeCrash = "node.crash"

    /// How often the point fires when it is on.
    public var probability: Double {
        switch self {
        case .netDelaySpike: 0.01
        case .diskWriteError: 0.05
        case .diskSlowSync: 0.10
        case .diskTornTail: 0.50
        case .clockJump: 0.05
        case .nodeCrash: 0.01
        }
    }

    public static func < (a: FaultPoint, b: FaultPoint) -> Bool { a.rawValue < b.rawValue }
}

// MARK: - FaultPoints

/// Which fault points are on, per site. Consulting a point that is off draws nothing, so
/// turning points on or off does not disturb the rest of a run's choices.
public struct FaultPoints: Hashable, Sendable {
    private var on: [[Bool]]

    public init(siteCount: Int) {
        on = Array(repeating: Array(repeating: false, count: FaultPoint.allCases.count), count: siteCount)
    }

    public mutating func enable(_ point: FaultPoint, site: Int) {
        on[site][Self.index(point)] = true
    }

    public func isEnabled(_ point: FaultPoint, site: Int) -> Bool { on[site][Self.index(point)] }

    /// The points on at `site`, sorted.
    public func enabled(site: Int) -> [FaultPoint] { FaultPoint.allCases.filter { isEnabled($0, site: site) } }

    /// Whether `point` fires now at `site` (draws only when it is on).
    public func fires(_ point: FaultPoint, site: Int, rng: inout SimRandom) -> Bool {
        isEnabled(point, site: site) && rng.chance(point.probability)
    }

    private static func index(_ p: FaultPoint) -> Int { FaultPoint.allCases.firstIndex(of: p) ?? 0 }
}
