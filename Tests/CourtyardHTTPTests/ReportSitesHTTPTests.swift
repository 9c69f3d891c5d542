import CourtyardCallCenter
import CourtyardCRDT
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Two other sites as a clustered node sees them: south-lake answers from its own ledger
/// (its calls are in no ledger of this node), east-hill has no node up.
struct TwoSitePeers: SiteReportPeers {
    static let southLake = SiteID("south-lake")
    let ledger: InMemoryCallLedgerStore

    func peers() async -> [SnapshotPeer] {
        [SnapshotPeer(site: SiteID("east-hill"), node: nil),
         SnapshotPeer(site: Self.southLake, node: PeerIdentity(site: Self.southLake, endpoint: .init(host: "south", port: 7000),
                                                                incarnation: 1))]
    }

    func callReport(of node: PeerIdentity, _ request: SiteReportRequest, timeout: Duration) async throws -> CallReport {
        try await SiteCallReporter(site: node.site, ledger: ledger).report(request)
    }

    func callDrill(of node: PeerIdentity, _ request: SiteReportRequest, metric: CallDrillMetric,
                   timeout: Duration) async throws -> CallDrill {
        try await SiteCallReporter(site: node.site, ledger: ledger).drill(request, metric: metric)
    }
}

@Suite struct ReportSitesHTTPTests {
    static let t0 = ReportingHarness.t0
    static let dayURI = "from=\(t0)&to=\(t0 + 86_400_000)"

    /// A harness whose node (north-bay) is clustered with south-lake (one answered call) and
    /// east-hill (unreachable); north-bay's own ledger holds `ReportHTTPTests.ledger`.
    static func harness() async throws -> (ReportingHarness, some ApplicationProtocol) {
        let h = try ReportingHarness()
        try await h.database.callLedgerStore.append(ReportHTTPTests.ledger)
        let south = InMemoryCallLedgerStore()
        let id = CallID("s1"), at = t0 + 7_200_000
        try await south.append([
            LedgerEvent(site: TwoSitePeers.southLake, atMs: at, callID: id, body: .callEntered(caller: "+8613900000001", dialled: "4008101234")),
            LedgerEvent(site: TwoSitePeers.southLake, atMs: at, callID: id, body: .queueEntered(queue: QueueID("south.main"))),
            LedgerEvent(site: TwoSitePeers.southLake, atMs: at + 50_000, callID: id, body: .answered(agent: AgentID("s-agent"))),
            LedgerEvent(site: TwoSitePeers.southLake, atMs: at + 110_000, callID: id, body: .hungUp(by: .caller)),
        ])
        var services = h.services
        services.reporting?.sites = CallReportGatherer(
            local: SiteCallReporter(site: SiteID("north-bay"), ledger: h.database.callLedgerStore),
            peers: TwoSitePeers(ledger: south))
        let app = Application(router: buildRouter(services: services), configuration: .init(), logger: .init(label: "sites-test"))
        return (h, app)
    }

    @Test func allSites_mergesTheReachableSites_andNamesTheMissingOne() async throws {
        let (_, app) = try await Self.harness()
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/reports/calls?" + Self.dayURI, method: .get)
            #expect(r.status == .ok)
            let body = try object(r)
            #expect(body["sites"] as? [String] == ["north-bay", "south-lake"])
            let missing = try #require(body["missingSites"] as? [[String: Any]])
            #expect(missing.map { $0["site"] as? String } == ["east-hill"])
            #expect((missing.first?["reason"] as? String)?.contains("no node of site east-hill is up") == true)
            let counts = try #require(body["counts"] as? [String: Any])
            #expect(counts["entered"] as? Int == 5 && counts["answered"] as? Int == 3)
            // ASA over both sites: (10 + 30 + 50) s / 3.
            #expect((body["figures"] as? [String: Any])?["averageSpeedOfAnswerMs"] as? Double == 30_000)

            let drill = try object(try await client.execute(uri: "/api/v1/reports/calls/drill?metric=answered&" + Self.dayURI,
                                                            method: .get))
            let rows = try #require(drill["rows"] as? [[String: Any]])
            #expect(rows.map { $0["callID"] as? String } == ["c1", "c2", "s1"])
            #expect(drill["sites"] as? [String] == ["north-bay", "south-lake"])
            #expect((drill["missingSites"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func namedSites_ownAnsweredHere_otherAskedOfItsNode_unreachableIs503() async throws {
        let (_, app) = try await Self.harness()
        try await app.test(.router) { client in
            let own = try object(try await client.execute(uri: "/api/v1/reports/calls?site=north-bay&" + Self.dayURI, method: .get))
            #expect((own["counts"] as? [String: Any])?["entered"] as? Int == 4 && own["sites"] == nil)
            let south = try await client.execute(uri: "/api/v1/reports/calls?site=south-lake&" + Self.dayURI, method: .get)
            #expect(south.status == .ok)
            let body = try object(south)
            #expect(body["site"] as? String == "south-lake" && (body["counts"] as? [String: Any])?["entered"] as? Int == 1)
            for path in ["reports/calls", "reports/calls/drill", "exports/reports/calls", "exports/reports/calls/drill"] {
                let r = try await client.execute(uri: "/api/v1/\(path)?metric=entered&site=east-hill&" + Self.dayURI, method: .get)
                #expect(r.status == .serviceUnavailable, "\(path)")
                #expect(try errorBody(r)["code"] as? String == "site_unreachable", "\(path)")
            }
        }
    }

    @Test func csvExports_sayWhichSitesInHeaders() async throws {
        let (_, app) = try await Self.harness()
        try await app.test(.router) { client in
            for path in ["exports/reports/calls", "exports/reports/calls/drill"] {
                let r = try await client.execute(uri: "/api/v1/\(path)?metric=answered&" + Self.dayURI, method: .get)
                #expect(r.status == .ok, "\(path)")
                #expect(r.headers[HTTPFields.Element.Name("X-Courtyard-Sites")!] == "north-bay,south-lake")
                #expect(r.headers[HTTPFields.Element.Name("X-Courtyard-Missing-Sites")!]?.hasPrefix("east-hill: no node") == true)
            }
            let drill = try await client.execute(uri: "/api/v1/exports/reports/calls/drill?metric=answered&" + Self.dayURI, method: .get)
            #expect(String(buffer: drill.body).contains("s1"))
        }
    }
}
