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
    let link = BenchGatewayLink()
    let ledger: RecordingLedger
    private let timers: Task<Void, Never>

    init(directory: URL) async throws {
        var logger = Logger(label: "courtyard-bench")
        logger.logLevel = .error
        let environment = NodeEnvironment(clock: ContinuousClock(), wallClock: SystemClockMs(),
                                          random: SeededRandom(seed: 2026), logger: logger)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try AppDatabase.open(directory: directory)
        let tickets = TicketService(configuration: .init(site: Self.site, siteCode: "BN"), store: database.ticketStore,
                                    directory: database.directoryStore, environment: environment)
        ledger = RecordingLedger(database.callLedgerStore)
        let services = CallCenterServices(tickets: tickets, directory: database.directoryStore,
                                          bills: GRDBBillsStore(database: database, wallClock: environment.wallClock),
                                          ledger: ledger)
        let configuration = CallCenterConfiguration.demo(site: Self.site, gatewayTokens: [BenchGatewayLink.id: BenchGatewayLink.token],
                                                         overflowAfterMs: nil)
        let center = CallCenter(configuration: configuration, services: services, environment: environment)
        self.center = center
        guard await center.gatewayHello(gatewayId: BenchGatewayLink.id, token: BenchGatewayLink.token, calls: [], link: link) else {
            throw BenchError("the call center refused the benchmark gateway's token")
        }
        for i in 0..<Self.agentCount {
            _ = try await center.logIn(Self.agent(i), wrapUpMs: 600_000)
        }
        timers = Task { try? await center.run() }
        await center.settle()
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
