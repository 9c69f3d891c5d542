import CourtyardCallCenter
import Foundation

// MARK: - courtyard up: knowing when the nodes listen

/// Collects the HTTP address each node prints once it listens (`COURTYARD_LISTENING
/// http=HOST:PORT`, so port 0 works too) and calls `ready` once, when every site has one.
final class UpAnnouncer: @unchecked Sendable {
    // @unchecked: `addresses` and `fired` are guarded by `lock`.
    private let lock = NSLock()
    private let sites: [String]
    private var addresses: [String: String] = [:]
    private var fired = false
    private let ready: @Sendable ([(site: String, http: String)]) -> Void

    init(sites: [String], ready: @escaping @Sendable ([(site: String, http: String)]) -> Void) {
        self.sites = sites
        self.ready = ready
    }

    func saw(_ line: String, site: String) {
        guard let range = line.range(of: "COURTYARD_LISTENING http=") else { return }
        let address = String(line[range.upperBound...].prefix(while: { !$0.isWhitespace }))
        let all: [(site: String, http: String)]? = lock.withLock {
            addresses[site] = address
            guard !fired, sites.allSatisfy({ addresses[$0] != nil }) else { return nil }
            fired = true
            return sites.map { ($0, addresses[$0]!) }
        }
        if let all { ready(all) }
    }
}

// MARK: - courtyard up: the demo's call traffic

/// `courtyard dial` against the demo sites at a modest rate, as a non-essential child of
/// `courtyard up`: a random gateway token for this run is given to the nodes
/// (`COURTYARD_CTI_TOKENS`) and to dial (`COURTYARD_CTI_TOKEN`); dial signs in as each
/// site's demo supervisor to read residents' numbers and log its simulated agents in.
struct DemoTraffic: Sendable, CustomStringConvertible {
    static let gatewayID = "demo-dial"
    static let agentsPerNode = 2
    static let durationSeconds = 86_400

    let rate: Double
    /// The sites that receive calls (those seeded with demo residents); empty = no traffic.
    let sites: [String]
    let token: String

    init(rate: Double, sites: [String]) {
        self.rate = rate
        self.sites = sites
        var generator = SystemRandomNumberGenerator()
        token = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// The nodes' gateway tokens: this run's, plus any the caller set.
    func nodeTokens(adding existing: String?) -> String {
        let mine = "\(Self.gatewayID)=\(token)"
        guard let existing, !existing.isEmpty else { return mine }
        return mine + "," + existing
    }

    var description: String {
        guard !sites.isEmpty else { return "call traffic: off (--no-dial)" }
        return "call traffic: courtyard dial, \(rate) calls/min to \(sites.joined(separator: ", ")), "
            + "\(Self.agentsPerNode) simulated agents each (--dial-rate N, --no-dial)"
    }

    func arguments(addresses: [(site: String, http: String)]) -> [String] {
        let nodes = addresses.filter { sites.contains($0.site) }.map { "http://\($0.http)" }
        return ["dial", "--nodes", nodes.joined(separator: ","), "--rate", "\(rate)",
                "--duration", "\(Self.durationSeconds)", "--gateway-id", Self.gatewayID,
                "--agents-per-node", "\(Self.agentsPerNode)", "--status-every", "60", "--drain", "5"]
    }

    func start(supervisor: Supervisor, executable: URL, addresses: [(site: String, http: String)],
               environment: [String: String]) {
        guard !sites.isEmpty else { return }
        var env = environment
        env["COURTYARD_CTI_TOKEN"] = token
        env["COURTYARD_DIAL_LOGIN"] = "supervisor:\(AccountSetup.demoPassword)"
        do {
            try supervisor.start(name: "dial", executable: executable, arguments: arguments(addresses: addresses),
                                 environment: env, essential: false)
        } catch {
            FileHandle.standardError.write(Data("courtyard up: could not start courtyard dial: \(error)\n".utf8))
        }
    }
}
