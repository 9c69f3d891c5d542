import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Reaching the other sites

/// Another site as the gathering node knows it: the node to ask, or none when membership
/// has no up node of that site (it is then shown unreachable without a call).
public struct SnapshotPeer: Sendable, Hashable {
    public var site: SiteID
    public var node: PeerIdentity?

    public init(site: SiteID, node: PeerIdentity?) {
        self.site = site
        self.node = node
    }
}

/// How the dashboard reaches the other sites' `SiteNodeActor`s.
public protocol SiteSnapshotPeers: Sendable {
    /// Every other site known to this node (those that left included: no node to ask),
    /// sorted by site.
    func peers() async -> [SnapshotPeer]
    /// Asks `node` for its site's snapshot, failing after `timeout`.
    func snapshot(of node: PeerIdentity, timeout: Duration) async throws -> SiteSnapshot
}

/// `SiteSnapshotPeers` over the cluster actor system: `distributed func snapshot()` on each
/// site's `SiteNodeActor`, with a deadline (`ClusterActorSystem.withCallTimeout`).
public struct ClusterSnapshotPeers: SiteSnapshotPeers {
    private let current: @Sendable () async -> (system: ClusterActorSystem, members: [MemberInfo])?

    /// Peers of a fixed actor system; `members` is read at every gathering.
    public init(system: ClusterActorSystem, members: @escaping @Sendable () async -> [MemberInfo]) {
        current = { (system, await members()) }
    }

    /// Peers of the node's current cluster life (none between lives).
    public init(handle: ClusterHandle) {
        current = {
            guard let node = handle.current else { return nil }
            return (node.actorSystem, await node.members())
        }
    }

    public func peers() async -> [SnapshotPeer] {
        guard let (system, members) = await current() else { return [] }
        let me = system.identity
        var bySite: [SiteID: SnapshotPeer] = [:]
        for m in members where m.site != me.site {
            var peer = bySite[m.site] ?? SnapshotPeer(site: m.site, node: nil)
            if m.isUp, peer.node.map({ $0.incarnation < m.incarnation }) ?? true {
                peer.node = PeerIdentity(site: m.site, endpoint: m.endpoint, incarnation: m.incarnation)
            }
            bySite[m.site] = peer
        }
        return bySite.keys.sorted().compactMap { bySite[$0] }
    }

    public func snapshot(of node: PeerIdentity, timeout: Duration) async throws -> SiteSnapshot {
        guard let (system, _) = await current() else {
            throw RemoteCallError(.unreachable, "this node is between cluster lives")
        }
        let actor = try SiteNodeActor.resolve(node: node, using: system)
        return try await ClusterActorSystem.withCallTimeout(timeout) { try await actor.snapshot() }
    }
}

// MARK: - The other sites' call reports

extension ClusterSnapshotPeers: SiteReportPeers {
    public func callReport(of node: PeerIdentity, _ request: SiteReportRequest, timeout: Duration) async throws -> CallReport {
        let actor = try await siteActor(node)
        return try await ClusterActorSystem.withCallTimeout(timeout) { try await actor.callReport(request) }
    }

    public func callDrill(of node: PeerIdentity, _ request: SiteReportRequest, metric: CallDrillMetric,
                          timeout: Duration) async throws -> CallDrill {
        let actor = try await siteActor(node)
        return try await ClusterActorSystem.withCallTimeout(timeout) { try await actor.callDrill(request, metric: metric) }
    }

    func siteActor(_ node: PeerIdentity) async throws -> SiteNodeActor {
        guard let (system, _) = await current() else {
            throw RemoteCallError(.unreachable, "this node is between cluster lives")
        }
        return try SiteNodeActor.resolve(node: node, using: system)
    }
}

// MARK: - Photos held by other sites

extension ClusterSnapshotPeers: AttachmentPeers {
    public func attachmentChunk(of node: PeerIdentity, ticket: TicketID, id: AttachmentID, offset: Int,
                                timeout: Duration) async throws -> AttachmentChunk? {
        let actor = try await siteActor(node)
        return try await ClusterActorSystem.withCallTimeout(timeout) {
            try await actor.attachmentChunk(ticket: ticket.rawValue, id: id.rawValue, offset: offset)
        }
    }
}
