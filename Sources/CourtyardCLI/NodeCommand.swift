import ArgumentParser
import CourtyardCallCenter
import CourtyardCRDT
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Flags shared by the commands that open a site's data directory.
struct SiteOptions: ParsableArguments {
    @Option(help: "Site id (lowercase letters, digits, dashes), e.g. north-bay.")
    var site: String?

    @Option(name: .customLong("site-code"), help: "Prefix of human ticket numbers, e.g. NB.")
    var siteCode: String?

    @Option(name: .customLong("site-name"), help: "Display name of the site, e.g. 北湾花园.")
    var siteName: String?

    @Option(help: "Data directory (SQLite database).")
    var data: String?

    @Option(help: "TOML configuration file; flags override it.")
    var config: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    func overrides() -> NodeConfigFile {
        var o = NodeConfigFile()
        o.site = site
        o.siteCode = siteCode
        o.siteName = siteName
        o.data = data
        o.logLevel = logLevel
        return o
    }

    func resolve(adjust: (inout NodeConfigFile) -> Void = { _ in }) throws -> NodeConfig {
        let file = try config.map { path throws(ConfigError) in try NodeConfigFile.load(path: path) } ?? NodeConfigFile()
        var o = overrides()
        adjust(&o)
        do {
            return try NodeConfig.resolve(file: file, overrides: o)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Run a site node: storage, services and the HTTP API.")

    @OptionGroup var site: SiteOptions

    @OptionGroup var auth: AccountAuthOptions

    @Option(help: "HTTP listen address HOST:PORT (port 0 lets the OS choose).")
    var http: String?

    @Flag(help: "Seed the demo site into an empty database before serving.")
    var demo = false

    @Option(name: .customLong("cluster"), help: "Cluster transport address HOST:PORT (mutual TLS); omit to run alone.")
    var clusterListen: String?

    @Option(help: "Seed nodes to join, HOST:PORT[,HOST:PORT].")
    var join: String?

    @Option(help: "Certificates directory: ca.pem, <site>.pem, <site>-key.pem.")
    var certs: String?

    @Option(name: .customLong("cluster-name"), help: "Cluster name checked at every handshake.")
    var clusterName: String?

    @Option(name: .customLong("cti-token"),
            help: "Telephony gateways allowed on /cti/v1: GATEWAY=TOKEN[,GATEWAY=TOKEN] (else env COURTYARD_CTI_TOKENS).")
    var ctiTokens: String?

    func run() async throws {
        let config = try site.resolve { o in
            o.http = http
            if demo { o.demo = true }
            o.clusterListen = clusterListen
            o.clusterJoin = join.map { $0.split(separator: ",").map { String($0) } }
            o.clusterCerts = certs
            o.clusterName = clusterName
        }
        let logger = Logger.courtyard("courtyard.\(config.site)", level: config.logLevel)
        let registry = CourtyardMetrics.bootstrap()
        let environment = NodeEnvironment.system(logger: logger)
        let tokens = try Self.gatewayTokens(ctiTokens ?? ProcessInfo.processInfo.environment["COURTYARD_CTI_TOKENS"])
        let node = try SiteNode(config: config, environment: environment, gatewayTokens: tokens)

        if config.demo, try await node.isEmpty() {
            logger.info("seeding the demo site", metadata: ["data": "\(config.dataDirectory)"])
            let summary = try await DemoSeeder(node: node).seed(seed: 2026, nowMs: environment.wallClock.nowMs())
            logger.info("demo site seeded", metadata: [
                "rooms": "\(summary.rooms)", "residents": "\(summary.residents)", "tickets": "\(summary.tickets)",
            ])
        }

        let apiAuth = try await AccountSetup.prepare(options: auth, node: node, demo: config.demo, logger: logger)

        // The cluster side, when configured: transport, membership, replication.
        let clusterHandle: ClusterHandle? = config.cluster == nil ? nil : ClusterHandle()
        // The HQ dashboard: this site's live figures (also served to peers through its site
        // actor), and a gatherer of every site's, polled only while someone watches.
        let snapshotter = SiteSnapshotter(site: config.site, tickets: node.ticketStore, callCenter: node.callCenter,
                                          ledger: node.database.callLedgerStore, environment: environment,
                                          members: SnapshotMember.of(clusterHandle))
        let gatherer = DashboardGatherer(site: config.site, local: { try await snapshotter.snapshot() },
                                         peers: clusterHandle.map { ClusterSnapshotPeers(handle: $0) },
                                         environment: environment)
        // Call reports: this site's from its own ledger (also served to peers through its
        // site actor); on a cluster, the all-sites report gathers every site's.
        let siteReports = SiteCallReporter(site: config.site, ledger: node.database.callLedgerStore)
        let clusterService = config.cluster.map { cluster in
            ClusterService(config: config, cluster: cluster, tickets: node.tickets, store: node.ticketStore,
                           directory: node.directory, directoryStore: node.directoryStore,
                           environment: environment, handle: clusterHandle!,
                           siteSnapshot: { try await snapshotter.snapshot() }, siteReports: siteReports,
                           siteAttachments: node.database.attachmentStore)
        }
        // Outbound campaigns: through the configured provider (the outbox file by default).
        let campaignStore = GRDBCampaignStore(database: node.database)
        let campaignRunner = CampaignRunner(
            site: config.site, store: campaignStore, directory: node.directoryStore,
            provider: try Self.campaignProvider(config, environment: environment),
            environment: environment)
        var apiServices = APIServices(tickets: node.tickets, directory: node.directory, metrics: registry,
                                      cluster: clusterHandle,
                                      reporting: CallReportingServices(
                                          ledger: node.database.callLedgerStore,
                                          recordings: GRDBRecordingStore(database: node.database,
                                                                         dataDirectory: URL(fileURLWithPath: config.dataDirectory)),
                                          wallClock: environment.wallClock,
                                          sites: clusterHandle.map {
                                              CallReportGatherer(local: siteReports, peers: ClusterSnapshotPeers(handle: $0))
                                          }),
                                      callCenter: node.callCenter,
                                      campaigns: CampaignServices(runner: campaignRunner, store: campaignStore),
                                      dashboard: DashboardServices(gatherer: gatherer, clock: environment.clock,
                                                                   wallClock: environment.wallClock),
                                      auth: apiAuth)
        // Photos on notes (this node's database) and the IVR editor of the supervisor wall,
        // whose stored edits replace the configured menu and notices from the start.
        // Photos: a photo taken at another node is fetched from it on first request and kept here.
        apiServices.attachments = AttachmentServices(
            store: node.database.attachmentStore, wallClock: environment.wallClock,
            fetcher: clusterHandle.map { AttachmentFetcher(store: node.database.attachmentStore, peers: ClusterSnapshotPeers(handle: $0)) })
        let ivrEditor = IVREditor(center: node.callCenter, store: node.database.nodeSettingsStore,
                                  wallClock: environment.wallClock)
        for skipped in try await ivrEditor.restore() {
            logger.warning("stored IVR edit no longer valid; using the configured one", metadata: ["detail": "\(skipped)"])
        }
        apiServices.ivr = ivrEditor
        let app = makeApplication(
            services: apiServices,
            configuration: ApplicationConfiguration(
                address: .hostname(config.http.host, port: config.http.port),
                serverName: "courtyard/\(CourtyardVersion.release)"),
            logger: logger,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? config.http.port
                let host = config.http.host.contains(":") ? "[\(config.http.host)]" : config.http.host
                // A machine-readable line for scripts and tests, then the human one.
                announceListening("COURTYARD_LISTENING http=\(host):\(port)\n")
                logger.notice("site node serving", metadata: [
                    "site": "\(config.site)", "http": "\(host):\(port)", "data": "\(config.dataDirectory)",
                ])
            })
        let escalations = EscalationService(scheduler: EscalationScheduler(service: node.tickets, environment: environment))
        // Dependency order: storage is open already; cluster, escalations, then HTTP.
        // Shutdown runs in reverse: HTTP stops accepting and drains first.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let clusterService { services.append(.init(service: clusterService)) }
        services += [.init(service: escalations),
                     .init(service: CallCenterService(center: node.callCenter, cluster: clusterHandle)),
                     .init(service: CampaignService(runner: campaignRunner))]
        // A service group treats a service that returns early as a failure: add a purge
        // only when something expires.
        if config.recordingRetentionDays > 0 {
            services.append(.init(service: RetentionService.recordings(
                GRDBRecordingStore(database: node.database, dataDirectory: URL(fileURLWithPath: config.dataDirectory)),
                retentionDays: config.recordingRetentionDays, environment: environment)))
        }
        if config.auditRetentionDays > 0 {
            services.append(.init(service: RetentionService.audit(
                node.database.accountStore, retentionDays: config.auditRetentionDays, environment: environment)))
        }
        services.append(.init(service: app))
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.notice("site node stopped", metadata: ["site": "\(config.site)"])
    }
}

extension NodeCommand {
    /// The campaign provider `[campaigns]` names: the outbox file, or a webhook.
    static func campaignProvider(_ config: NodeConfig, environment: NodeEnvironment) throws -> any MessageProvider {
        switch config.campaignProvider {
        case .outbox:
            return CampaignOutboxProvider(dataDirectory: URL(fileURLWithPath: config.dataDirectory),
                                          wallClock: environment.wallClock)
        case .webhook(let url, let timeoutMs, let token):
            return try CampaignWebhookProvider(url: url, timeoutMs: timeoutMs, bearerToken: token)
        }
    }

    /// Parses `GATEWAY=TOKEN[,GATEWAY=TOKEN]`.
    static func gatewayTokens(_ text: String?) throws -> [String: String] {
        var out: [String: String] = [:]
        for pair in (text ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].utf8.count <= 256 else {
                throw ValidationError("--cti-token expects GATEWAY=TOKEN[,GATEWAY=TOKEN]")
            }
            out[parts[0]] = parts[1]
        }
        return out
    }
}

/// Runs the call center's timers, and follows the node's cluster life: each new life gets
/// a `CallCenterNodeActor` at `/callcenter` and peers over that life's actor system.
struct CallCenterService: Service {
    let center: CallCenter
    let cluster: ClusterHandle?

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await center.run() }
                if let cluster {
                    group.addTask { await follow(cluster) }
                }
            }
        }
    }

    /// Polls the handle once a second (a life changes rarely) and re-wires on change.
    private func follow(_ cluster: ClusterHandle) async {
        var current: ObjectIdentifier?
        var actor: CallCenterNodeActor?
        while !Task.isCancelled {
            let node = cluster.current
            let id = node.map(ObjectIdentifier.init)
            if id != current {
                current = id
                actor = nil
                if let node {
                    actor = try? CallCenterNodeActor.make(in: node.actorSystem, center: center)
                    await center.setPeers(ClusterCallCenterPeers(node: node))
                } else {
                    await center.setPeers(nil)
                }
            }
            _ = actor
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// Wraps the escalation loop as a lifecycle service: it ends on graceful shutdown.
struct EscalationService: Service {
    let scheduler: EscalationScheduler

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            do {
                try await scheduler.run()
            } catch is CancellationError {
                return
            }
        }
    }
}

/// Writes the listening line straight to standard output (unbuffered), so a supervising
/// script or test sees it at once even when stdout is a pipe.
func announceListening(_ line: String) {
    var bytes = Array(line.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

/// Runs the campaign runner (its sends, on the environment's clock) until shutdown.
struct CampaignService: Service {
    let runner: CampaignRunner

    func run() async throws {
        await cancelWhenGracefulShutdown {
            try? await runner.run()
        }
    }
}
