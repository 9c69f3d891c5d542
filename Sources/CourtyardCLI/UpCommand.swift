import ArgumentParser
import CourtyardCRDT
import CourtyardTransport
import Foundation

/// `courtyard up`: the local multi-site cluster on loopback — one `courtyard node` process
/// per TOML file in the cluster folder, certificates made on first start, output prefixed
/// by site, Ctrl-C stops them all gracefully.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the local multi-site cluster described in a folder of node configs (default cluster/local).")

    @Option(help: "Folder of node TOML files, one per site.")
    var dir = "cluster/local"

    @Flag(help: "Delete the nodes' data directories first (a fresh demo).")
    var fresh = false

    func run() async throws {
        let configs = try loadConfigs()
        if fresh {
            for config in configs { try? FileManager.default.removeItem(atPath: config.dataDirectory) }
        }
        try ensureCertificates(configs)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let supervisor = Supervisor()
        // A demo on loopback: every node gets the demo logins and a known admin password
        // (unless the caller set one). Never use these settings outside a demo.
        var environment = ProcessInfo.processInfo.environment
        environment["COURTYARD_DEMO_LOGINS"] = "1"
        if (environment["COURTYARD_ADMIN_PASSWORD"] ?? "").isEmpty {
            environment["COURTYARD_ADMIN_PASSWORD"] = AccountSetup.demoPassword
        }
        for (config, path) in zip(configs, try configFiles()) {
            try supervisor.start(site: config.site.rawValue, executable: executable,
                                 arguments: ["node", "--config", path], environment: environment)
        }
        // Written unbuffered, so the summary appears before the nodes' own output.
        var summary = "courtyard up: \(configs.count) sites starting; Ctrl-C stops them\n"
        for config in configs {
            summary += "  \(config.site)  http://\(config.http)  cluster \(config.cluster.map { "\($0.listen)" } ?? "-")\n"
        }
        summary += """
              demo logins on every site, password \(environment["COURTYARD_ADMIN_PASSWORD"] ?? AccountSetup.demoPassword):
                admin (admin) · cs-chen (agent) · tech-zhang (technician) · supervisor (site supervisor) · analyst (HQ analyst)
              try: curl -s -c cookies -H 'content-type: application/json' \\
                     -d '{"username":"analyst","password":"courtyard-demo"}' http://127.0.0.1:8080/api/v1/auth/login
                   curl -s -b cookies http://127.0.0.1:8080/api/v1/cluster/members

            """
        FileHandle.standardOutput.write(Data(summary.utf8))
        await supervisor.waitForAll()
        let failed = supervisor.failures()
        guard failed.isEmpty else {
            throw ValidationError("nodes exited with an error: \(failed.joined(separator: ", "))")
        }
    }

    func configFiles() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".toml") }.sorted()
        guard !names.isEmpty else { throw ValidationError("no .toml node configs in \(dir)") }
        return names.map { "\(dir)/\($0)" }
    }

    func loadConfigs() throws -> [NodeConfig] {
        try configFiles().map { path in
            do {
                return try NodeConfig.resolve(file: NodeConfigFile.load(path: path), overrides: NodeConfigFile())
            } catch let error as ConfigError {
                throw ValidationError("\(path): \(error.message)")
            }
        }
    }

    /// Makes the cluster CA and each site's certificate when missing.
    func ensureCertificates(_ configs: [NodeConfig]) throws {
        for config in configs {
            guard let cluster = config.cluster else { continue }
            let dir = cluster.certificatesDirectory
            if !FileManager.default.fileExists(atPath: "\(dir)/ca.pem") {
                try CertificateAuthority.create(directory: dir, clusterName: cluster.name)
            }
            if !FileManager.default.fileExists(atPath: "\(dir)/\(config.site).pem") {
                try CertificateAuthority.load(directory: dir).issue(site: config.site, directory: dir)
            }
        }
    }
}

/// Child node processes, their output prefixed by site, stopped together on SIGINT/SIGTERM.
final class Supervisor: @unchecked Sendable {
    // @unchecked: `children`, `exitCodes` and `signalSources` are guarded by `lock`.
    private let lock = NSLock()
    private var children: [(site: String, process: Process)] = []
    private var exitCodes: [String: Int32] = [:]
    private var signalSources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stopAll(signal: SIGTERM) }
            source.resume()
            signalSources.append(source)
        }
    }

    func start(site: String, executable: URL, arguments: [String], environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let prefix = "[\(site)] "
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let out = lines.enumerated().compactMap { i, l in
                (i == lines.count - 1 && l.isEmpty) ? nil : prefix + l
            }.joined(separator: "\n")
            FileHandle.standardOutput.write(Data((out + "\n").utf8))
        }
        process.terminationHandler = { [weak self] p in
            self?.lock.withLock { self?.exitCodes[site] = p.terminationStatus }
        }
        try process.run()
        lock.withLock { children.append((site, process)) }
    }

    func stopAll(signal: Int32) {
        let running = lock.withLock { children.filter { $0.process.isRunning } }
        for child in running { kill(child.process.processIdentifier, signal) }
    }

    /// Waits until every child has exited; if one dies, the others are stopped too.
    func waitForAll() async {
        let clock = ContinuousClock()
        while true {
            let (running, total, exited) = lock.withLock {
                (children.filter { $0.process.isRunning }.count, children.count, exitCodes.count)
            }
            if running == 0 { return }
            if exited > 0 && running < total { stopAll(signal: SIGTERM) }
            try? await clock.sleep(for: .milliseconds(200))
        }
    }

    func failures() -> [String] {
        lock.withLock { exitCodes.filter { $0.value != 0 }.map { "\($0.key) (\($0.value))" }.sorted() }
    }
}
