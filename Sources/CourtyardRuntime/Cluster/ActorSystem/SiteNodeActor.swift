import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import Distributed
import Foundation

/// A node's answer to `ping`: who it is and what its wall clock says (for skew estimates).
public struct SitePing: Codable, Sendable, Hashable {
    public var site: ReplicaID
    public var incarnation: UInt64
    public var wallTimeMs: Int64

    public init(site: ReplicaID, incarnation: UInt64, wallTimeMs: Int64) {
        self.site = site
        self.incarnation = incarnation
        self.wallTimeMs = wallTimeMs
    }
}

/// A node's summary: identity, uptime and named counts (open tickets, agents online, ...).
public struct SiteInfo: Codable, Sendable, Hashable {
    public var site: ReplicaID
    public var endpoint: Endpoint
    public var incarnation: UInt64
    public var uptimeMs: Int64
    public var counts: [String: Int]

    public init(site: ReplicaID, endpoint: Endpoint, incarnation: UInt64, uptimeMs: Int64, counts: [String: Int]) {
        self.site = site
        self.endpoint = endpoint
        self.incarnation = incarnation
        self.uptimeMs = uptimeMs
        self.counts = counts
    }
}

/// The well-known actor of every node, at path `/site`: other nodes ping it and ask for its
/// summary. Agents and call sessions get their own actors in later issues.
public distributed actor SiteNodeActor {
    public typealias ActorSystem = ClusterActorSystem

    /// Where every node hosts its site actor.
    public static let path = "/site"

    private let node: PeerIdentity
    private let wallClock: any WallClock
    private let elapsed: @Sendable () -> Duration
    private let counts: @Sendable () -> [String: Int]
    private let siteSnapshot: (@Sendable () async throws -> SiteSnapshot)?
    private let reports: SiteCallReporter?
    private let attachments: (any AttachmentStore)?
    /// Runs on the node's executor for distributed actors (the simulator's run queue, or a
    /// default actor's).
    public nonisolated var unownedExecutor: UnownedSerialExecutor { actorSystem.localActorExecutor }

    private init(actorSystem: ClusterActorSystem, environment: NodeEnvironment,
                 counts: @escaping @Sendable () -> [String: Int],
                 snapshot: (@Sendable () async throws -> SiteSnapshot)?, reports: SiteCallReporter?,
                 attachments: (any AttachmentStore)?) {
        self.actorSystem = actorSystem
        siteSnapshot = snapshot
        self.reports = reports
        self.attachments = attachments
        node = actorSystem.identity
        wallClock = environment.wallClock
        elapsed = Self.stopwatch(environment.clock)
        self.counts = counts
    }

    /// Creates the node's site actor at `/site`; `counts` is read on every `info()` call,
    /// `snapshot` on every `snapshot()` call (nil: the node has no dashboard figures),
    /// `reports` on every `callReport`/`callDrill` call (nil: the node has no call ledger),
    /// `attachments` on every `attachmentChunk` call (nil: the node keeps no photos).
    public static func make(in system: ClusterActorSystem, environment: NodeEnvironment,
                            counts: @escaping @Sendable () -> [String: Int] = { [:] },
                            snapshot: (@Sendable () async throws -> SiteSnapshot)? = nil,
                            reports: SiteCallReporter? = nil,
                            attachments: (any AttachmentStore)? = nil) throws -> SiteNodeActor {
        system.allowRemoteError(SnapshotError.self)
        system.allowRemoteError(SiteReportError.self)
        return try system.makeActor(path: path) {
            SiteNodeActor(actorSystem: system, environment: environment, counts: counts, snapshot: snapshot,
                          reports: reports, attachments: attachments)
        }
    }

    /// The site actor of `node` (a proxy when `node` is another node).
    public static func resolve(node: PeerIdentity, using system: ClusterActorSystem) throws -> SiteNodeActor {
        try resolve(id: ClusterActorID(node: node, path: path), using: system)
    }

    public distributed func ping() -> SitePing {
        SitePing(site: node.site, incarnation: node.incarnation, wallTimeMs: wallClock.nowMs())
    }

    public distributed func info() -> SiteInfo {
        let uptime = elapsed().components
        let uptimeMs = uptime.seconds * 1000 + uptime.attoseconds / 1_000_000_000_000_000
        return SiteInfo(site: node.site, endpoint: node.endpoint, incarnation: node.incarnation,
                        uptimeMs: max(0, uptimeMs), counts: counts())
    }

    /// The site's live figures for the HQ dashboard (`docs/cluster.md`, "Dashboard").
    public distributed func snapshot() async throws -> SiteSnapshot {
        guard let siteSnapshot else { throw SnapshotError("site \(node.site) does not provide dashboard snapshots") }
        return try await siteSnapshot()
    }

    /// This site's call report (its own ledger, calls entered here) for the range and
    /// settings of `request`, for an all-sites report gathered elsewhere (docs/cluster.md,
    /// "Reports across sites"). Throws `SiteReportError` for a bad request or an unreadable ledger.
    public distributed func callReport(_ request: SiteReportRequest) async throws -> CallReport {
        guard let reports else { throw SiteReportError("site \(node.site) does not provide call reports") }
        return try await reports.report(request)
    }

    /// This site's calls behind `metric`, at most `request.rowsMax` (≤ `rowsMaxRemote`) rows.
    public distributed func callDrill(_ request: SiteReportRequest, metric: CallDrillMetric) async throws -> CallDrill {
        guard let reports else { throw SiteReportError("site \(node.site) does not provide call reports") }
        return try await reports.drill(request, metric: metric)
    }

    /// A chunk (at most `AttachmentChunk.bytesMax` bytes from `offset`) of a photo this node
    /// holds, for a node asked for it that does not (`AttachmentFetcher`); nil when this
    /// node holds no such file, or for malformed ids or an offset outside the file.
    public distributed func attachmentChunk(ticket: String, id: String, offset: Int) async throws -> AttachmentChunk? {
        guard let attachments, let ticketID = TicketID(validating: ticket), let attachmentID = AttachmentID(validating: id),
              (0..<AttachmentLimits.bytesMax).contains(offset) else { return nil }
        guard let (attachment, bytes) = try await attachments.chunk(ticket: ticketID, id: attachmentID, offset: offset,
                                                                    length: AttachmentChunk.bytesMax),
              !bytes.isEmpty else { return nil }
        return AttachmentChunk(attachment: attachment, offset: offset, data: Data(bytes))
    }

    private static func stopwatch<C: Clock>(_ clock: C) -> @Sendable () -> Duration where C.Duration == Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}
