import CourtyardCRDT
import Foundation
import Logging
import TOMLKit

/// Everything a node is started with. Read from a TOML file (`--config`), then overridden by
/// command-line flags, then validated as a whole. Unknown keys are errors, not silently
/// ignored: a typo in a site's config must not start a node with defaults.
///
/// ```toml
/// [node]
/// site = "north-bay"          # stable site id (lowercase, digits, dashes)
/// site_code = "NB"            # prefix of human ticket numbers: NB-2026-000123
/// site_name = "北湾花园"
/// data = "data/north-bay"     # SQLite database and recordings
/// http = "127.0.0.1:8080"
/// demo = false                # seed demo data into an empty database
///
/// [log]
/// level = "info"
///
/// [cluster]                   # absent: a single-site node
/// name = "courtyard"          # nodes of other clusters are refused at the handshake
/// listen = "127.0.0.1:7946"   # the cluster transport (mutual TLS)
/// join = ["10.0.0.2:7946"]    # seed nodes
/// certs = "certs"             # ca.pem, <site>.pem, <site>-key.pem
///
/// [callcenter]                # CallCenterSettings: tokens, timings, strategy, IVR menu, notices
/// [recordings]                # retention_days = 180 (0 keeps recordings forever)
/// [audit]                     # retention_days = 365 (0 keeps the audit log forever)
/// [campaigns]                 # provider = "outbox" | "webhook" (CampaignProviderSetting)
/// ```
public struct NodeConfig: Sendable, Hashable {
    public var site: ReplicaID
    public var siteCode: String
    public var siteName: String
    public var dataDirectory: String
    public var http: HostPort
    public var demo: Bool
    public var logLevel: Logger.Level
    /// Nil for a node that runs alone.
    public var cluster: ClusterConfig?
    /// `[callcenter]`: gateway tokens, timings, routing, the site's IVR menu and notices.
    public var callCenter = CallCenterSettings()
    /// `[recordings] retention_days`; 0 keeps recordings forever.
    public var recordingRetentionDays = 0
    /// `[audit] retention_days`; 0 keeps the audit log forever.
    public var auditRetentionDays = 0
    /// `[campaigns]`: where outbound campaign messages go.
    public var campaignProvider = CampaignProviderSetting.outbox

    public init(site: ReplicaID, siteCode: String? = nil, siteName: String? = nil, dataDirectory: String? = nil,
                http: HostPort = HostPort(host: "127.0.0.1", port: 8080), demo: Bool = false,
                logLevel: Logger.Level = .info) {
        self.site = site
        self.siteCode = siteCode ?? NodeConfig.defaultSiteCode(for: site)
        self.siteName = siteName ?? site.rawValue
        self.dataDirectory = dataDirectory ?? "data/\(site.rawValue)"
        self.http = http
        self.demo = demo
        self.logLevel = logLevel
    }

    /// `north-bay` → `NB`, `hq` → `HQ`, `site3` → `SITE3`.
    public static func defaultSiteCode(for site: ReplicaID) -> String {
        let parts = site.rawValue.split(separator: "-")
        let code = parts.count > 1 ? parts.compactMap(\.first).map(String.init).joined() : site.rawValue
        return String(code.uppercased().prefix(6))
    }

    /// Site codes appear in ticket numbers: 1–6 uppercase ASCII letters or digits.
    public static func isValidSiteCode(_ s: String) -> Bool {
        (1...6).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    public func validate() throws(ConfigError) {
        guard NodeConfig.isValidSiteCode(siteCode) else {
            throw ConfigError("site_code '\(siteCode)' must be 1–6 uppercase letters or digits")
        }
        guard !siteName.isEmpty, siteName.count <= 64 else { throw ConfigError("site_name must be 1–64 characters") }
        guard !dataDirectory.isEmpty else { throw ConfigError("data directory must not be empty") }
    }
}

// MARK: - TOML

/// The config file as read: every field optional, so flags can fill or override it.
public struct NodeConfigFile: Sendable, Hashable {
    public var site: String?
    public var siteCode: String?
    public var siteName: String?
    public var data: String?
    public var http: String?
    public var demo: Bool?
    public var logLevel: String?
    public var clusterName: String?
    public var clusterListen: String?
    public var clusterJoin: [String]?
    public var clusterCerts: String?
    public var callCenter: CallCenterConfigFile?
    public var recordingRetentionDays: Int?
    public var auditRetentionDays: Int?
    public var campaignProvider: CampaignProviderSetting?

    public init() {}

    static let sizeBytesMax = 256 << 10

    public static func load(path: String) throws(ConfigError) -> NodeConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read config file '\(path)'")
        }
        guard data.count <= sizeBytesMax else { throw ConfigError("config file '\(path)' is larger than 256 KiB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("config file '\(path)' is not UTF-8")
        }
        do {
            return try parse(text)
        } catch {
            throw ConfigError("\(path): \(error.message)")
        }
    }

    public static func parse(_ text: String) throws(ConfigError) -> NodeConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError("TOML error at line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        } catch {
            throw ConfigError("TOML error: \(error)")
        }
        var file = NodeConfigFile()
        try Self.checkKeys(table, allowed: ["node", "log", "cluster", "callcenter", "recordings", "audit", "campaigns"],
                             section: nil)
        if let node = try section(table, "node") {
            try checkKeys(node, allowed: ["site", "site_code", "site_name", "data", "http", "demo"], section: "node")
            file.site = try string(node, "site", section: "node")
            file.siteCode = try string(node, "site_code", section: "node")
            file.siteName = try string(node, "site_name", section: "node")
            file.data = try string(node, "data", section: "node")
            file.http = try string(node, "http", section: "node")
            file.demo = try bool(node, "demo", section: "node")
        }
        if let log = try section(table, "log") {
            try checkKeys(log, allowed: ["level"], section: "log")
            file.logLevel = try string(log, "level", section: "log")
        }
        if let cluster = try section(table, "cluster") {
            try checkKeys(cluster, allowed: ["name", "listen", "join", "certs"], section: "cluster")
            file.clusterName = try string(cluster, "name", section: "cluster")
            file.clusterListen = try string(cluster, "listen", section: "cluster")
            file.clusterCerts = try string(cluster, "certs", section: "cluster")
            if let v = cluster["join"] {
                guard let array = v.array else { throw ConfigError("[cluster] join must be an array of \"HOST:PORT\" strings") }
                var seeds: [String] = []
                for item in array {
                    guard let seed = item.string else { throw ConfigError("[cluster] join must hold strings") }
                    seeds.append(seed)
                }
                file.clusterJoin = seeds
            }
        }
        try parseServices(table, into: &file)
        return file
    }

    /// The `[callcenter]`, `[recordings]`, `[audit]` and `[campaigns]` sections.
    private static func parseServices(_ table: TOMLTable, into file: inout NodeConfigFile) throws(ConfigError) {
        if let t = try section(table, "callcenter") { file.callCenter = try CallCenterConfigFile.parse(t) }
        if let t = try section(table, "recordings") { file.recordingRetentionDays = try RecordingsConfig.parse(t) }
        if let t = try section(table, "audit") { file.auditRetentionDays = try RecordingsConfig.parse(t, section: "audit") }
        if let t = try section(table, "campaigns") { file.campaignProvider = try CampaignProviderSetting.parse(t) }
    }

    static func checkKeys(_ t: TOMLTable, allowed: Set<String>, section: String?) throws(ConfigError) {
        for key in t.keys.sorted() where !allowed.contains(key) {
            let at = section.map { "[\($0)]" } ?? "top level"
            throw ConfigError("unknown key '\(key)' in \(at); allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private static func section(_ t: TOMLTable, _ key: String) throws(ConfigError) -> TOMLTable? {
        guard let v = t[key] else { return nil }
        guard let table = v.table else { throw ConfigError("'\(key)' must be a table ([\(key)])") }
        return table
    }

    static func string(_ t: TOMLTable, _ key: String, section: String) throws(ConfigError) -> String? {
        guard let v = t[key] else { return nil }
        guard let s = v.string else { throw ConfigError("[\(section)] \(key) must be a string") }
        return s
    }

    private static func bool(_ t: TOMLTable, _ key: String, section: String) throws(ConfigError) -> Bool? {
        guard let v = t[key] else { return nil }
        guard let b = v.bool else { throw ConfigError("[\(section)] \(key) must be true or false") }
        return b
    }

    static func int(_ t: TOMLTable, _ key: String, section: String) throws(ConfigError) -> Int? {
        guard let v = t[key] else { return nil }
        guard let i = v.int else { throw ConfigError("[\(section)] \(key) must be an integer") }
        return i
    }
}

extension NodeConfig {
    /// Resolves the effective configuration: the file's values, overridden by any flag given.
    public static func resolve(file: NodeConfigFile, overrides: NodeConfigFile) throws(ConfigError) -> NodeConfig {
        guard let siteText = overrides.site ?? file.site else {
            throw ConfigError("no site id: pass --site ID or set [node] site in the config file")
        }
        guard let site = ReplicaID(validating: siteText) else {
            throw ConfigError("site id '\(siteText)' must be 1–32 lowercase letters, digits or dashes, not starting with a dash")
        }
        var config = NodeConfig(site: site, siteCode: overrides.siteCode ?? file.siteCode,
                                siteName: overrides.siteName ?? file.siteName,
                                dataDirectory: overrides.data ?? file.data)
        if let http = overrides.http ?? file.http { config.http = try HostPort(parsing: http) }
        config.demo = overrides.demo ?? file.demo ?? false
        if let level = overrides.logLevel ?? file.logLevel {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigError("log level '\(level)' must be one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = parsed
        }
        config.cluster = try ClusterConfig.resolve(file: file, overrides: overrides, site: site)
        if let cc = file.callCenter {
            config.callCenter = cc.settings
            config.callCenter.menu = try cc.resolveMenu(site: site)
        }
        config.recordingRetentionDays = file.recordingRetentionDays ?? 0
        config.auditRetentionDays = file.auditRetentionDays ?? 0
        config.campaignProvider = file.campaignProvider ?? .outbox
        try config.validate()
        return config
    }
}

/// How a node joins the cluster of sites.
public struct ClusterConfig: Sendable, Hashable {
    public var name: String
    public var listen: HostPort
    public var join: [HostPort]
    public var certificatesDirectory: String

    public static let nameDefault = "courtyard"
    public static let seedsMax = 16

    static func resolve(file: NodeConfigFile, overrides: NodeConfigFile, site: ReplicaID) throws(ConfigError) -> ClusterConfig? {
        guard let listenText = overrides.clusterListen ?? file.clusterListen else {
            if overrides.clusterJoin != nil || file.clusterJoin != nil {
                throw ConfigError("--join needs --cluster HOST:PORT (this node's cluster address)")
            }
            return nil
        }
        let name = overrides.clusterName ?? file.clusterName ?? nameDefault
        guard !name.isEmpty, name.utf8.count <= 64,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ConfigError("cluster name '\(name)' must be 1–64 ASCII letters, digits, '-' or '_'")
        }
        var join: [HostPort] = []
        for seed in overrides.clusterJoin ?? file.clusterJoin ?? [] {
            join.append(try HostPort(parsing: seed))
        }
        guard join.count <= seedsMax else { throw ConfigError("at most \(seedsMax) seed nodes") }
        guard let certs = overrides.clusterCerts ?? file.clusterCerts else {
            throw ConfigError("a clustered node needs --certs DIR (run `courtyard certs init` and `courtyard certs issue --site \(site)`)")
        }
        return ClusterConfig(name: name, listen: try HostPort(parsing: listenText), join: join,
                             certificatesDirectory: certs)
    }
}
