import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Logging

/// A provider that records every send and answers per phone: `rejected` for phones in
/// `rejecting`, `transient` for those in `flaky`, else accepted as `p-<message id>`.
actor RecordingProvider: MessageProvider {
    nonisolated let name = "recording"
    private(set) var sent: [OutgoingMessage] = []
    var rejecting: Set<String> = []
    var flaky: Set<String> = []
    var receipts: [DeliveryReceipt] = []

    func send(_ message: OutgoingMessage) async -> SendOutcome {
        sent.append(message)
        if rejecting.contains(message.to) { return .rejected(detail: "invalid number") }
        if flaky.contains(message.to) { return .transient(detail: "HTTP 503") }
        return .accepted(providerMessageID: "p-\(message.messageID)")
    }

    func drainReceipts() async -> [DeliveryReceipt] {
        defer { receipts = [] }
        return receipts
    }

    func setRejecting(_ phones: Set<String>) { rejecting = phones }
    func setFlaky(_ phones: Set<String>) { flaky = phones }
    func queueReceipt(_ r: DeliveryReceipt) { receipts.append(r) }
}

/// A runner over in-memory stores with `count` residents of north-bay (r01…), each owning
/// one room in building 1栋 and a distinct mobile; the wall clock at 10:00 Beijing time.
struct CampaignHarness {
    static let tenAMBeijing: Int64 = march2026Ms + 2 * 3_600_000
    let site = ReplicaID("north-bay")
    let wall = ManualWallClock(nowMs: tenAMBeijing)
    let store: InMemoryCampaignStore
    let directory = InMemoryDirectoryStore()
    let provider = RecordingProvider()
    let environment: NodeEnvironment

    init(store: InMemoryCampaignStore = InMemoryCampaignStore()) {
        self.store = store
        environment = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: 3),
                                      logger: Logger(label: "campaign-test"))
    }

    func seed(count: Int) async throws {
        var batch = DirectoryBatch()
        for i in 1...count {
            let id = "r" + (i < 10 ? "0" : "") + "\(i)"
            batch.residents.append(Resident(id: id, site: site, name: "住户\(i)", phones: ["+86138000000" + (i < 10 ? "0" : "") + "\(i)"]))
            batch.rooms.append(Room(id: "room-\(i)", site: site, building: "1栋", unit: "1单元", floor: 1, number: "\(100 + i)",
                                    arrearsCents: i * 1_000))
            batch.occupancies.append(Occupancy(residentID: id, roomID: "room-\(i)", role: .owner))
        }
        _ = try await directory.apply(batch)
    }

    func runner(provider: (any MessageProvider)? = nil) -> CampaignRunner {
        CampaignRunner(site: site, store: store, directory: directory, provider: provider ?? self.provider, environment: environment)
    }

    func request(rate: Int = 60, window: ScheduleWindow = .always, retry: RetryPolicy? = nil) -> CampaignRequest {
        CampaignRequest(name: "停水通知", channel: .sms, template: "{name}您好，{room}明日停水", window: window,
                        ratePerMinute: rate, retry: retry)
    }
}
