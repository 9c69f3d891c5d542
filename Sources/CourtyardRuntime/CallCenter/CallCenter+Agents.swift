import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Agents (the console's requests)

/// One agent as the cluster sees it (from the replicated presence board).
public struct AgentView: Hashable, Sendable, Codable {
    public var agent: AgentID
    /// The site whose node owns the agent (its console is connected there).
    public var site: SiteID
    public var state: AgentStateKind
    public var reason: String?
    public var call: CallID?
    public var idleSinceMs: Int64?
    public var skills: [SkillLevel]
    /// False when the owner stopped renewing the record (node down or cut off).
    public var live: Bool
    public var version: UInt64

    init(_ r: PresenceRecord, nowMs: Int64) {
        agent = r.agent
        site = r.site
        state = r.state
        reason = r.reason
        call = r.call
        idleSinceMs = r.idleSinceMs
        skills = r.skills
        live = r.isLive(nowMs: nowMs)
        version = r.version
    }
}

extension CallCenter {
    /// Logs an agent in at this node. When presence shows the agent active at another site
    /// (its node died and the console reconnected here), this node takes the agent over
    /// with its state (`agentFailedOver`, a higher presence version).
    public func logIn(_ agent: AgentID, skills: [SkillLevel]? = nil, wrapUpMs: Int64? = nil,
                      endpoint: String? = nil) throws(CallCenterError) -> AgentView {
        guard acd.agents[agent] == nil else { throw CallCenterError(.conflict, "agent \(agent) is already logged in at \(site)") }
        let profile: AgentProfile
        do {
            profile = try AgentProfile(id: agent, skills: skills ?? configuration.defaultSkills,
                                       wrapUpMs: wrapUpMs ?? configuration.defaultWrapUpMs)
        } catch { throw CallCenterError(.invalid, error.description) }
        if let e = endpoint, e.isEmpty || e.utf8.count > CTIProtocol.fieldBytesMax || e.contains(where: \.isNewline) {
            throw CallCenterError(.invalid, "endpoint must have 1–\(CTIProtocol.fieldBytesMax) bytes on one line")
        }
        let session = AgentSession(profile: profile, endpoint: endpoint ?? Self.defaultEndpoint(agent),
                                   bufferMax: configuration.consoleBufferMax, environment: environment)
        agentSessions[agent] = session
        let previous = acd.presence.records[agent]
        let failover = previous.map { $0.site != site && $0.state != .loggedOut } ?? false
        let input: ACDInput = failover ? .agentFailedOver(profile, nowMs: nowMs) : .agentLoggedIn(profile, nowMs: nowMs)
        if case .failure(let error) = apply(input) {
            agentSessions[agent] = nil
            throw Self.refusal(error)
        }
        if failover { logger.notice("agent taken over", metadata: ["agent": "\(agent)", "from": "\(previous!.site)"]) }
        return try view(agent)
    }

    /// Logs out (refused while ringing or on a call).
    public func logOut(_ agent: AgentID) throws(CallCenterError) {
        try request(agent, .logOut)
    }

    /// 示闲 / 示忙 with a reason / break.
    public func setState(_ agent: AgentID, _ request: AgentRequest) throws(CallCenterError) {
        try self.request(agent, request)
    }

    private func request(_ agent: AgentID, _ r: AgentRequest) throws(CallCenterError) {
        try local(agent)
        if case .failure(let e) = apply(.agentRequested(agent, r, nowMs: nowMs)) { throw Self.refusal(e) }
    }

    /// The agent answered the offered call at the console.
    public func answer(_ agent: AgentID, call: CallID) throws(CallCenterError) {
        try local(agent)
        if case .failure(let e) = apply(.offerAnswered(call, agent: agent, nowMs: nowMs)) { throw Self.refusal(e) }
    }

    /// The agent declined the offered call.
    public func decline(_ agent: AgentID, call: CallID) throws(CallCenterError) {
        try local(agent)
        if case .failure(let e) = apply(.offerDeclined(call, agent: agent, nowMs: nowMs)) { throw Self.refusal(e) }
    }

    /// The agent hung up at the console: the gateway holding the call is told to end it.
    public func hangUp(_ agent: AgentID, call: CallID) async throws(CallCenterError) {
        try local(agent)
        guard case .onCall(call, _)? = acd.agents[agent]?.state else {
            throw CallCenterError(.conflict, "agent \(agent) is not on call \(call)")
        }
        if let session = sessions[call] {
            await session.hangUpFromNode(reason: "agent")
        } else if let hold = acd.remoteHolds[call] {
            withPeers { try await $0.hangUp(call: call, agent: agent, at: hold.from) }
        }
    }

    /// The agent finished after-call work early.
    public func wrapUpDone(_ agent: AgentID) throws(CallCenterError) {
        try local(agent)
        guard case .wrapUp? = acd.agents[agent]?.state else {
            throw CallCenterError(.conflict, "agent \(agent) is not in wrap-up")
        }
        try request(agent, .available)
    }

    // MARK: Reading

    /// The console channel of an agent logged in here.
    public func agentSession(_ agent: AgentID) -> AgentSession? { agentSessions[agent] }

    /// One agent, from presence (cluster-wide).
    public func view(_ agent: AgentID) throws(CallCenterError) -> AgentView {
        guard let r = acd.presence.records[agent] else { throw CallCenterError(.notFound, "no agent \(agent) is known") }
        return AgentView(r, nowMs: nowMs)
    }

    /// Every agent of the cluster known from presence, with site and state, sorted by id.
    public func agents() -> [AgentView] {
        let now = nowMs
        return acd.presence.records.keys.sorted().map { AgentView(acd.presence.records[$0]!, nowMs: now) }
    }

    /// Calls abandoned at this site and not yet called back, oldest first.
    public func missedCalls() -> [MissedCall] { acd.missedCalls.pending }

    /// Marks a missed call as called back (回拨) and returns it; refuses an unknown call and one
    /// already called back (by whom and when is in the message), so two agents calling the
    /// same resident back learn of each other.
    @discardableResult
    public func markCalledBack(_ call: CallID, by agent: AgentID) throws(CallCenterError) -> MissedCall {
        if let done = acd.missedCalls.entries.first(where: { $0.call == call }), let at = done.calledBackAtMs {
            throw CallCenterError(.conflict, "call \(call) was already called back by \(done.calledBackBy.map(\.rawValue) ?? "?") at \(at)")
        }
        do { try acd.markCalledBack(call, by: agent, nowMs: nowMs) } catch { throw Self.refusal(error) }
        guard let entry = acd.missedCalls.entries.first(where: { $0.call == call }) else {
            throw CallCenterError(.notFound, "missed call \(call) is gone")
        }
        return entry
    }

    /// The screen pop of any number (the console's manual lookup).
    public func screenPop(caller text: String) async -> ScreenPop {
        let number = Self.parseCaller(text)
        let last = number.flatMap {
            acd.sticky.lastAgent(of: $0.canonicalWithoutExtension, nowMs: nowMs, memoryMs: configuration.acd.stickyMemoryMs)
        }
        return await screenPops.build(caller: number, lastAgent: last)
    }

    /// The ACD's state (tests and the live board).
    public var acdSnapshot: ACD { acd }

    /// Calls with a live session here, sorted.
    public var activeCalls: [CallID] { sessions.keys.sorted() }

    public func callSession(_ call: CallID) -> CallSessionActor? { sessions[call] }

    // MARK: Helpers

    private func local(_ agent: AgentID) throws(CallCenterError) {
        guard acd.agents[agent] != nil else {
            throw CallCenterError(.notFound, "agent \(agent) is not logged in at \(site)")
        }
    }

    static func refusal(_ e: ACDError) -> CallCenterError {
        switch e {
        case .unknownAgent, .unknownCall, .unknownQueue: CallCenterError(.notFound, e.description)
        case .tooManyAgents, .tooManyCalls: CallCenterError(.unavailable, e.description)
        default: CallCenterError(.conflict, e.description)
        }
    }
}
