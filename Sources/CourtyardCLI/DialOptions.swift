import CourtyardCallCenter
import Foundation

// MARK: - Checked settings of `courtyard dial`

/// A node `courtyard dial` talks to: its CTI WebSocket and its HTTP API (residents, agents).
public struct DialNode: Hashable, Sendable, CustomStringConvertible {
    public var address: HostPort
    public var secure: Bool

    /// `ws://HOST:PORT/cti/v1` (or `wss://`).
    public var ctiURL: String { "\(secure ? "wss" : "ws")://\(address)/cti/v1" }
    /// `http://HOST:PORT` (or `https://`).
    public var httpBase: String { "\(secure ? "https" : "http")://\(address)" }
    public var description: String { address.description }

    /// Parses `HOST:PORT`, `http://HOST:PORT`, `ws://HOST:PORT[/cti/v1]` (and the secure
    /// schemes). Any other path, a query, or a missing port is refused.
    public init(parsing text: String) throws(DialUsageError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var secure = false
        if let range = rest.range(of: "://") {
            let scheme = rest[..<range.lowerBound].lowercased()
            guard ["http", "https", "ws", "wss"].contains(scheme) else {
                throw DialUsageError("--nodes: '\(text)' has scheme '\(scheme)'; use ws://, wss://, http:// or https://")
            }
            secure = scheme == "https" || scheme == "wss"
            rest = rest[range.upperBound...]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[slash...]
            guard path == "/" || path == "/cti/v1" else {
                throw DialUsageError("--nodes: '\(text)' has path '\(path.prefix(60))'; give the node's address (the CTI path is /cti/v1)")
            }
            authority = rest[..<slash]
        }
        do {
            address = try HostPort(parsing: String(authority))
        } catch {
            throw DialUsageError("--nodes: '\(text)' is not a node URL: \(error.message)")
        }
        guard address.port > 0 else { throw DialUsageError("--nodes: '\(text)' needs a port 1–65535") }
        self.secure = secure
    }
}

/// A command-line mistake, said plainly.
public struct DialUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Everything `courtyard dial` was asked to do, checked.
public struct DialPlan: Sendable {
    public static let nodesMax = 16
    public static let rateRange = 0.01...6_000.0
    public static let durationRange = 1...86_400
    public static let speedRange = 1.0...1_000.0
    public static let agentsPerNodeRange = 0...200

    public var nodes: [DialNode]
    public var settings: DialSettings
    public var autoAgents: Bool
    /// Simulated agents to log in at each node, in `nodes` order.
    public var agentsPerNode: [Int]
    public var fetchResidents: Bool
    public var json: Bool
    public var statusEveryMs: Int64
    /// After the arrivals stop, how long calls in progress may finish.
    public var drainMs: Int64
    /// With no node welcoming the gateway within this time, the run fails.
    public var connectTimeoutMs: Int64
}

/// The raw options, as parsed (kept apart from ArgumentParser so tests can check them).
public struct DialArguments: Sendable {
    public var nodes = ""
    public var rate = 0.0
    public var duration = 0
    public var seed: UInt64 = 1
    public var json = false
    public var token: String?
    public var agents = "auto"
    public var agentsPerNode = 4
    /// Per-node counts (`--agents-per-node 0,4`), in `--nodes` order; empty = `agentsPerNode` at every node.
    public var agentsPerNodeList: [Int] = []
    public var gatewayId = "dial"
    public var dialled = "4008101234"
    public var curve = "flat"
    public var dayStartHour: Int?
    public var daySpeed = 1.0
    public var surges: [String] = []
    public var speed = 1.0
    public var unknownShare = 0.15
    public var returnShare = 0.2
    /// Weight of pressing 0 (人工服务) against any other offered key (1).
    public var agentKeyWeight = DialBehaviour().agentKeyWeight
    public var residents = "auto"
    public var statusEvery = 5
    public var drain = 60
    public var connectTimeout = 10

    public init() {}

    /// Checks every option; the first problem is thrown with the option's name.
    /// `environmentToken` is `COURTYARD_CTI_TOKEN`; `localHour` the hour the curve starts at
    /// when `--day-start` is not given.
    public func plan(environmentToken: String?, localHour: Int) throws(DialUsageError) -> DialPlan {
        let parts = nodes.split(separator: ",").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !parts.isEmpty else { throw DialUsageError("--nodes: give at least one node URL, e.g. ws://127.0.0.1:8080") }
        guard parts.count <= DialPlan.nodesMax else { throw DialUsageError("--nodes: at most \(DialPlan.nodesMax) nodes") }
        var list: [DialNode] = []
        for p in parts { list.append(try DialNode(parsing: p)) }
        guard rate.isFinite, DialPlan.rateRange.contains(rate) else {
            throw DialUsageError("--rate must be more than 0 and at most \(Int(DialPlan.rateRange.upperBound)) calls per minute (got \(rate))")
        }
        guard DialPlan.durationRange.contains(duration) else {
            throw DialUsageError("--duration must be 1–\(DialPlan.durationRange.upperBound) seconds (got \(duration))")
        }
        guard speed.isFinite, DialPlan.speedRange.contains(speed) else { throw DialUsageError("--speed must be 1–1000 (got \(speed))") }
        guard daySpeed.isFinite, (0...100_000).contains(daySpeed) else { throw DialUsageError("--day-speed must be 0–100000") }
        guard let token = (token ?? environmentToken).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw DialUsageError("give the gateway token with --token or the environment variable COURTYARD_CTI_TOKEN")
        }
        guard token.utf8.count <= CTIProtocol.fieldBytesMax else { throw DialUsageError("--token is longer than \(CTIProtocol.fieldBytesMax) bytes") }
        guard gatewayId.utf8.count <= 40, CallCenterTokens.isValid(gatewayId) else {
            throw DialUsageError("--gateway-id must be 1–40 characters of A–Z a–z 0–9 . _ : - starting with a letter or digit")
        }
        guard !dialled.isEmpty, dialled.utf8.count <= CTIProtocol.numberBytesMax else { throw DialUsageError("--dialled must be 1–64 bytes") }
        guard ["auto", "none"].contains(agents) else { throw DialUsageError("--agents must be auto or none (got '\(agents)')") }
        guard ["auto", "none"].contains(residents) else { throw DialUsageError("--residents must be auto or none (got '\(residents)')") }
        guard DialPlan.agentsPerNodeRange.contains(agentsPerNode),
              agentsPerNodeList.allSatisfy(DialPlan.agentsPerNodeRange.contains) else {
            throw DialUsageError("--agents-per-node must be 0–200 (one number, or one per node)")
        }
        guard agentsPerNodeList.isEmpty || agentsPerNodeList.count == list.count else {
            throw DialUsageError("--agents-per-node: give one count, or one per node (\(list.count) nodes, \(agentsPerNodeList.count) counts)")
        }
        let perNode = agentsPerNodeList.isEmpty ? Array(repeating: agentsPerNode, count: list.count) : agentsPerNodeList
        for (name, v) in [("--unknown-share", unknownShare), ("--return-share", returnShare)] where !(v.isFinite && (0...1).contains(v)) {
            throw DialUsageError("\(name) must be between 0 and 1 (got \(v))")
        }
        guard agentKeyWeight.isFinite, (0...1_000).contains(agentKeyWeight) else {
            throw DialUsageError("--agent-key-weight must be 0–1000 (got \(agentKeyWeight))")
        }
        guard (1...3_600).contains(statusEvery) else { throw DialUsageError("--status-every must be 1–3600 seconds") }
        guard (0...3_600).contains(drain) else { throw DialUsageError("--drain must be 0–3600 seconds") }
        guard (1...600).contains(connectTimeout) else { throw DialUsageError("--connect-timeout must be 1–600 seconds") }
        let arrivals = DialArrivalProcess(ratePerMinute: rate, curve: try curveValue(), surges: try surgeValues(),
                                          dayOffsetMs: Int64(try startHour(localHour)) * 3_600_000, curveSpeed: daySpeed)
        var behaviour = DialBehaviour()
        behaviour.agentKeyWeight = agentKeyWeight
        let settings = DialSettings(gatewayId: gatewayId, token: token, dialled: dialled, seed: seed,
                                    durationMs: Int64(duration) * 1_000, arrivals: arrivals,
                                    population: .init(unknownShare: unknownShare, returnShare: returnShare),
                                    behaviour: behaviour.scaled(by: speed), slots: list.count,
                                    silenceMs: Int64(30_000 / speed))
        return DialPlan(nodes: list, settings: settings, autoAgents: agents == "auto", agentsPerNode: perNode,
                        fetchResidents: residents == "auto", json: json, statusEveryMs: Int64(statusEvery) * 1_000,
                        drainMs: Int64(drain) * 1_000, connectTimeoutMs: Int64(connectTimeout) * 1_000)
    }

    private func curveValue() throws(DialUsageError) -> DialArrivalCurve {
        switch curve {
        case "flat": return .flat
        case "residential", "daily": return .residential
        default: throw DialUsageError("--curve must be flat or residential (got '\(curve)')")
        }
    }

    private func startHour(_ localHour: Int) throws(DialUsageError) -> Int {
        guard let h = dayStartHour else { return min(max(localHour, 0), 23) }
        guard (0...23).contains(h) else { throw DialUsageError("--day-start must be an hour 0–23") }
        return h
    }

    /// `START:LENGTH:FACTOR`, seconds from the start of the run: `--surge 60:120:5`.
    private func surgeValues() throws(DialUsageError) -> [DialSurge] {
        guard surges.count <= 32 else { throw DialUsageError("--surge: at most 32") }
        return try surges.map { text throws(DialUsageError) in
            let f = text.split(separator: ":", omittingEmptySubsequences: false)
            guard f.count == 3, let start = Int64(f[0]), let length = Int64(f[1]), let factor = Double(f[2]),
                  (0...86_400).contains(start), (1...86_400).contains(length),
                  factor.isFinite, factor >= 0, factor <= DialSurge.factorMax else {
                throw DialUsageError("--surge '\(text)': use START:LENGTH:FACTOR in seconds, factor 0–\(Int(DialSurge.factorMax)), e.g. 60:120:5")
            }
            return DialSurge(startMs: start * 1_000, durationMs: length * 1_000, factor: factor)
        }
    }
}
