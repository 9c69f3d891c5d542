// MARK: - LinkSettings

/// How one direction of a link behaves when nothing is broken: a delay drawn uniformly
/// from `delayMinMs...delayMaxMs` (a wide range reorders), loss and duplication rates.
public struct LinkSettings: Hashable, Sendable, Codable {
    public var delayMinMs: Int64 = 1
    public var delayMaxMs: Int64 = 20
    public var dropRate: Double = 0
    public var duplicateRate: Double = 0
    /// Probability that a message takes a slow path of `slowDelayMs` extra (a tail).
    public var slowRate: Double = 0
    public var slowDelayMs: Int64 = 1_000
    public init() {}
}

// MARK: - SimNetwork

/// The simulated network between sites, indexed by site position: per-link settings,
/// directed cuts (a symmetric partition is two of them; a one-way partition one), and
/// clogged links that hold messages until they unclog.
public struct SimNetwork: Sendable {
    public let siteCount: Int
    public var settings: LinkSettings
    /// `cutUntil[from][to]`: messages from → to are lost before this virtual time.
    private var cutUntil: [[Int64]]
    /// `clogUntil[from][to]`: messages from → to wait until this virtual time.
    private var clogUntil: [[Int64]]

    public init(siteCount: Int, settings: LinkSettings) {
        self.siteCount = siteCount
        self.settings = settings
        cutUntil = Array(repeating: Array(repeating: .min, count: siteCount), count: siteCount)
        clogUntil = cutUntil
    }

    /// What became of a message sent now.
    public enum Fate: Hashable, Sendable {
        case lostInPartition
        case dropped
        /// Delivered at each of these virtual times (two when duplicated).
        case deliver([Int64])
    }

    // MARK: Faults

    /// Cuts from → to until `untilMs`.
    public mutating func cut(_ from: Int, _ to: Int, untilMs: Int64) {
        cutUntil[from][to] = max(cutUntil[from][to], untilMs)
    }

    public mutating func clog(_ from: Int, _ to: Int, untilMs: Int64) {
        clogUntil[from][to] = max(clogUntil[from][to], untilMs)
    }

    /// Restores every link at once (the final heal).
    public mutating func healAll() {
        for a in 0..<siteCount {
            for b in 0..<siteCount {
                cutUntil[a][b] = .min
                clogUntil[a][b] = .min
            }
        }
    }

    public func isCut(_ from: Int, _ to: Int, atMs: Int64) -> Bool { atMs < cutUntil[from][to] }

    /// Whether any link touching `site` is cut or clogged at `atMs` (a network fault is
    /// under way, so membership may rightly declare it down).
    public func isDisturbed(_ site: Int, atMs: Int64) -> Bool {
        (0..<siteCount).contains { o in
            atMs < cutUntil[site][o] || atMs < cutUntil[o][site]
                || atMs < clogUntil[site][o] || atMs < clogUntil[o][site]
        }
    }

    /// The last instant any fault touching `site` ends (for detection bounds).
    public func disturbedUntil(_ site: Int) -> Int64 {
        var end = Int64.min
        for o in 0..<siteCount {
            end = max(end, cutUntil[site][o], cutUntil[o][site], clogUntil[site][o], clogUntil[o][site])
        }
        return end
    }

    // MARK: Sending

    /// Decides the fate of a message sent from → to at `nowMs`, drawing from `rng` in a
    /// fixed order: drop, delay, slow path, duplicate (and its delay).
    public func route(from: Int, to: Int, nowMs: Int64, extraDelayMs: Int64,
                      rng: inout SimRandom) -> Fate {
        if isCut(from, to, atMs: nowMs) { return .lostInPartition }
        if rng.chance(settings.dropRate) { return .dropped }
        let start = max(nowMs, clogUntil[from][to])
        var first = start + rng.int(in: settings.delayMinMs...max(settings.delayMinMs, settings.delayMaxMs))
        if rng.chance(settings.slowRate) { first += settings.slowDelayMs }
        first += extraDelayMs
        if rng.chance(settings.duplicateRate) {
            let second = start + rng.int(in: settings.delayMinMs...max(settings.delayMinMs, settings.delayMaxMs))
            return .deliver([first, second])
        }
        return .deliver([first])
    }
}
