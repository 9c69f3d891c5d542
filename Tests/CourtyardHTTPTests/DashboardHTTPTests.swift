import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Another site that membership knows but has no up node: always unreachable.
struct DownPeers: SiteSnapshotPeers {
    func peers() async -> [SnapshotPeer] { [SnapshotPeer(site: SiteID("south-lake"), node: nil)] }
    func snapshot(of node: PeerIdentity, timeout: Duration) async throws -> SiteSnapshot {
        throw RemoteCallError(.unreachable, "not reachable")
    }
}

extension APIServices {
    /// The dashboard over this node's ticket store (no call center, no ledger) and a peer site
    /// that is down.
    func withDashboard(store: any TicketStore, wall: ManualWallClock, streamsMax: Int = 4) -> APIServices {
        var s = self
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: 5),
                                  logger: Logger(label: "dashboard-test"))
        let snapshotter = SiteSnapshotter(site: SiteID("north-bay"), tickets: store, callCenter: nil, ledger: nil,
                                          environment: env)
        let gatherer = DashboardGatherer(site: SiteID("north-bay"), local: { try await snapshotter.snapshot() },
                                         peers: DownPeers(), environment: env)
        s.dashboard = DashboardServices(gatherer: gatherer, clock: ContinuousClock(), wallClock: wall,
                                        settings: .init(tickMs: 50, heartbeatMs: 100, streamsMax: streamsMax))
        return s
    }
}

@Suite struct DashboardHTTPTests {
    static func app(_ services: APIServices) -> some ApplicationProtocol {
        Application(router: buildRouter(services: services), configuration: .init(), logger: Logger(label: "dashboard-test"))
    }

    @Test func board_showsEverySite_theDownOneUnreachable_andRecentTicketsWithStatus() async throws {
        let h = APIHarness()
        let services = h.services.withDashboard(store: h.store, wall: h.wall)
        try await Self.app(services).test(.router) { client in
            let created = try await client.createTicket()
            let id = try #require(created["id"] as? String)
            let r = try await client.execute(uri: "/api/v1/dashboard", method: .get)
            #expect(r.status == .ok)
            let body = try object(r)
            let tiles = try #require(body["tiles"] as? [[String: Any]])
            #expect(tiles.map { $0["site"] as? String } == ["north-bay", "south-lake"])
            #expect(tiles.map { $0["reachable"] as? Bool } == [true, false])
            let snapshot = try #require(tiles[0]["snapshot"] as? [String: Any])
            #expect(snapshot["openTickets"] as? Int == 1)
            #expect(snapshot["overdueByLevel"] as? [Int] == [0, 0, 0])
            #expect((tiles[1]["error"] as? String)?.contains("south-lake") == true)
            let recent = try #require(body["recentTickets"] as? [[String: Any]])
            #expect(recent.map { $0["id"] as? String } == [id])
            #expect(recent.first?["status"] as? String == "open")
        }
    }

    @Test func board_badSiteQuery_is400() async throws {
        let h = APIHarness()
        try await Self.app(h.services.withDashboard(store: h.store, wall: h.wall)).test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/dashboard?site=NOT%20A%20SITE", method: .get)
            #expect(r.status == .badRequest)
            let fields = try errorBody(r)["fields"] as? [[String: Any]] ?? []
            #expect(fields.compactMap { $0["field"] as? String } == ["site"])
        }
    }

    @Test func stream_sendsServerSentEvents_theFirstAtOnce_asOneDataLineOfJSON() async throws {
        let h = APIHarness()
        let services = h.services.withDashboard(store: h.store, wall: h.wall)
        try await Self.app(services).test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/dashboard/stream?events=2&site=north-bay", method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(r.headers[.cacheControl] == "no-cache")
            let text = String(buffer: r.body)
            #expect(text.hasPrefix("retry: 3000\n\n"))
            let events = text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
            #expect(events.count == 2, "\(text.prefix(300))")
            for event in events {
                #expect(!event.dropFirst(6).contains("\n"), "one data line per event")
                let json = try JSONSerialization.jsonObject(with: Data(event.dropFirst(6).utf8)) as? [String: Any]
                let tiles = json?["tiles"] as? [[String: Any]]
                #expect(tiles?.map { $0["site"] as? String } == ["north-bay"])
                #expect(json?["site"] as? String == "north-bay")
            }
            #expect(services.dashboard?.openStreams == 0, "the feed's slot is released when it ends")
        }
    }

    @Test func stream_beyondTheOpenFeedsBound_is503() async throws {
        let h = APIHarness()
        let services = h.services.withDashboard(store: h.store, wall: h.wall, streamsMax: 1)
        // One feed of 20 events (about 2 s at the test's 100 ms heartbeat) holds the only slot.
        let hold = Task {
            try await Self.app(services).test(.router) { client in
                _ = try await client.execute(uri: "/api/v1/dashboard/stream?events=20", method: .get)
            }
        }
        while services.dashboard?.openStreams != 1 { await Task.yield() }
        try await Self.app(services).test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/dashboard/stream?events=1", method: .get)
            #expect(r.status == .serviceUnavailable)
            #expect(try errorBody(r)["code"] as? String == "too_many_streams")
        }
        try await hold.value
        #expect(services.dashboard?.openStreams == 0)
    }

    @Test func withoutDashboard_routesAnswer503() async throws {
        try await APIHarness().app.test(.router) { client in
            let board = try await client.execute(uri: "/api/v1/dashboard", method: .get)
            let stream = try await client.execute(uri: "/api/v1/dashboard/stream", method: .get)
            #expect(board.status == .serviceUnavailable && stream.status == .serviceUnavailable)
        }
    }

    // MARK: Roles

    @Test func roles_hqSeesAllSites_supervisorOnlyOwnSite_agentAndTechnicianNothing() async throws {
        let h = try await AuthHarness()
        let services = h.services.withDashboard(store: h.store, wall: h.wall)
        try await Self.app(services).test(.router) { client in
            let cases: [(String, String, HTTPResponse.Status)] = [
                ("analyst", "/api/v1/dashboard", .ok),
                ("admin", "/api/v1/dashboard?site=south-lake", .ok),
                ("supervisor", "/api/v1/dashboard?site=north-bay", .ok),
                ("supervisor", "/api/v1/dashboard", .forbidden),
                ("supervisor", "/api/v1/dashboard?site=south-lake", .forbidden),
                ("supervisor", "/api/v1/dashboard/stream?site=south-lake", .forbidden),
                ("cs-chen", "/api/v1/dashboard?site=north-bay", .forbidden),
                ("tech-zhang", "/api/v1/dashboard/stream?site=north-bay", .forbidden),
            ]
            for (user, uri, status) in cases {
                let token = try await client.login(user)
                let r = try await client.call(.get, uri, token: token)
                #expect(r.status == status, "\(user) \(uri)")
            }
            #expect(try await client.call(.get, "/api/v1/dashboard", token: nil).status == .unauthorized)
        }
    }
}
