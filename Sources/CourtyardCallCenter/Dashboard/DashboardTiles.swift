import CourtyardCRDT

// MARK: - One tile per site

/// What the HQ dashboard knows of one site: its last good snapshot (kept while the site is
/// unreachable), when it arrived and whether the latest attempt reached the site.
public struct SiteTile: Codable, Sendable, Hashable {
    public var site: SiteID
    /// The latest attempt got a valid snapshot.
    public var reachable: Bool
    /// The last good snapshot (nil when the site never answered).
    public var snapshot: SiteSnapshot?
    /// When the last good snapshot arrived, on the gathering node's clock.
    public var updatedAtMs: Int64?
    /// `now − updatedAtMs` when the board was read.
    public var ageMs: Int64?
    /// Why the latest attempt failed.
    public var error: String?
    public var lastAttemptMs: Int64?

    public init(site: SiteID, reachable: Bool = false, snapshot: SiteSnapshot? = nil, updatedAtMs: Int64? = nil,
                ageMs: Int64? = nil, error: String? = nil, lastAttemptMs: Int64? = nil) {
        self.site = site
        self.reachable = reachable
        self.snapshot = snapshot
        self.updatedAtMs = updatedAtMs
        self.ageMs = ageMs
        self.error = error
        self.lastAttemptMs = lastAttemptMs
    }
}

/// The gathering node's memory of every site (pure): records each attempt's outcome and
/// keeps the last good snapshot of a site that stops answering. Bounded by `sitesMax`.
public struct DashboardTiles: Sendable, Hashable {
    public static let sitesMax = 256
    public static let errorCharsMax = 200

    public private(set) var tiles: [SiteID: SiteTile] = [:]

    public init() {}

    /// Makes sure `site` has a tile (a member never reached yet shows as unreachable).
    public mutating func expect(_ site: SiteID) {
        guard tiles[site] == nil, tiles.count < Self.sitesMax else { return }
        tiles[site] = SiteTile(site: site)
    }

    /// A good snapshot arrived at `atMs`.
    public mutating func record(_ snapshot: SiteSnapshot, atMs: Int64) {
        expect(snapshot.site)
        guard var tile = tiles[snapshot.site] else { return }
        tile.reachable = true
        tile.snapshot = snapshot
        tile.updatedAtMs = atMs
        tile.error = nil
        tile.lastAttemptMs = atMs
        tiles[snapshot.site] = tile
    }

    /// The attempt to reach `site` failed: it is marked unreachable, its last good snapshot kept.
    public mutating func recordFailure(site: SiteID, reason: String, atMs: Int64) {
        expect(site)
        guard var tile = tiles[site] else { return }
        tile.reachable = false
        tile.error = String(reason.prefix(Self.errorCharsMax))
        tile.lastAttemptMs = atMs
        tiles[site] = tile
    }

    /// Every tile (or only `site`'s), sorted by site, with ages as of `nowMs`; without
    /// `detail` the drill-down lists are left out.
    public func board(nowMs: Int64, site: SiteID? = nil, detail: Bool) -> [SiteTile] {
        tiles.keys.sorted().filter { site == nil || $0 == site }.compactMap { id in
            guard var tile = tiles[id] else { return nil }
            tile.ageMs = tile.updatedAtMs.map { max(0, nowMs - $0) }
            if !detail { tile.snapshot = tile.snapshot?.summary }
            return tile
        }
    }
}
