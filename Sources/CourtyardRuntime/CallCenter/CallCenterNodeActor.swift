import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Distributed

// MARK: - The call center's well-known actor

/// Every node's call center as peers reach it, at `/callcenter` (like `SiteNodeActor` at
/// `/site`): typed remote calls for cross-site reservations and presence replication.
public distributed actor CallCenterNodeActor {
    public typealias ActorSystem = ClusterActorSystem

    public static let path = "/callcenter"
    /// Records accepted in one presence push.
    public static let presenceBatchMax = 5_000

    private let center: CallCenter
    public nonisolated var unownedExecutor: UnownedSerialExecutor { actorSystem.localActorExecutor }

    private init(actorSystem: ClusterActorSystem, center: CallCenter) {
        self.actorSystem = actorSystem
        self.center = center
    }

    /// Creates the node's call-center actor at `/callcenter`. The system holds it weakly:
    /// keep the returned actor for the life of the cluster node.
    public static func make(in system: ClusterActorSystem, center: CallCenter) throws -> CallCenterNodeActor {
        system.allowRemoteError(CallCenterError.self)
        return try system.makeActor(path: path) { CallCenterNodeActor(actorSystem: system, center: center) }
    }

    /// The call-center actor of `node` (a proxy when remote).
    public static func resolve(node: PeerIdentity, using system: ClusterActorSystem) throws -> CallCenterNodeActor {
        try resolve(id: ClusterActorID(node: node, path: path), using: system)
    }

    public distributed func reserve(call: CallID, agent: AgentID, from: SiteID, caller: PhoneNumber?) async -> RemoteOutcome {
        await center.remoteReserve(call: call, agent: agent, from: from, caller: caller)
    }

    public distributed func reply(call: CallID, agent: AgentID, outcome: RemoteOutcome, endpoint: String?) async {
        await center.remoteReply(call: call, agent: agent, outcome: outcome, endpoint: endpoint)
    }

    public distributed func confirm(call: CallID, agent: AgentID, connected: Bool) async {
        await center.remoteConfirm(call: call, agent: agent, connected: connected)
    }

    public distributed func phoneAnswered(call: CallID, agent: AgentID) async {
        await center.remotePhoneAnswered(call: call, agent: agent)
    }

    public distributed func cancel(call: CallID, agent: AgentID) async {
        await center.remoteCancel(call: call, agent: agent)
    }

    public distributed func hangUp(call: CallID, agent: AgentID) async {
        await center.remoteHangUp(call: call, agent: agent)
    }

    public distributed func pushPresence(_ records: [PresenceRecord]) async throws {
        guard records.count <= Self.presenceBatchMax else {
            throw CallCenterError(.invalid, "presence batch of \(records.count) exceeds \(Self.presenceBatchMax)")
        }
        await center.receivePresence(records)
    }

    public distributed func presence() async -> [PresenceRecord] {
        await center.presenceSnapshot()
    }
}

// MARK: - Peers over the cluster actor system

/// `CallCenterPeers` over the cluster: each site's `CallCenterNodeActor`, found among the
/// members that are up (`members` is read per call, so membership changes apply at once).
public struct ClusterCallCenterPeers: CallCenterPeers {
    let system: ClusterActorSystem
    let members: @Sendable () async -> [PeerIdentity]

    public init(system: ClusterActorSystem, members: @escaping @Sendable () async -> [PeerIdentity]) {
        self.system = system
        self.members = members
    }

    /// Peers of a running `ClusterNode`: its up members other than itself.
    public init(node: ClusterNode) {
        let me = node.myself.endpoint
        self.init(system: node.actorSystem) {
            await node.members().filter { $0.isUp && $0.endpoint != me }
                .map { PeerIdentity(site: $0.site, endpoint: $0.endpoint, incarnation: $0.incarnation) }
        }
    }

    private func actor(at site: SiteID) async throws -> CallCenterNodeActor {
        let candidates = await members().filter { $0.site == site && $0.endpoint != system.identity.endpoint }
        guard let node = candidates.max(by: { $0.incarnation < $1.incarnation }) else {
            throw RemoteCallError(.unreachable, "no node of site \(site) is up")
        }
        return try CallCenterNodeActor.resolve(node: node, using: system)
    }

    public func reserve(call: CallID, agent: AgentID, from: SiteID, caller: PhoneNumber?, at site: SiteID) async throws -> RemoteOutcome {
        try await actor(at: site).reserve(call: call, agent: agent, from: from, caller: caller)
    }

    public func reply(call: CallID, agent: AgentID, outcome: RemoteOutcome, endpoint: String?, to site: SiteID) async throws {
        try await actor(at: site).reply(call: call, agent: agent, outcome: outcome, endpoint: endpoint)
    }

    public func confirm(call: CallID, agent: AgentID, connected: Bool, at site: SiteID) async throws {
        try await actor(at: site).confirm(call: call, agent: agent, connected: connected)
    }

    public func phoneAnswered(call: CallID, agent: AgentID, at site: SiteID) async throws {
        try await actor(at: site).phoneAnswered(call: call, agent: agent)
    }

    public func cancel(call: CallID, agent: AgentID, at site: SiteID) async throws {
        try await actor(at: site).cancel(call: call, agent: agent)
    }

    public func hangUp(call: CallID, agent: AgentID, at site: SiteID) async throws {
        try await actor(at: site).hangUp(call: call, agent: agent)
    }

    public func pushPresence(_ records: [PresenceRecord]) async {
        let peers = await members().filter { $0.endpoint != system.identity.endpoint }
            .sorted { ($0.site, $0.endpoint.description) < ($1.site, $1.endpoint.description) }
        for peer in peers {
            try? await CallCenterNodeActor.resolve(node: peer, using: system).pushPresence(records)
        }
    }
}
