import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Two real nodes (hq, north-bay) with authentication enforced, clustered over mutual TLS on
/// loopback: an account created at hq through the API signs in at north-bay once it has
/// replicated there; each node's `admin` stays its own.
@Suite(.serialized) struct AccountReplicationProcessTests {
    let cluster = ClusterProcessTests()
    let auth = AuthProcessTests()

    func adminPassword(_ node: NodeProcess) throws -> String {
        let line = try #require(node.log.split(separator: "\n").first { $0.contains("password: ") })
        return String(line.split(separator: " ").last ?? "")
    }

    func login(_ base: String, _ username: String, _ password: String) async throws -> (status: Int, token: String?) {
        let r = try await auth.request(base, "POST", "/api/v1/auth/login",
                                       json: ["username": username, "password": password, "bearer": true])
        return (r.status, r.body["token"] as? String)
    }

    @Test func accountCreatedAtOneNode_signsInAtTheOther_adminsStayLocal() async throws {
        let root = try temporaryDirectory("account-replication")
        defer { try? FileManager.default.removeItem(at: root) }
        let certs = root.appendingPathComponent("certs")
        try await cluster.run(["certs", "init", "--dir", certs.path, "--cluster", "test-cluster"])
        let sites = [ClusterProcessTests.Site(id: "hq", clusterPort: try ClusterProcessTests.freePort()),
                     ClusterProcessTests.Site(id: "north-bay", clusterPort: try ClusterProcessTests.freePort())]
        for s in sites { try await cluster.run(["certs", "issue", "--dir", certs.path, "--site", s.id]) }
        let extra = ["--auth", "enforced", "--bcrypt-cost", "10"]
        let (hqNode, hq) = try await cluster.start(sites[0], all: sites, root: root, certs: certs, extra: extra)
        defer { hqNode.terminateAndWait() }
        let (northNode, north) = try await cluster.start(sites[1], all: sites, root: root, certs: certs, extra: extra)
        defer { northNode.terminateAndWait() }

        let hqAdmin = try adminPassword(hqNode), northAdmin = try adminPassword(northNode)
        #expect(hqAdmin != northAdmin)
        let hqToken = try #require(try await login(hq.base, "admin", hqAdmin).token)
        let northToken = try #require(try await login(north.base, "admin", northAdmin).token)

        let created = try await auth.request(hq.base, "POST", "/api/v1/accounts", json: [
            "username": "cs-wu", "displayName": "吴客服", "role": "agent", "site": "north-bay",
            "password": "wu-password-1",
        ], token: hqToken)
        #expect(created.status == 201, "\(created.body)")

        // Poll the account list (not the login, which the throttle would lock after failures).
        try await NodeProcess.waitUntil(timeout: .seconds(90), "cs-wu to replicate to north-bay") {
            let list = try await auth.request(north.base, "GET", "/api/v1/accounts", token: northToken)
            let names = (list.body["accounts"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            return names.contains("cs-wu")
        }
        let wu = try await login(north.base, "cs-wu", "wu-password-1")
        #expect(wu.status == 200 && wu.token != nil)
        #expect(try await auth.request(north.base, "GET", "/api/v1/tickets", token: wu.token).status == 200)
        // hq's admin password is hq's only.
        #expect(try await login(north.base, "admin", hqAdmin).status == 401)
        #expect(try await login(north.base, "admin", northAdmin).status == 200)
    }
}
