import CourtyardCallCenter
import CourtyardCRDT

// MARK: - No agent on two calls, no call on two agents

extension Simulator {
    /// Checked after every ACD step that can touch a ledger, across the whole cluster:
    /// - each live site's reservation ledger is sound (`AgentReservations.violations()`);
    /// - each live site's queue order holds exactly its waiting calls, sorted (`acd-order`);
    /// - an agent is connected (answered, per the ledgers of every live site) to at most one
    ///   call, and a call to at most one agent;
    /// - a call is bridged (media, set up by its owner's `connect`) to at most one agent,
    ///   which `connected(_:agent:agentSite:at:)` checks as bridges are made.
    mutating func checkCallCenter() {
        var agentCalls: [AgentID: [String]] = [:]
        var callAgents: [CallID: [String]] = [:]
        for i in nodes.indices where nodes[i].up {
            let ledger = cc.centers[i].acd.reservations
            for v in cc.centers[i].acd.calls.orderViolations() { reportCallCenter("acd-order", "\(siteIDs[i]): \(v)") }
            for v in ledger.violations() {
                reportCallCenter(v.hasPrefix("agent ") ? "one-call-per-agent" : "one-agent-per-call", "\(siteIDs[i]): \(v)")
            }
            for r in ledger.reservations where r.connected {
                agentCalls[r.agent, default: []].append("\(r.call)@\(siteIDs[i])")
                callAgents[r.call, default: []].append("\(r.agent)@\(siteIDs[i])")
            }
        }
        for agent in agentCalls.keys.sorted() {
            guard let calls = agentCalls[agent], Set(calls.map { $0.prefix { $0 != "@" } }).count > 1 else { continue }
            reportCallCenter("one-call-per-agent", "agent \(agent) is connected to \(calls.count) calls: \(calls.sorted())")
        }
        for call in callAgents.keys.sorted() {
            guard let agents = callAgents[call], Set(agents.map { $0.prefix { $0 != "@" } }).count > 1 else { continue }
            reportCallCenter("one-agent-per-call", "call \(call) is connected to \(agents.count) agents: \(agents.sorted())")
        }
    }

    /// Reports a call-center violation once (the same broken state is seen on every step
    /// until it clears), at most `CallCenterWorld.violationsMax` in a run.
    mutating func reportCallCenter(_ checker: String, _ message: String) {
        guard cc.reported.count < CallCenterWorld.violationsMax, cc.reported.insert(message).inserted else { return }
        violate(checker, message)
    }
}
