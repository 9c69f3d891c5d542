import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Logging

// MARK: - One node's call center, wired as `courtyard node` wires it

/// The runtime `CallCenter` of one site over an on-disk `AppDatabase` (tickets, directory,
/// bills and the durable call ledger in one SQLite file, as `SiteNode` wires them), the demo
/// IVR and queues, the real clocks, its timer loop running, one gateway connected in-process
/// and `agentCount` agents logged in. Agents keep a long wrap-up that their console ends
/// (`wrapUpDone`), as an agent clicking "ready" does.
final class BenchNode: Sendable {
    static let site = ReplicaID("bench-site")
    static let agentCount = 100

    let center: CallCenter
    let link: BenchGatewayLink
    let ledger: RecordingLedger
    private let timers: Task<Void, Never>

    private init(center: CallCenter, link: BenchGatewayLink, ledger: RecordingLedger) {
        self.center = center
        self.link = link
        self.ledger = ledger
        timers = Task { try? await center.run() }
    }

    /// Opens the database under `directory`, connects the gateway and logs the agents in.
    /// (A static factory rather than an `async throws` initialiser: Swift 6.3.1's optimiser
    /// crashes splitting the coroutine of this class's async throwing init.)
    static func start(directory: URL) async throws -> BenchNode {
        var logger = Logger(label: "courtyard-bench")
        logger.logLevel = .error
        let environment = NodeEnvironment(clock: ContinuousClock(), wallClock: SystemClockMs(),
                                          random: SeededRandom(seed: 2026), logger: logger)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try AppDatabase.open(directory: directory)
        let tickets = TicketService(configuration: .init(site: site, siteCode: "BN"), store: database.ticketStore,
                                    directory: database.directoryStore, environment: environment)
        let ledger = RecordingLedger(database.callLedgerStore)
        let services = CallCenterServices(tickets: tickets, directory: database.directoryStore,
                                          bills: GRDBBillsStore(database: database, wallClock: environment.wallClock),
                                          ledger: ledger)
        let configuration = CallCenterConfiguration.demo(site: site, gatewayTokens: [BenchGatewayLink.id: BenchGatewayLink.token],
                                                         overflowAfterMs: nil)
        let center = CallCenter(configuration: configuration, services: services, environment: environment)
        let link = BenchGatewayLink()
        guard await center.gatewayHello(gatewayId: BenchGatewayLink.id, token: BenchGatewayLink.token, calls: [], link: link) else {
            throw BenchError("the call center refused the benchmark gateway's token")
        }
        for i in 0..<agentCount {
            _ = try await center.logIn(agent(i), wrapUpMs: 600_000)
        }
        await center.settle()
        return BenchNode(center: center, link: link, ledger: ledger)
    }

    static func agent(_ i: Int) -> AgentID { AgentID("agent-\(1_000 + i)") }

    func stop() { timers.cancel() }
}

/// Wall-clock milliseconds from the system clock (the benchmark is not a core).
struct SystemClockMs: WallClock {
    func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
