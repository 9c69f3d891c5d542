import CourtyardCallCenter
import CourtyardCRDT
import CourtyardMembership
import CourtyardReplication
import CourtyardRuntime
import CourtyardTransport
import Logging
import NIOPosix
import ServiceLifecycle

/// Runs the cluster side of a site node as a lifecycle service: mutual-TLS transport,
/// membership, replication of the ticket space and of the directory. When the rest of the cluster declares this
/// node down (after a partition it was on the minority side of), it leaves that life behind
/// and rejoins as a new incarnation — local work never stops meanwhile.
struct ClusterService: Service {
    let config: NodeConfig
    let cluster: ClusterConfig
    let tickets: TicketService
    let store: any TicketStore
    /// The directory's writer and store: replicated alongside the ticket space.
    let directory: DirectoryService
    let directoryStore: any DirectoryStore
    let environment: NodeEnvironment
    let handle: ClusterHandle
    /// This site's dashboard figures, served to peers by its site actor.
    var siteSnapshot: (@Sendable () async throws -> SiteSnapshot)?
    /// This site's call reports, served to peers by its site actor (all-sites reports).
    var siteReports: SiteCallReporter?
    /// This node's photos, served in chunks to nodes that do not hold them.
    var siteAttachments: (any AttachmentStore)?

    /// How often this node checks whether the others have declared it down.
    static let selfCheckInterval: Duration = .seconds(1)

    func run() async throws {
        let tls = try TransportTLS(directory: cluster.certificatesDirectory, site: config.site)
        try await cancelWhenGracefulShutdown {
            var life = 0
            while !Task.isCancelled {
                life += 1
                try await runOneLife(tls: tls, life: life)
            }
        }
        handle.set(nil)
    }

    private func runOneLife(tls: TransportTLS, life: Int) async throws {
        let logger = environment.logger
        let transport = try await NIOClusterTransport.start(
            configuration: .init(clusterName: cluster.name, site: config.site, bindHost: cluster.listen.host,
                                 bindPort: cluster.listen.port, manifest: TypeManifest(ClusterWire.allTypes)),
            tls: tls, environment: environment)
        let faults = FaultSwitch(wrapping: transport, random: environment.random)
        let seeds = cluster.join.compactMap { Endpoint(parsing: "\($0)") }
        let node: ClusterNode
        do {
            node = try ClusterNode(
                configuration: .init(seeds: seeds,
                                     replication: ReplicationShellSettings(config: ReplicationConfig(
                                         replica: config.site, hq: ReplicaID(validating: "hq")))),
                transport: faults, store: store, directoryStore: directoryStore, environment: environment,
                siteSnapshot: siteSnapshot, siteReports: siteReports, siteAttachments: siteAttachments)
        } catch {
            await transport.shutdown()
            throw error
        }
        handle.set(node)
        await tickets.setOnCommitted(node.commitHook)
        await directory.setOnCommitted(node.directoryCommitHook)
        logger.notice("cluster life started", metadata: [
            "life": "\(life)", "node": "\(node.myself)", "seeds": "\(seeds)",
        ])
        defer { handle.set(nil) }
        do {
            _ = try await node.runUntilDowned(checkEvery: Self.selfCheckInterval, clock: environment.clock)
        } catch is CancellationError {
            // Graceful shutdown.
        }
        await tickets.setOnCommitted(nil)
        await directory.setOnCommitted(nil)
        if Task.isCancelled {
            // Graceful shutdown: announce the leave (best effort: the frames go out if the
            // transport writes them before it closes; otherwise the others detect the stop).
            await node.membership.leave()
        }
        await transport.shutdown()
        if !Task.isCancelled {
            logger.warning("this node was declared down by the cluster; rejoining as a new incarnation",
                           metadata: ["node": "\(node.myself)"])
        }
    }
}
