import Foundation
import Testing

/// Three real `courtyard node` processes (hq, north-bay, south-lake) on loopback, mutual TLS
/// with certificates made by `courtyard certs`, ports chosen at run time: writes on each
/// converge everywhere; a node killed with SIGKILL is declared down within the bound and
/// writes continue at quorum; it restarts as a new incarnation and catches up; a partition
/// injected through the admin fault switch heals and the replicas converge.
@Suite(.serialized) struct ClusterProcessTests {
    struct Site {
        let id: String
        let clusterPort: Int
        var process: NodeProcess?
        var http: TestHTTP?
    }

    /// A port the OS reports free right now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw TestFailure("bind() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    func run(_ args: [String]) async throws {
        let p = Process()
        p.executableURL = NodeProcess.binary
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        _ = await readToEndAndWait(p, nil)
        guard p.terminationStatus == 0 else { throw TestFailure("courtyard \(args) failed") }
    }

    func start(_ site: Site, all: [Site], root: URL, certs: URL, extra: [String] = []) async throws -> (NodeProcess, TestHTTP) {
        let seeds = all.filter { $0.id != site.id }.map { "127.0.0.1:\($0.clusterPort)" }.joined(separator: ",")
        let dir = root.appendingPathComponent(site.id)
        let node = try NodeProcess(arguments: [
            "node", "--site", site.id, "--data", dir.path, "--http", "127.0.0.1:0", "--log-level", "warning",
            "--cluster", "127.0.0.1:\(site.clusterPort)", "--join", seeds, "--certs", certs.path,
            "--cluster-name", "test-cluster",
        ] + extra, dataDirectory: dir)
        return (node, TestHTTP(base: "http://" + (try await node.waitForHTTPAddress())))
    }

    func statuses(_ http: TestHTTP) async throws -> [String: String] {
        let (status, data) = try await http.request("GET", "/api/v1/cluster/members")
        guard status == 200 else { return [:] }
        let members = try http.object(data)["members"] as? [[String: Any]] ?? []
        var out: [String: String] = [:]
        for m in members {
            // Several lives of one site may be listed: an alive one wins.
            let site = m["site"] as? String ?? "?"
            let st = m["status"] as? String ?? "?"
            if out[site] != "alive" { out[site] = st }
        }
        return out
    }

    func createTicket(_ http: TestHTTP, _ title: String, consistency: String? = nil) async throws -> String {
        let path = "/api/v1/tickets" + (consistency.map { "?consistency=\($0)" } ?? "")
        let (status, data) = try await http.request("POST", path, json: [
            "category": "repair", "priority": "ordinary", "channel": "phone", "title": title, "description": title,
        ], timeout: 30)
        guard status == 201, let id = try http.object(data)["id"] as? String else {
            throw TestFailure("create on \(http.base) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return id
    }

    func has(_ http: TestHTTP, _ id: String) async -> Bool {
        (try? await http.request("GET", "/api/v1/tickets/\(id)").status) == 200
    }

    func eventCount(_ http: TestHTTP) async throws -> Int {
        let (_, data) = try await http.request("GET", "/health")
        return try http.object(data)["events"] as? Int ?? -1
    }

    @Test func threeSites_converge_detectACrash_catchUp_andHealAPartition() async throws {
        let root = try temporaryDirectory("cluster")
        defer { try? FileManager.default.removeItem(at: root) }
        let certs = root.appendingPathComponent("certs")
        try await run(["certs", "init", "--dir", certs.path, "--cluster", "test-cluster"])
        var sites = [Site(id: "hq", clusterPort: try Self.freePort()),
                     Site(id: "north-bay", clusterPort: try Self.freePort()),
                     Site(id: "south-lake", clusterPort: try Self.freePort())]
        for s in sites { try await run(["certs", "issue", "--dir", certs.path, "--site", s.id]) }
        for i in sites.indices {
            let (p, h) = try await start(sites[i], all: sites, root: root, certs: certs)
            sites[i].process = p
            sites[i].http = h
        }
        defer { for s in sites { s.process?.terminateAndWait() } }
        let (hq, north, south) = (sites[0].http!, sites[1].http!, sites[2].http!)

        // Everyone sees everyone alive.
        for h in [hq, north, south] {
            try await NodeProcess.waitUntil(timeout: .seconds(60), "3 alive members at \(h.base)") {
                try await statuses(h).values.filter { $0 == "alive" }.count == 3
            }
        }

        // A typed remote call (distributed func ping) from hq to north-bay over mutual TLS.
        let (pingStatus, pingData) = try await hq.request("GET", "/api/v1/cluster/members/north-bay/ping")
        #expect(pingStatus == 200, "\(String(decoding: pingData, as: UTF8.self))")
        #expect(try hq.object(pingData)["site"] as? String == "north-bay")

        // Writes on each converge everywhere.
        var ids: [String] = []
        for (i, h) in [hq, north, south].enumerated() { ids.append(try await createTicket(h, "收敛测试 \(i)")) }
        for h in [hq, north, south] {
            try await NodeProcess.waitUntil(timeout: .seconds(60), "tickets replicated to \(h.base)") {
                for id in ids where !(await has(h, id)) { return false }
                return true
            }
        }

        // Directory records replicate too: a resident registered at north-bay is found by
        // phone at headquarters (for the screen pop there).
        let (created, _) = try await north.request("POST", "/api/v1/residents", json: [
            "id": "nb-r-9001", "name": "陈小梅", "phones": ["139 0013 9001"],
        ])
        #expect(created == 201 || created == 200)
        try await NodeProcess.waitUntil(timeout: .seconds(60), "resident replicated to hq") {
            let (status, data) = try await hq.request("GET", "/api/v1/residents/by-phone/13900139001")
            return status == 200 && String(decoding: data, as: UTF8.self).contains("陈小梅")
        }

        // SIGKILL south: the others declare it down within the failure-detection bound
        // (3 nodes, default settings: 38 s; allow slack for a loaded CI machine).
        sites[2].process!.kill(signal: SIGKILL)
        for h in [hq, north] {
            try await NodeProcess.waitUntil(timeout: .seconds(75), "south-lake down at \(h.base)") {
                try await statuses(h)["south-lake"] == "down"
            }
        }
        // A remote call to the downed site fails fast instead of hanging.
        let (downPing, _) = try await hq.request("GET", "/api/v1/cluster/members/south-lake/ping")
        #expect(downPing == 404 || downPing == 503, "no alive south-lake to call")

        // Writes continue, and a quorum write is confirmed by the two live sites.
        let during = try await createTicket(hq, "南湖离线期间", consistency: "quorum")
        try await NodeProcess.waitUntil(timeout: .seconds(30), "north-bay has the quorum write") { await has(north, during) }

        // South restarts as a new incarnation on the same data and catches up.
        let (p, restarted) = try await start(sites[2], all: sites, root: root, certs: certs)
        sites[2].process = p
        try await NodeProcess.waitUntil(timeout: .seconds(90), "restarted south-lake catches up") {
            await has(restarted, during)
        }

        // A partition between hq and north-bay injected at both transports, writes on both
        // sides, then heal: all three converge to identical event sets.
        let cut: [String: Any] = ["rules": [["site": "north-bay", "direction": "both"]]]
        let cutBack: [String: Any] = ["rules": [["site": "hq", "direction": "both"]]]
        #expect(try await hq.request("PUT", "/api/v1/admin/faults", json: cut).status == 200)
        #expect(try await north.request("PUT", "/api/v1/admin/faults", json: cutBack).status == 200)
        let a = try await createTicket(hq, "分区期间 hq")
        let b = try await createTicket(north, "分区期间 north")
        #expect(try await hq.request("DELETE", "/api/v1/admin/faults").status == 200)
        #expect(try await north.request("DELETE", "/api/v1/admin/faults").status == 200)
        for h in [hq, north, restarted] {
            try await NodeProcess.waitUntil(timeout: .seconds(90), "partition writes converge at \(h.base)") {
                let hasA = await has(h, a)
                let hasB = await has(h, b)
                return hasA && hasB
            }
        }
        try await NodeProcess.waitUntil(timeout: .seconds(90), "identical event counts") {
            let counts = [try await eventCount(hq), try await eventCount(north), try await eventCount(restarted)]
            return Set(counts).count == 1
        }
    }
}
