import CourtyardHTTP
import CourtyardCallCenter
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// MARK: - Simulated agents (`--agents auto`)

/// The agents `courtyard dial` logs in so its calls have someone to ring. The gateway itself
/// simulates their phones (it answers `bridge` after a delay); this protocol covers their
/// consoles: logging in at a node, becoming available again after wrap-up, logging out.
public protocol DialAgentPool: Sendable {
    /// Logs `count` agents in at each node; returns where each one is (for overflow counts)
    /// and messages worth printing.
    /// Logs `counts[i]` agents in at node `i` (a missing count is 0).
    func logIn(nodes: [DialNode], sites: [SiteID?], counts: [Int]) async -> (homes: [AgentID: SiteID], notes: [String])
    /// The agent finished after-call work.
    func ready(_ agent: AgentID) async
    func logOutAll() async
}

/// No simulated agents: the node's own agents (or a test's fake node) answer.
public struct NoDialAgents: DialAgentPool {
    public init() {}
    public func logIn(nodes: [DialNode], sites: [SiteID?], counts: [Int]) async -> (homes: [AgentID: SiteID], notes: [String]) { ([:], []) }
    public func ready(_ agent: AgentID) async {}
    public func logOutAll() async {}
}

/// Agents driven through the node's agent HTTP API (the console's routes, as the node's
/// agent API was being written; see docs/cti.md, "courtyard dial"):
///
///     POST /api/v1/agents/{agent}/login        {"wrapUpMs": …, "endpoint": "sip:…"}
///     POST /api/v1/agents/{agent}/state        {"state": "available"}
///     POST /api/v1/agents/{agent}/wrapup-done  (after the drawn wrap-up time)
///     POST /api/v1/agents/{agent}/logout
///
/// The login's `wrapUpMs` is the longest wrap-up dial draws, so dial's own draw decides
/// (`wrapup-done`); a 409 for an agent the node already made available is harmless. A node
/// without the routes answers 404: dial says so once and carries on without agents.
public actor HTTPDialAgents: DialAgentPool {
    private var bases: [AgentID: String] = [:]
    private let prefix: String
    private let wrapUpMaxMs: Int64

    public init(prefix: String, wrapUpMaxMs: Int64) {
        self.prefix = prefix
        self.wrapUpMaxMs = min(max(wrapUpMaxMs, 0), AgentProfile.wrapUpMsMax)
    }

    public func logIn(nodes: [DialNode], sites: [SiteID?], counts: [Int]) async -> (homes: [AgentID: SiteID], notes: [String]) {
        var homes: [AgentID: SiteID] = [:]
        var notes: [String] = []
        for (i, node) in nodes.enumerated() {
            let count = counts.indices.contains(i) ? counts[i] : 0
            guard count > 0, let site = sites.indices.contains(i) ? sites[i] : nil else { continue }
            var loggedIn = 0
            for k in 1...count {
                let agent = AgentID("\(prefix)-n\(i + 1)-a\(k)")
                let login = await post(node.httpBase, "/api/v1/agents/\(agent)/login",
                                       ["wrapUpMs": wrapUpMaxMs, "endpoint": "sip:\(agent)@courtyard-dial"])
                guard login == 200 || login == 201 || login == 204 else {
                    notes.append(login == 404 || login == 405
                        ? "\(node): no agent API (HTTP \(login) on POST /api/v1/agents/…/login); calls are answered only by agents logged in at the node"
                        : "\(node): agent login failed (HTTP \(login)); continuing without simulated agents there")
                    break
                }
                _ = await post(node.httpBase, "/api/v1/agents/\(agent)/state", ["state": "available"])
                bases[agent] = node.httpBase
                homes[agent] = site
                loggedIn += 1
            }
            if loggedIn > 0 { notes.append("\(node): \(loggedIn) simulated agents logged in at \(site)") }
        }
        return (homes, notes)
    }

    public func ready(_ agent: AgentID) async {
        guard let base = bases[agent] else { return }
        _ = await post(base, "/api/v1/agents/\(agent)/wrapup-done", [:])
    }

    public func logOutAll() async {
        for agent in bases.keys.sorted() {
            if let base = bases[agent] { _ = await post(base, "/api/v1/agents/\(agent)/logout", [:]) }
        }
        bases = [:]
    }

    /// POSTs a JSON object; the status, or 0 when the node could not be reached.
    private func post(_ base: String, _ path: String, _ body: [String: any Sendable]) async -> Int {
        guard let url = URL(string: base + path) else { return 0 }
        var req = URLRequest(url: url)
        req.httpMethod = "POST"
        req.timeoutInterval = 5
        req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        req.httpBody = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        guard let (_, response) = try? await URLSession.shared.uncancelledData(for: req) else { return 0 }
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
