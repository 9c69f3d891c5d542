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

    @Option(name: .customLong("dial-rate"), help: "Demo call traffic: calls per minute from `courtyard dial` to the demo sites.")
    var dialRate = 2.0

    @Flag(name: .customLong("no-dial"), help: "Start no call traffic.")
    var noDial = false

    func run() async throws {
        let configs = try loadConfigs()
        guard noDial || DialPlan.rateRange.contains(dialRate) else {
            throw ValidationError("--dial-rate must be more than 0 and at most \(Int(DialPlan.rateRange.upperBound)) calls per minute")
        }
        if fresh {
            for config in configs { try? FileManager.default.removeItem(atPath: config.dataDirectory) }
        }
        try ensureCertificates(configs)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let supervisor = Supervisor()
        // A demo on loopback: every node gets the demo logins, a known admin password (unless
        // the caller set one) and a gateway token for the demo's call traffic. Never use these
        // settings outside a demo.
        var environment = ProcessInfo.processInfo.environment
        environment["COURTYARD_DEMO_LOGINS"] = "1"
        if (environment["COURTYARD_ADMIN_PASSWORD"] ?? "").isEmpty {
            environment["COURTYARD_ADMIN_PASSWORD"] = AccountSetup.demoPassword
        }
        let traffic = DemoTraffic(rate: dialRate, sites: noDial ? [] : configs.filter(\.demo).map(\.site.rawValue))
        environment["COURTYARD_CTI_TOKENS"] = traffic.nodeTokens(adding: environment["COURTYARD_CTI_TOKENS"])
        let nodeEnvironment = environment
        let announcer = UpAnnouncer(sites: configs.map(\.site.rawValue)) { addresses in
            FileHandle.standardOutput.write(Data(Self.summary(addresses, traffic: traffic, environment: nodeEnvironment).utf8))
            traffic.start(supervisor: supervisor, executable: executable, addresses: addresses, environment: nodeEnvironment)
        }
        FileHandle.standardOutput.write(Data("courtyard up: \(configs.count) sites starting; Ctrl-C stops them\n".utf8))
        for (config, path) in zip(configs, try configFiles()) {
            let site = config.site.rawValue
            try supervisor.start(name: site, executable: executable, arguments: ["node", "--config", path],
                                 environment: nodeEnvironment) { line in announcer.saw(line, site: site) }
        }
        await supervisor.waitForAll()
        let failed = supervisor.failures()
        guard failed.isEmpty else {
            throw ValidationError("nodes exited with an error: \(failed.joined(separator: ", "))")
        }
    }

    /// What a newcomer needs once every node listens: the console of each, the demo logins,
    /// the traffic.
    static func summary(_ addresses: [(site: String, http: String)], traffic: DemoTraffic,
                        environment: [String: String]) -> String {
        let admin = environment["COURTYARD_ADMIN_PASSWORD"] ?? AccountSetup.demoPassword
        let width = addresses.map(\.site.count).max() ?? 0
        var text = "\ncourtyard up: the console of each site (open one in a browser):\n"
        for a in addresses {
            text += "  console  \(a.site.padding(toLength: width, withPad: " ", startingAt: 0))  http://\(a.http)/console/\n"
        }
        text += """
              demo logins on every site, password \(AccountSetup.demoPassword):
                cs-chen (坐席 agent) · tech-zhang (维修师傅 technician) · supervisor (现场主管 site supervisor)
                analyst (总部分析 HQ analyst) · admin (admin, password \(admin))
              \(traffic.description)

            """
        return text
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
