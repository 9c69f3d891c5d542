import CourtyardCLI
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `courtyard up`, the README's run command, as a newcomer runs it: three nodes from a folder
/// of TOML files (ports chosen at run time), the console address of each and the demo logins
/// printed once they listen, `courtyard dial` traffic signed in at the demo site, and
/// everything stopped by one SIGTERM.
@Suite(.serialized) struct UpCommandTests {
    /// Writes hq (no demo data), north-bay (demo data) and south-lake (none) into `root`.
    static func writeConfigs(_ root: URL) throws {
        let ports = try (0..<3).map { _ in try ClusterProcessTests.freePort() }
        let sites = [("hq", false), ("north-bay", true), ("south-lake", false)]
        for (i, (site, demo)) in sites.enumerated() {
            let join = ports.indices.filter { $0 != i }.map { "\"127.0.0.1:\(ports[$0])\"" }.joined(separator: ", ")
            let toml = """
                [node]
                site = "\(site)"
                data = "\(root.path)/data/\(site)"
                http = "127.0.0.1:0"
                demo = \(demo)

                [log]
                level = "warning"

                [cluster]
                name = "up-test"
                listen = "127.0.0.1:\(ports[i])"
                join = [\(join)]
                certs = "\(root.path)/data/certs"

                """
            try toml.write(to: root.appendingPathComponent("\(site).toml"), atomically: true, encoding: .utf8)
        }
    }

    /// The `console  SITE  URL` lines `courtyard up` printed.
    static func consoles(_ log: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in log.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            if f.count == 3, f[0] == "console", f[2].hasPrefix("http://"), f[2].hasSuffix("/console/") {
                out[String(f[1])] = String(f[2])
            }
        }
        return out
    }

    @Test func up_printsEachConsole_servesIt_acceptsADemoLogin_runsDialTraffic_andStopsEverything() async throws {
        let root = try temporaryDirectory("up")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeConfigs(root)
        let up = try UpProcess(arguments: ["up", "--dir", root.path, "--dial-rate", "6"])
        defer { up.stop() }

        var consoles: [String: String] = [:]
        try await NodeProcess.waitUntil(timeout: .seconds(150), "courtyard up to print three consoles (log: \(up.log.suffix(3000)))") {
            if !up.process.isRunning { throw TestFailure("courtyard up exited: \(up.log.suffix(4000))") }
            consoles = Self.consoles(up.log)
            return consoles.count == 3
        }
        #expect(Set(consoles.keys) == ["hq", "north-bay", "south-lake"])
        #expect(up.log.contains("cs-chen") && up.log.contains("tech-zhang") && up.log.contains("courtyard-demo"),
                "the demo logins are printed")

        let console = try #require(consoles["south-lake"])
        let (status, page) = try await TestHTTP(base: "").request("GET", console)
        #expect(status == 200)
        #expect(String(decoding: page, as: UTF8.self).contains("<html"), "the console page is served")

        let base = String(console.dropLast("/console/".count))
        let http = TestHTTP(base: base)
        let (bad, _) = try await http.request("POST", "/api/v1/auth/login", json: ["username": "cs-chen", "password": "wrong-password"])
        #expect(bad == 401)
        let (ok, body) = try await http.request("POST", "/api/v1/auth/login", json: ["username": "cs-chen", "password": "courtyard-demo"])
        #expect(ok == 200, "the demo login works: \(String(decoding: body, as: UTF8.self))")

        // The traffic: dial signs in at the demo site and logs its simulated agents in there.
        try await NodeProcess.waitUntil(timeout: .seconds(60), "dial's agents at north-bay (log: \(up.log.suffix(3000)))") {
            up.log.contains("simulated agents logged in at north-bay")
        }

        up.terminate()
        try await NodeProcess.waitUntil(timeout: .seconds(60), "courtyard up to stop") { !up.process.isRunning }
        #expect(up.process.terminationStatus == 0, "a SIGTERM stops up cleanly: \(up.log.suffix(2000))")
        let (after, _) = (try? await http.request("GET", "/health", timeout: 2)) ?? (0, Data())
        #expect(after == 0, "the nodes stopped with up")
    }

    @Test func up_refusesABadDialRate_beforeStartingAnything() async throws {
        let root = try temporaryDirectory("up-rate")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeConfigs(root)
        let up = try UpProcess(arguments: ["up", "--dir", root.path, "--dial-rate", "0"])
        defer { up.stop() }
        try await NodeProcess.waitUntil(timeout: .seconds(30), "up to refuse the rate") { !up.process.isRunning }
        #expect(up.process.terminationStatus != 0)
        #expect(up.log.contains("--dial-rate must be more than 0"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("data/north-bay").path), "no node started")
    }

    @Test func dialLogin_parsesUserColonPassword_andRefusesTheRest() throws {
        let parsed = try DialSessions.credentials("supervisor:pass:with:colons")
        #expect(parsed.username == "supervisor" && parsed.password == "pass:with:colons")
        for bad in ["", "supervisor", ":secret", "supervisor:"] {
            #expect(throws: DialUsageError.self) { try DialSessions.credentials(bad) }
        }
    }
}

/// `courtyard up` as a child process with the environment a newcomer has (authentication
/// enforced), its output kept for the checks.
final class UpProcess: @unchecked Sendable {
    // @unchecked: `output` is guarded by `lock`.
    let process = Process()
    private let lock = NSLock()
    private var output = ""
    private let pipe = Pipe()

    init(arguments: [String]) throws {
        process.executableURL = NodeProcess.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for key in ["COURTYARD_AUTH", "COURTYARD_ADMIN_PASSWORD", "COURTYARD_CTI_TOKENS"] { environment[key] = nil }
        process.environment = environment
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty, let self else { return }
            self.lock.withLock {
                self.output += String(decoding: data, as: UTF8.self)
                if self.output.utf8.count > 4 << 20 { self.output = String(self.output.suffix(1 << 20)) }
            }
        }
        try process.run()
    }

    var log: String { lock.withLock { output } }

    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }

    /// Stops up (and so its nodes) if a check failed midway.
    func stop() {
        terminate()
        process.waitUntilExit()
    }
}
