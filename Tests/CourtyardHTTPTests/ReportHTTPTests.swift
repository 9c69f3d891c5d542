import CourtyardCallCenter
import CourtyardCRDT
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// An API with a real (in-memory) call ledger and a recording store in a temporary folder.
struct ReportingHarness {
    static let t0: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
    let database: AppDatabase
    let dataDirectory: URL
    let services: APIServices
    /// The ticket service's wall clock (tickets are stamped with it).
    let ticketWall: ManualWallClock

    init(uploadBytesMax: Int = 4_096) throws {
        database = try AppDatabase.inMemory()
        dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("courtyard-http-rec-\(ProcessInfo.processInfo.globallyUniqueString)")
        let api = APIHarness()
        ticketWall = api.wall
        var services = api.services
        services.reporting = CallReportingServices(
            ledger: database.callLedgerStore,
            recordings: GRDBRecordingStore(database: database, dataDirectory: dataDirectory, uploadBytesMax: uploadBytesMax),
            wallClock: ManualWallClock(nowMs: Self.t0 + 86_400_000))
        self.services = services
    }

    var app: some ApplicationProtocol {
        Application(router: buildRouter(services: services), configuration: .init(), logger: .init(label: "reporting-test"))
    }

    /// Relative paths of every file under `recordings/`.
    func files() -> [String] {
        let root = dataDirectory.appendingPathComponent("recordings")
        return (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.contains(".") }.sorted()
    }
}

@Suite struct ReportHTTPTests {
    static let t0 = ReportingHarness.t0
    static let site = SiteID("north-bay")

    /// c1 answered after 10 s (talk 60 s, wrap 20 s), c2 answered after 30 s (talk 40 s),
    /// c3 abandoned after 2 s (short), c4 abandoned after 50 s.
    static var ledger: [LedgerEvent] {
        func e(_ call: String, _ s: Int64, _ body: LedgerEventBody) -> LedgerEvent {
            LedgerEvent(site: site, atMs: t0 + 3_600_000 + s * 1_000, callID: CallID(call), body: body)
        }
        let q = QueueID("north-bay.repairs"), a1 = AgentID("a1")
        let entered = LedgerEventBody.callEntered(caller: "+8613812345678", dialled: "4008101234")
        return [
            e("c1", 0, entered), e("c1", 0, .queueEntered(queue: q)), e("c1", 10, .answered(agent: a1)),
            e("c1", 70, .hungUp(by: .caller)), e("c1", 70, .wrapUpStarted(agent: a1)), e("c1", 90, .wrapUpEnded(agent: a1)),
            e("c2", 100, entered), e("c2", 100, .queueEntered(queue: q)), e("c2", 130, .answered(agent: a1)),
            e("c2", 170, .hungUp(by: .agent)),
            e("c3", 200, entered), e("c3", 200, .queueEntered(queue: q)), e("c3", 202, .abandoned(stage: .queued, waitedMs: 2_000)),
            e("c4", 300, entered), e("c4", 300, .queueEntered(queue: q)), e("c4", 350, .abandoned(stage: .queued, waitedMs: 50_000)),
        ]
    }

    static var dayURI: String { "/api/v1/reports/calls?from=\(t0)&to=\(t0 + 86_400_000)" }

    @Test func report_returnsTheFiguresOfTheStoredLedger() async throws {
        let h = try ReportingHarness()
        try await h.database.callLedgerStore.append(Self.ledger)
        try await h.app.test(.router) { client in
            try await client.execute(uri: Self.dayURI + "&site=north-bay", method: .get) { r in
                #expect(r.status == .ok)
                let body = try object(r)
                let counts = try #require(body["counts"] as? [String: Any])
                #expect(counts["offered"] as? Int == 4)
                #expect(counts["answered"] as? Int == 2)
                #expect(counts["shortAbandoned"] as? Int == 1)
                let figures = try #require(body["figures"] as? [String: Any])
                // SL: 1 of (4 − 1); SL2: 1 of 2; ASA (10 + 30) / 2; AHT (80 + 40) / 2; abandonment 1 of 3.
                #expect(abs((figures["serviceLevelPercent"] as? Double ?? 0) - 100.0 / 3) < 1e-9)
                #expect(figures["serviceLevel2Percent"] as? Double == 50)
                #expect(figures["averageSpeedOfAnswerMs"] as? Double == 20_000)
                #expect(figures["averageHandlingTimeMs"] as? Double == 60_000)
                #expect(abs((figures["abandonmentRatePercent"] as? Double ?? 0) - 100.0 / 3) < 1e-9)
                #expect((body["hourly"] as? [Int])?[9] == 4)
            }
            // A longer threshold makes both answers count as within SL.
            try await client.execute(uri: Self.dayURI + "&serviceLevelMs=30000", method: .get) { r in
                let figures = try #require(try object(r)["figures"] as? [String: Any])
                #expect(figures["serviceLevel2Percent"] as? Double == 100)
            }
            try await client.execute(uri: Self.dayURI + "&site=hq", method: .get) { r in
                try #expect((object(r)["counts"] as? [String: Any])?["entered"] as? Int == 0)
            }
        }
    }

    @Test(arguments: [
        ("?to=1767312000000", "'from' is required"),
        ("?from=1767225600000", "'to' is required"),
        ("?from=abc&to=1767312000000", "'from' must be an integer"),
        ("?from=1767312000000&to=1767225600000", "must be before 'to'"),
        ("?from=1767225600000&to=1767225600000", "must be before 'to'"),
        ("?from=1767225600000&to=1867225600000", "more than 366 days"),
        ("?from=5&to=1767225600000", "2000…2200"),
        ("?from=1767225600000&to=1767312000000&site=Bad%20Site", "not a site id"),
        ("?from=1767225600000&to=1767312000000&shortAbandonMs=-1", "shortAbandonMs"),
        ("?from=1767225600000&to=1767312000000&serviceLevelMs=0", "serviceLevelMs"),
        ("?from=1767225600000&to=1767312000000&serviceLevelTarget=100", "serviceLevelTarget"),
        ("?from=1767225600000&to=1767312000000&utcOffsetMinutes=900", "utcOffsetMinutes"),
    ])
    func badQuery_is400WithAClearMessage(_ query: String, _ expected: String) async throws {
        let h = try ReportingHarness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/calls" + query, method: .get) { r in
                #expect(r.status == .badRequest)
                let message = try errorBody(r)["message"] as? String ?? ""
                #expect(message.contains(expected), "message was: \(message)")
            }
        }
    }

    @Test func nodeWithoutALedger_answers503() async throws {
        let app = Application(router: buildRouter(services: APIHarness().services), configuration: .init(),
                              logger: .init(label: "reporting-test"))
        try await app.test(.router) { client in
            try await client.execute(uri: Self.dayURI, method: .get) { r in
                #expect(r.status == .serviceUnavailable)
                try #expect(errorBody(r)["code"] as? String == "not_enabled")
            }
        }
    }
}
