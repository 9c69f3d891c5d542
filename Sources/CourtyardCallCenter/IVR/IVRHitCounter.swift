// MARK: - Menu hit counters

/// How often each menu node was reached, per site: a grow-only counter (G-counter) keyed
/// by (site, node path), so counters from several nodes merge by taking the maximum of
/// each site's own count and a report sums over sites. A site only increments its own slots.
public struct IVRHitCounter: Hashable, Sendable, Codable {
    /// `counts[path][site]` = hits recorded by `site` for `path`.
    public private(set) var counts: [IVRNodePath: [SiteID: UInt64]]

    /// Paths tracked at most; hits beyond it are dropped and counted in `droppedHits`.
    public static let pathsMax = 1_000
    public private(set) var droppedHits: UInt64

    public init() {
        counts = [:]
        droppedHits = 0
    }

    /// Records one hit at `path` by `site`.
    public mutating func record(_ path: IVRNodePath, site: SiteID, by n: UInt64 = 1) {
        if counts[path] == nil && counts.count >= Self.pathsMax {
            droppedHits &+= n
            return
        }
        counts[path, default: [:]][site, default: 0] &+= n
    }

    /// Hits at `path` summed over all sites.
    public func total(_ path: IVRNodePath) -> UInt64 {
        (counts[path] ?? [:]).values.reduce(0, &+)
    }

    /// Hits at `path` recorded by one site.
    public func count(_ path: IVRNodePath, site: SiteID) -> UInt64 { counts[path]?[site] ?? 0 }

    /// Totals per path, in path order (for reports).
    public var totals: [(path: IVRNodePath, hits: UInt64)] {
        counts.keys.sorted().map { ($0, total($0)) }
    }

    /// G-counter merge: per (path, site) maximum. Commutative, associative, idempotent.
    public mutating func merge(_ other: IVRHitCounter) {
        for path in other.counts.keys.sorted() {
            guard let theirs = other.counts[path] else { continue }
            if counts[path] == nil && counts.count >= Self.pathsMax { continue }
            for (site, n) in theirs {
                counts[path, default: [:]][site] = max(counts[path]?[site] ?? 0, n)
            }
        }
    }

    public func merged(_ other: IVRHitCounter) -> IVRHitCounter {
        var m = self
        m.merge(other)
        return m
    }
}
