import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import CourtyardRuntime
import Hummingbird

// MARK: - /api/v1/cluster and /api/v1/admin/faults

/// Membership as this node sees it, and the transport's fault-injection switch (for chaos
/// tests and drills: partition this node from a site, one way or both, with a drop rate).
struct ClusterRoutes {
    let handle: ClusterHandle

    /// The current cluster life, or 503 while the node is between lives.
    var cluster: ClusterNode {
        get throws {
            guard let node = handle.current else {
                throw APIError(.serviceUnavailable, code: "cluster_restarting",
                               "the cluster side of this node is (re)starting; try again shortly")
            }
            return node
        }
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("cluster/members", use: members)
        group.get("cluster/members/:site/ping", use: ping)
        group.get("admin/faults", use: faults)
        group.put("admin/faults", use: setFaults)
        group.delete("admin/faults", use: clearFaults)
    }

    @Sendable func members(_ request: Request, context: AppRequestContext) async throws -> MembersJSON {
        let cluster = try cluster
        let list = await cluster.members()
        return MembersJSON(self: MemberJSON(cluster.myself, status: "alive"),
                           members: list.map { MemberJSON($0.node, status: MemberJSON.name($0.status)) })
    }

    /// A typed remote call (`distributed func ping()` on the site's `SiteNodeActor`) over
    /// the cluster transport: proves the path end to end and measures its round trip.
    @Sendable func ping(_ request: Request, context: AppRequestContext) async throws -> PingJSON {
        let cluster = try cluster
        let raw = context.parameters.get("site") ?? ""
        guard let site = ReplicaID(validating: raw) else {
            throw APIError.badRequest("'\(raw.prefix(40))' is not a site id", field: "site")
        }
        let live = await cluster.members().filter { member in
            if case .alive = member.status { return member.site == site }
            return false
        }
        guard let target = live.last else { throw APIError.notFound("alive member", "site \(site)") }
        let peer = PeerIdentity(site: target.site, endpoint: target.endpoint, incarnation: target.node.incarnation)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let actor = try SiteNodeActor.resolve(node: peer, using: cluster.actorSystem)
            let pong = try await actor.ping()
            let rtt = start.duration(to: clock.now)
            return PingJSON(site: pong.site.rawValue, incarnation: String(pong.incarnation),
                            wallTimeMs: pong.wallTimeMs,
                            roundTripMs: Double(rtt.components.seconds) * 1000 + Double(rtt.components.attoseconds) / 1e15)
        } catch let error as RemoteCallError {
            let status: HTTPResponse.Status = error.kind == .timeout ? .gatewayTimeout : .serviceUnavailable
            throw APIError(status, code: "remote_call_failed", "ping \(site): \(error)")
        }
    }

    @Sendable func faults(_ request: Request, context: AppRequestContext) async throws -> FaultsJSON {
        guard let switchboard = try cluster.faults else { throw APIError.notFound("fault switch", "this node") }
        return FaultsJSON(switchboard)
    }

    @Sendable func setFaults(_ request: Request, context: AppRequestContext) async throws -> FaultsJSON {
        guard let switchboard = try cluster.faults else { throw APIError.notFound("fault switch", "this node") }
        let body = try await request.decodeJSON(FaultsRequest.self)
        var rules: [FaultRule] = []
        for (i, r) in body.rules.enumerated() {
            let target: FaultRule.Target
            if let site = r.site {
                guard let id = ReplicaID(validating: site) else {
                    throw APIError.badRequest("rules[\(i)].site '\(site)' is not a site id", field: "rules[\(i)].site")
                }
                target = .site(id)
            } else if let endpoint = r.endpoint, let parsed = Endpoint(parsing: endpoint) {
                target = .endpoint(parsed)
            } else {
                throw APIError.badRequest("rules[\(i)] needs a 'site' or a valid 'endpoint' HOST:PORT", field: "rules[\(i)]")
            }
            let direction = FaultRule.Direction(rawValue: r.direction ?? "both")
            guard let direction else {
                throw APIError.badRequest("rules[\(i)].direction must be inbound, outbound or both", field: "rules[\(i)].direction")
            }
            let drop = r.dropPermille ?? 1_000
            guard (0...1_000).contains(drop) else {
                throw APIError.badRequest("rules[\(i)].dropPermille must be 0–1000", field: "rules[\(i)].dropPermille")
            }
            rules.append(FaultRule(target, direction: direction, dropPermille: drop))
        }
        do {
            try switchboard.setRules(rules)
        } catch {
            throw APIError.badRequest("\(error)", field: "rules")
        }
        context.logger.warning("fault rules set", metadata: ["rules": "\(rules)", "by": "\(context.actor)"])
        return FaultsJSON(switchboard)
    }

    @Sendable func clearFaults(_ request: Request, context: AppRequestContext) async throws -> FaultsJSON {
        guard let switchboard = try cluster.faults else { throw APIError.notFound("fault switch", "this node") }
        switchboard.clear()
        return FaultsJSON(switchboard)
    }
}

struct MemberJSON: ResponseEncodable {
    var site: String
    var endpoint: String
    var incarnation: String
    var status: String

    init(_ node: NodeID, status: String) {
        site = node.site.rawValue
        endpoint = "\(node.endpoint)"
        incarnation = String(node.incarnation)
        self.status = status
    }

    static func name(_ status: MemberStatus) -> String {
        switch status {
        case .alive: "alive"
        case .suspect: "suspect"
        case .unreachable: "unreachable"
        case .down: "down"
        case .left: "left"
        }
    }
}

struct MembersJSON: ResponseEncodable {
    var `self`: MemberJSON
    var members: [MemberJSON]
}

struct PingJSON: ResponseEncodable {
    var site: String
    var incarnation: String
    var wallTimeMs: Int64
    var roundTripMs: Double
}

struct FaultRuleJSON: Codable {
    var site: String?
    var endpoint: String?
    var direction: String?
    var dropPermille: Int?
}

struct FaultsRequest: Decodable {
    var rules: [FaultRuleJSON]
}

struct FaultsJSON: ResponseEncodable {
    var rules: [FaultRuleJSON]
    var outboundDropped: Int
    var inboundDropped: Int

    init(_ s: FaultSwitch) {
        rules = s.rules.map { rule in
            switch rule.target {
            case .site(let site):
                FaultRuleJSON(site: site.rawValue, endpoint: nil, direction: rule.direction.rawValue,
                              dropPermille: rule.dropPermille)
            case .endpoint(let e):
                FaultRuleJSON(site: nil, endpoint: "\(e)", direction: rule.direction.rawValue,
                              dropPermille: rule.dropPermille)
            }
        }
        let counts = s.counts
        outboundDropped = counts.outboundDropped
        inboundDropped = counts.inboundDropped
    }
}

// MARK: - Write consistency

/// `?consistency=local|quorum|all|sites:N` on a write: after the local commit, wait until the
/// write is durable on that many sites (or fail with 503/504 — the write stays committed
/// locally and replicates later; the answer says so).
struct WriteConsistency {
    static let timeoutMsDefault: Int64 = 10_000

    static func parse(_ request: Request) throws -> ConsistencyLevel? {
        guard let raw = request.uri.queryParameters.get("consistency") else { return nil }
        switch raw {
        case "local": return .local
        case "quorum": return .quorum
        case "all": return .all
        default:
            if raw.hasPrefix("sites:"), let n = Int(raw.dropFirst(6)), (1...64).contains(n) { return .sites(n) }
            throw APIError.badRequest("query 'consistency' must be local, quorum, all or sites:N (1–64)", field: "consistency")
        }
    }

    static func await(_ handle: ClusterHandle?, level: ConsistencyLevel?, ticket: TicketID? = nil,
                      events: [EventID] = []) async throws {
        guard let level, level != .local else { return }
        guard let handle else {
            if case .sites(1) = level { return }
            throw APIError(.serviceUnavailable, code: "not_clustered",
                           "this node runs alone: only consistency=local is possible; the write is committed locally")
        }
        guard let cluster = handle.current else {
            throw APIError(.serviceUnavailable, code: "cluster_restarting",
                           "the cluster side of this node is restarting; the write is committed locally and will replicate")
        }
        do {
            if let ticket {
                try await cluster.awaitReplication(ofTicket: ticket, consistency: level, timeoutMs: timeoutMsDefault)
            } else {
                try await cluster.awaitReplication(of: events, consistency: level, timeoutMs: timeoutMsDefault)
            }
        } catch {
            let status: HTTPResponse.Status = error.kind == .timedOut ? .gatewayTimeout
                : (error.kind == .invalidRequest || error.kind == .unknownEvents ? .badRequest : .serviceUnavailable)
            throw APIError(status, code: "consistency_\(error.kind.rawValue)",
                           "committed locally but not confirmed at consistency \(level): \(error)")
        }
    }
}
