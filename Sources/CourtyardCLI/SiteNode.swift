import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Logging

/// The parts of one site node, wired: storage → services → HTTP. `courtyard node` runs it;
/// `seed` and `import` use the same wiring without the HTTP server, so every write takes
/// the same validated, durable path.
public struct SiteNode: Sendable {
    public let config: NodeConfig
    public let environment: NodeEnvironment
    public let database: AppDatabase
    public let ticketStore: GRDBTicketStore
    public let directoryStore: GRDBDirectoryStore
    public let tickets: TicketService
    public let directory: DirectoryService
    /// Bills and payments (fee inquiry and payment by phone), durable in the node's database.
    public let billsStore: GRDBBillsStore
    /// The node's call center: IVR, queues, agents, the CTI gateway protocol; its ledger
    /// and recordings live in the node's database and data directory.
    public let callCenter: CallCenter

    /// `gatewayTokens` are telephony gateways allowed to connect (id → shared secret) in
    /// addition to `[callcenter] gateway_tokens`; they win for the same gateway id.
    public init(config: NodeConfig, environment: NodeEnvironment, gatewayTokens: [String: String] = [:]) throws {
        self.config = config
        self.environment = environment
        let dir = URL(fileURLWithPath: config.dataDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        database = try AppDatabase.open(directory: dir)
        ticketStore = GRDBTicketStore(database: database)
        directoryStore = GRDBDirectoryStore(database: database)
        tickets = TicketService(
            configuration: .init(site: config.site, siteCode: config.siteCode),
            store: ticketStore, directory: directoryStore, environment: environment)
        directory = DirectoryService(site: config.site, store: directoryStore, tickets: ticketStore,
                                     environment: environment)
        let recordings = GRDBRecordingStore(database: database, dataDirectory: dir)
        billsStore = GRDBBillsStore(database: database, wallClock: environment.wallClock)
        callCenter = CallCenter(
            configuration: config.callCenter.configuration(site: config.site, extraTokens: gatewayTokens),
            services: CallCenterServices(tickets: tickets, directory: directoryStore, bills: billsStore,
                                         ledger: database.callLedgerStore, recordings: recordings),
            environment: environment)
    }

    /// True when the database holds neither tickets nor residents (a fresh site).
    public func isEmpty() async throws -> Bool {
        let events = try await ticketStore.eventCount()
        let counts = try await directoryStore.counts()
        return events == 0 && counts.residents == 0 && counts.rooms == 0
    }
}

extension Logger {
    static func courtyard(_ label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
