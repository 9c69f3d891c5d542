import Foundation
import Testing

/// The call center end to end with real processes on loopback (ports chosen at run time):
/// two clustered nodes, `courtyard dial` as the telephony gateway, and the call ledger
/// behind `GET /api/v1/reports/calls` as the judge.
@Suite(.serialized) struct CallCenterProcessTests {
    struct TwoNodes {
        let hq: NodeProcess
        let north: NodeProcess
        let hqHTTP: TestHTTP
        let northHTTP: TestHTTP
        func stop() { [hq, north].forEach { $0.terminateAndWait() } }
    }

    func runQuietly(_ args: [String]) async throws {
        let p = Process()
        p.executableURL = NodeProcess.binary
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        _ = await readToEndAndWait(p, nil)
        guard p.terminationStatus == 0 else { throw TestFailure("courtyard \(args) failed") }
    }

    /// hq and north-bay, clustered over mutual TLS, each accepting the gateway `dial`.
    func startTwoNodes(root: URL, extra: [String] = []) async throws -> TwoNodes {
        let certs = root.appendingPathComponent("certs")
        try await runQuietly(["certs", "init", "--dir", certs.path, "--cluster", "cc-test"])
        for site in ["hq", "north-bay"] { try await runQuietly(["certs", "issue", "--dir", certs.path, "--site", site]) }
        let ports = [try ClusterProcessTests.freePort(), try ClusterProcessTests.freePort()]
        func node(_ site: String, _ mine: Int, _ other: Int) throws -> NodeProcess {
            let dir = root.appendingPathComponent(site)
            return try NodeProcess(arguments: [
                "node", "--site", site, "--data", dir.path, "--http", "127.0.0.1:0", "--log-level", "warning",
                "--cluster", "127.0.0.1:\(mine)", "--join", "127.0.0.1:\(other)", "--certs", certs.path,
                "--cluster-name", "cc-test", "--cti-token", "dial=secret",
            ] + extra, dataDirectory: dir)
        }
        let hq = try node("hq", ports[0], ports[1])
        let north = try node("north-bay", ports[1], ports[0])
        let nodes = TwoNodes(hq: hq, north: north,
                             hqHTTP: TestHTTP(base: "http://" + (try await hq.waitForHTTPAddress())),
                             northHTTP: TestHTTP(base: "http://" + (try await north.waitForHTTPAddress())))
        for h in [nodes.hqHTTP, nodes.northHTTP] {
            try await NodeProcess.waitUntil(timeout: .seconds(60), "both members alive at \(h.base)") {
                let (status, data) = try await h.request("GET", "/api/v1/cluster/members")
                guard status == 200 else { return false }
                let members = try h.object(data)["members"] as? [[String: Any]] ?? []
                return members.filter { ($0["status"] as? String) == "alive" }.count == 2
            }
        }
        return nodes
    }

    /// Runs `courtyard dial` and returns its `--json` summary.
    func dial(_ nodes: [TestHTTP], rate: Int, seconds: Int, seed: Int, extra: [String] = [],
              whileRunning: (@Sendable () async throws -> Void)? = nil) async throws -> [String: Any] {
        let p = Process()
        p.executableURL = NodeProcess.binary
        p.arguments = ["dial", "--nodes", nodes.map(\.base).joined(separator: ","), "--rate", "\(rate)",
                       "--duration", "\(seconds)", "--seed", "\(seed)", "--token", "secret", "--drain", "20", "--json"] + (extra.contains("--speed") ? extra : ["--speed", "10"] + extra)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        if let whileRunning { try await whileRunning() }
        let data = await readToEndAndWait(p, out.fileHandleForReading)
        guard p.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("dial exited \(p.terminationStatus): \(String(decoding: data, as: UTF8.self))")
        }
        return json
    }

    /// The counts of one site's call ledger over the last hour, asked of `h` (`site` nil: the
    /// all-sites report, every reachable site's ledger merged).
    func ledgerCounts(_ h: TestHTTP, site: String?) async throws -> [String: Int] {
        try await report(h, site: site).counts
    }

    func report(_ h: TestHTTP, site: String?) async throws -> (counts: [String: Int], sites: [String], missing: Int) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let (status, data) = try await h.request("GET", "/api/v1/reports/calls?from=\(now - 3_600_000)&to=\(now + 60_000)"
                                                     + (site.map { "&site=\($0)" } ?? ""))
        let body = status == 200 ? try h.object(data) : [:]
        guard let counts = body["counts"] as? [String: Int] else {
            throw TestFailure("report answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return (counts, body["sites"] as? [String] ?? [], (body["missingSites"] as? [Any])?.count ?? 0)
    }

    @Test func dialAgainstTwoNodes_gatewayFiguresMatchTheLedger() async throws {
        let root = try temporaryDirectory("callcenter")
        defer { try? FileManager.default.removeItem(at: root) }
        let nodes = try await startTwoNodes(root: root)
        defer { nodes.stop() }

        let summary = try await dial([nodes.hqHTTP, nodes.northHTTP], rate: 60, seconds: 20, seed: 3)
        let hq = try await ledgerCounts(nodes.hqHTTP, site: "hq")
        let north = try await ledgerCounts(nodes.northHTTP, site: "north-bay")
        func sum(_ key: String) -> Int { (hq[key] ?? 0) + (north[key] ?? 0) }
        // Headquarters' all-sites report is both ledgers merged, read over the cluster; a
        // site's report asked of another site's node is that site's node's answer.
        let all = try await report(nodes.hqHTTP, site: nil)
        #expect(all.sites.sorted() == ["hq", "north-bay"] && all.missing == 0, "\(all)")
        for key in ["entered", "offered", "answered", "abandoned", "voicemail", "overflowed", "stickyHits"] {
            #expect(all.counts[key] ?? 0 == sum(key), "\(key): all sites \(all.counts) vs hq \(hq) + north \(north)")
        }
        #expect(try await ledgerCounts(nodes.hqHTTP, site: "north-bay") == north)

        let offered = summary["offered"] as? Int ?? -1
        #expect(offered > 5, "dial offered too few calls to judge: \(summary)")
        #expect(offered == sum("entered"), "gateway \(summary) vs ledger hq \(hq) north \(north)")
        #expect(summary["answered"] as? Int == sum("answered"), "gateway \(summary) vs ledger hq \(hq) north \(north)")
        #expect(summary["abandoned"] as? Int == sum("abandoned"), "gateway \(summary) vs ledger hq \(hq) north \(north)")
        #expect(summary["overflows"] as? Int == sum("overflowed"))
        #expect(summary["protocolErrors"] as? Int == 0, "\(summary)")
        #expect(summary["lost"] as? Int == 0)
        // Calls were spread over both nodes.
        #expect((hq["entered"] ?? 0) > 0 && (north["entered"] ?? 0) > 0)
    }

    /// hq has no agents of its own, so its callers overflow to north-bay's after one second;
    /// callers come back often, so returning callers are routed to their last agent. The
    /// gateway's sticky hits (answers to a `bridge` marked sticky) and overflows (answers by
    /// an agent logged in at another site) match the ledgers' counts exactly.
    @Test func stickyHitsAndOverflows_reportedByTheGateway_matchTheLedger() async throws {
        let root = try temporaryDirectory("callcenter-sticky")
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("callcenter.toml")
        try "[callcenter]\noverflow_after = \"1s\"\n".write(to: config, atomically: true, encoding: .utf8)
        let nodes = try await startTwoNodes(root: root, extra: ["--config", config.path])
        defer { nodes.stop() }

        // Overflow: both nodes take calls, only north-bay has agents.
        let first = try await dial([nodes.hqHTTP, nodes.northHTTP], rate: 60, seconds: 20, seed: 11,
                                   extra: ["--agents-per-node", "0,12", "--return-share", "0.8", "--unknown-share", "0",
                                           "--agent-key-weight", "200"])
        // Sticky: north-bay alone, short talks, callers coming back once their call is over.
        let second = try await dial([nodes.northHTTP], rate: 60, seconds: 20, seed: 12,
                                    extra: ["--speed", "40", "--agents-per-node", "8", "--return-share", "0.9",
                                            "--unknown-share", "0", "--agent-key-weight", "200"])
        var summary: [String: Int] = [:]
        for run in [first, second] {
            for (key, value) in run { if let n = value as? Int { summary[key, default: 0] += n } }
        }
        let hq = try await ledgerCounts(nodes.hqHTTP, site: "hq")
        let north = try await ledgerCounts(nodes.northHTTP, site: "north-bay")
        func sum(_ key: String) -> Int { (hq[key] ?? 0) + (north[key] ?? 0) }
        let context = "gateway \(summary) vs ledger hq \(hq) north \(north)"
        #expect(summary["answered"] == sum("answered"), "\(context)")
        #expect((summary["overflows"] ?? 0) > 0, "hq has no agents: its answered calls must have overflowed. \(context)")
        #expect(summary["overflows"] == sum("overflowed"), "\(context)")
        #expect(first["overflows"] as? Int == hq["answered"], "every call hq answered, an agent at north-bay answered. \(context)")
        #expect((summary["stickyHits"] ?? 0) > 0, "returning callers were routed to their last agent. \(context)")
        #expect(summary["stickyHits"] == sum("stickyHits"), "\(context)")
        #expect(summary["protocolErrors"] == 0, "\(context)")
    }

    /// A ring-all queue rings every free agent's phone through the gateway at once (one
    /// `bridge` leg each); the first to pick up wins and the others stop ringing. Judged by
    /// the ledger: every answer the gateway reports is one answer there, no call is lost,
    /// and the gateway saw no command it could not carry out.
    @Test func ringAll_ringsEveryFreePhone_firstPickUpWins_andMatchesTheLedger() async throws {
        let root = try temporaryDirectory("callcenter-ringall")
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("callcenter.toml")
        try "[callcenter]\nstrategy = \"ring-all\"\n".write(to: config, atomically: true, encoding: .utf8)
        let nodes = try await startTwoNodes(root: root, extra: ["--config", config.path])
        defer { nodes.stop() }

        let summary = try await dial([nodes.northHTTP], rate: 30, seconds: 20, seed: 21,
                                     extra: ["--agents-per-node", "6", "--agent-key-weight", "200"])
        let north = try await ledgerCounts(nodes.northHTTP, site: "north-bay")
        let context = "gateway \(summary) vs ledger north \(north)"
        let answered = summary["answered"] as? Int ?? -1
        #expect(answered > 3, "too few answered calls to judge. \(context)")
        #expect(answered == north["answered"], "\(context)")
        #expect((summary["ringGroupAnswers"] as? Int ?? 0) > 0, "answers came from phones ringing together. \(context)")
        #expect(summary["protocolErrors"] as? Int == 0, "\(context)")
        #expect(summary["lost"] as? Int == 0, "\(context)")
    }

    @Test func agentsNodeKilledMidShift_agentCarriesOnFromTheOtherNode_andCallsFailOver() async throws {
        let root = try temporaryDirectory("callcenter-failover")
        defer { try? FileManager.default.removeItem(at: root) }
        let nodes = try await startTwoNodes(root: root)
        defer { nodes.stop() }

        // An agent whose console is connected to north-bay goes not-ready for a meeting.
        let (login, loginBody) = try await nodes.northHTTP.request("POST", "/api/v1/agents/a-77/login", json: ["wrapUpMs": 10_000])
        #expect(login == 200, "\(String(decoding: loginBody, as: UTF8.self))")
        let (state, _) = try await nodes.northHTTP.request("POST", "/api/v1/agents/a-77/state",
                                                          json: ["state": "notReady", "reason": "meeting"])
        #expect(state == 200)
        // Headquarters sees the agent live at north-bay (replicated presence).
        try await NodeProcess.waitUntil(timeout: .seconds(30), "hq sees a-77 at north-bay") {
            let (status, data) = try await nodes.hqHTTP.request("GET", "/api/v1/agents")
            let agents = try nodes.hqHTTP.object(data)["agents"] as? [[String: Any]] ?? []
            return status == 200 && agents.contains { $0["agent"] as? String == "a-77" && $0["site"] as? String == "north-bay" }
        }

        // Calls flow through both nodes; north-bay is killed with SIGKILL mid-run.
        let north = nodes.north
        let northHTTP = nodes.northHTTP
        let summary = try await dial([nodes.hqHTTP, nodes.northHTTP], rate: 60, seconds: 24, seed: 5) {
            // Mid-run: once north-bay holds calls of its own (its ledger says so).
            try await NodeProcess.waitUntil(timeout: .seconds(20), "north-bay took calls") {
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let (status, data) = try await northHTTP.request(
                    "GET", "/api/v1/reports/calls?from=\(now - 3_600_000)&to=\(now + 60_000)&site=north-bay")
                let counts = status == 200 ? (try northHTTP.object(data)["counts"] as? [String: Int] ?? [:]) : [:]
                return (counts["entered"] ?? 0) >= 4
            }
            north.kill(signal: SIGKILL)
        }
        // The gateway moved north-bay's calls to hq and lost none of them.
        #expect((summary["failovers"] as? Int ?? 0) >= 1, "\(summary)")
        #expect(summary["lost"] as? Int == 0, "\(summary)")
        // No call answered twice: the answers hq recorded are at most the calls it holds.
        let hq = try await ledgerCounts(nodes.hqHTTP, site: "hq")
        #expect((hq["answered"] ?? 0) <= (hq["entered"] ?? 0))

        // The agent's console reconnects to hq: same identity, same state and reason.
        let (again, body) = try await nodes.hqHTTP.request("POST", "/api/v1/agents/a-77/login", json: ["wrapUpMs": 10_000])
        #expect(again == 200, "\(String(decoding: body, as: UTF8.self))")
        let view = try nodes.hqHTTP.object(body)
        #expect(view["agent"] as? String == "a-77")
        #expect(view["site"] as? String == "hq")
        #expect(view["state"] as? String == "notReady", "\(view)")
        #expect(view["reason"] as? String == "meeting", "\(view)")
    }
}
