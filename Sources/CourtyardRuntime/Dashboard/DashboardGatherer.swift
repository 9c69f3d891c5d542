import CourtyardCallCenter
import CourtyardCRDT

// MARK: - The HQ dashboard's gatherer

/// Every site's snapshot as this node last gathered it (`DashboardTiles`), refreshed on
/// demand: readers ask for a board no older than some age, and one refresh (this site
/// directly, every other site with a `distributed func snapshot()` call bounded by
/// `callTimeoutMs`, all at once) serves every reader that asked meanwhile. A site that does
/// not answer keeps its last good snapshot and is marked unreachable. Nothing is polled
/// while nobody reads, so an idle dashboard costs the cluster nothing.
public actor DashboardGatherer {
    public struct Settings: Sendable, Hashable {
        /// The deadline of one site's snapshot call.
        public var callTimeoutMs: Int64
        public init(callTimeoutMs: Int64 = 1_500) {
            precondition(callTimeoutMs > 0)
            self.callTimeoutMs = callTimeoutMs
        }
    }

    /// What a reader gets: the tiles and when they were gathered.
    public struct Board: Sendable, Hashable {
        public var gatheredAtMs: Int64
        public var tiles: DashboardTiles
    }

    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()
    public nonisolated let site: SiteID
    private let local: @Sendable () async throws -> SiteSnapshot
    private let peers: (any SiteSnapshotPeers)?
    private let settings: Settings
    private let wallClock: any WallClock
    private var tiles = DashboardTiles()
    private var gatheredAtMs: Int64?
    private var inFlight: Task<Void, Never>?

    /// `local` takes this site's snapshot; `peers` reaches the others (nil: this site only).
    public init(site: SiteID, local: @escaping @Sendable () async throws -> SiteSnapshot,
                peers: (any SiteSnapshotPeers)?, settings: Settings = Settings(), environment: NodeEnvironment) {
        unownedExecutor = environment.actorExecutor("dashboard", lane: lane)
        self.site = site
        self.local = local
        self.peers = peers
        self.settings = settings
        wallClock = environment.wallClock
    }

    /// The board, refreshed first when it is older than `maxAgeMs` (or never gathered).
    public func board(maxAgeMs: Int64) async -> Board {
        let now = wallClock.nowMs()
        if gatheredAtMs.map({ now - $0 > maxAgeMs || now < $0 }) ?? true {
            await refresh()
        }
        return Board(gatheredAtMs: gatheredAtMs ?? now, tiles: tiles)
    }

    /// Gathers every site now; joins a refresh already under way instead of starting another.
    public func refresh() async {
        if let running = inFlight {
            await running.value
            return
        }
        let task = Task { await self.gather() }
        inFlight = task
        await task.value
        inFlight = nil
    }

    private func gather() async {
        let started = wallClock.nowMs()
        do {
            tiles.record(try await local(), atMs: wallClock.nowMs())
        } catch {
            tiles.recordFailure(site: site, reason: "\(error)", atMs: wallClock.nowMs())
        }
        if let peers {
            let known = await peers.peers().filter { $0.site != site }
            let asked = Set(known.map(\.site))
            for gone in tiles.tiles.keys.sorted() where gone != site && !asked.contains(gone) {
                tiles.recordFailure(site: gone, reason: "site \(gone) is no longer a member seen from \(site)",
                                    atMs: wallClock.nowMs())
            }
            for result in await ask(known, peers) {
                let at = wallClock.nowMs()
                switch result.outcome {
                case .success(let snapshot): tiles.record(snapshot, atMs: at)
                case .failure(let error): tiles.recordFailure(site: result.site, reason: error.description, atMs: at)
                }
            }
        }
        gatheredAtMs = started
    }

    /// A short reason for the tile (the remote call's kind, not its mangled target).
    static func reason(_ error: any Error, timeout: Duration) -> SnapshotError {
        guard let remote = error as? RemoteCallError else { return SnapshotError("\(error)") }
        switch remote.kind {
        case .timeout: return SnapshotError("timeout: no answer within \(timeout)")
        case .nodeDown: return SnapshotError("node down: the cluster declared the site's node down")
        case .unreachable: return SnapshotError("unreachable: \(remote.message)")
        case .remoteThrew(_, let message): return SnapshotError("the site failed: \(message)")
        default: return SnapshotError("\(remote)")
        }
    }

    private struct Asked: Sendable {
        var site: SiteID
        var outcome: Result<SiteSnapshot, SnapshotError>
    }

    /// Asks every peer at once; results sorted by site (never in completion order).
    private func ask(_ known: [SnapshotPeer], _ peers: any SiteSnapshotPeers) async -> [Asked] {
        let timeout = Duration.milliseconds(settings.callTimeoutMs)
        let results = await withTaskGroup(of: Asked.self) { group in
            for peer in known {
                group.addTask {
                    guard let node = peer.node else {
                        return Asked(site: peer.site, outcome: .failure(SnapshotError("no node of site \(peer.site) is up")))
                    }
                    do {
                        let snapshot = try await peers.snapshot(of: node, timeout: timeout)
                        try snapshot.validate(expectedSite: peer.site)
                        return Asked(site: peer.site, outcome: .success(snapshot))
                    } catch let error as SnapshotError {
                        return Asked(site: peer.site, outcome: .failure(error))
                    } catch {
                        return Asked(site: peer.site, outcome: .failure(Self.reason(error, timeout: timeout)))
                    }
                }
            }
            var out: [Asked] = []
            for await r in group { out.append(r) }
            return out
        }
        return results.sorted { $0.site < $1.site }
    }
}
