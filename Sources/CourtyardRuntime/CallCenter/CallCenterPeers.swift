import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - How a call center reaches the others

/// The remote side of cross-site routing (DESIGN §2): reserving an agent is a call on the
/// agent's owner, so the owner's reservation ledger is the one gate and no agent takes two
/// calls. `ClusterCallCenterPeers` implements it with `CallCenterNodeActor`s.
public protocol CallCenterPeers: Sendable {
    /// Asks `agent`'s owner at `site` to ring the agent for our call: `granted` or `refused`.
    func reserve(call: CallID, agent: AgentID, from: SiteID, caller: PhoneNumber?, at site: SiteID) async throws -> RemoteOutcome
    /// Agent-owner side: tells the call's owner what became of its reservation.
    func reply(call: CallID, agent: AgentID, outcome: RemoteOutcome, endpoint: String?, to site: SiteID) async throws
    /// Call-owner side: the agent who picked up gets the call (or not).
    func confirm(call: CallID, agent: AgentID, connected: Bool, at site: SiteID) async throws
    /// Call-owner side: the reservation is no longer wanted, or the connected call ended.
    func cancel(call: CallID, agent: AgentID, at site: SiteID) async throws
    /// Call-owner side: the agent we rang through our gateway picked up the phone; the
    /// agent's owner treats it as the agent answering (and replies `answered` or `released`).
    func phoneAnswered(call: CallID, agent: AgentID, at site: SiteID) async throws
    /// Agent-owner side: the agent hung up at the console; the call's owner ends the call.
    func hangUp(call: CallID, agent: AgentID, at site: SiteID) async throws
    /// Sends presence records to every reachable peer (best effort; leases cover losses).
    func pushPresence(_ records: [PresenceRecord]) async
}

// MARK: - Remote side of the call center

extension CallCenter {
    /// Another site asks to reserve our agent. The ACD's reservation ledger decides; the
    /// immediate answer (`granted`/`refused`) is returned rather than sent back separately.
    public func remoteReserve(call: CallID, agent: AgentID, from: SiteID, caller: PhoneNumber?) -> RemoteOutcome {
        let directives: [ACDDirective]
        do {
            directives = try acd.handle(.remoteReserveRequested(call, agent: agent, from: from, caller: caller, nowMs: nowMs))
        } catch {
            return .refused(error.description)
        }
        var outcome: RemoteOutcome = .refused("agent \(agent) could not be reserved at \(site)")
        var rest: [ACDDirective] = []
        for d in directives {
            if case .replyRemote(call, agent, from, let o) = d, o == .granted || o.isRefusal {
                outcome = o
            } else {
                rest.append(d)
            }
        }
        schedule(rest)
        return outcome
    }

    /// The owner of an agent we reserved reports the outcome (answered, released, …).
    public func remoteReply(call: CallID, agent: AgentID, outcome: RemoteOutcome, endpoint: String?) {
        if let endpoint, !endpoint.isEmpty, endpoint.utf8.count <= CTIProtocol.fieldBytesMax {
            if remoteEndpoints.count >= configuration.acd.agentsMax, remoteEndpoints[agent] == nil,
               let any = remoteEndpoints.keys.min() { remoteEndpoints[any] = nil }
            remoteEndpoints[agent] = endpoint
        }
        apply(.remoteReservationResult(call, agent: agent, outcome: outcome, nowMs: nowMs))
    }

    /// The call's owner confirms (or refuses) the bridge to our agent who picked up.
    public func remoteConfirm(call: CallID, agent: AgentID, connected: Bool) {
        apply(.remoteConnectConfirmed(call, agent: agent, connected: connected, nowMs: nowMs))
    }

    /// The call's owner says our agent picked up the phone it rang for us.
    public func remotePhoneAnswered(call: CallID, agent: AgentID) {
        apply(.offerAnswered(call, agent: agent, nowMs: nowMs))
    }

    /// The call's owner withdrew its reservation, or the connected call ended.
    public func remoteCancel(call: CallID, agent: AgentID) {
        apply(.remoteReservationCancelled(call, agent: agent, nowMs: nowMs))
    }

    /// A remote agent hung up one of our calls at the console.
    public func remoteHangUp(call: CallID, agent: AgentID) async {
        guard case .connected(agent, _)? = acd.calls[call]?.phase else { return }
        await sessions[call]?.hangUpFromNode(reason: "agent")
    }

    /// Presence from a peer. An agent of ours that logged in elsewhere since is let go.
    public func receivePresence(_ records: [PresenceRecord]) async {
        apply(.presenceReceived(Array(records.prefix(configuration.acd.agentsMax)), nowMs: nowMs))
        for id in agentSessions.keys.sorted() where acd.agents[id] == nil {
            await agentSessions[id]?.close()
            agentSessions[id] = nil
        }
    }

    /// Every presence record this node knows, sorted by agent.
    public func presenceSnapshot() -> [PresenceRecord] {
        acd.presence.records.keys.sorted().map { acd.presence.records[$0]! }
    }
}

extension RemoteOutcome {
    var isRefusal: Bool {
        if case .refused = self { return true }
        return false
    }
}
