import ArgumentParser
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
        let node = try SiteNode(config: config, environment: environment)

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
        let clusterService = config.cluster.map { cluster in
            ClusterService(config: config, cluster: cluster, tickets: node.tickets, store: node.ticketStore,
                           directory: node.directory, directoryStore: node.directoryStore,
                           environment: environment, handle: clusterHandle!)
        }
        let app = makeApplication(
            services: APIServices(tickets: node.tickets, directory: node.directory, metrics: registry,
                                  cluster: clusterHandle,
                                  reporting: CallReportingServices(
                                      ledger: node.database.callLedgerStore,
                                      recordings: GRDBRecordingStore(database: node.database,
                                                                     dataDirectory: URL(fileURLWithPath: config.dataDirectory)),
                                      wallClock: environment.wallClock),
                                  auth: apiAuth),
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
        services += [.init(service: escalations), .init(service: app)]
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.notice("site node stopped", metadata: ["site": "\(config.site)"])
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
