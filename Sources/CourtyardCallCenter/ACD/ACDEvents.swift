import CourtyardDomain

// MARK: - Inputs

/// What an agent asks from the console.
public enum AgentRequest: Hashable, Sendable, Codable {
    case available
    case notReady(NotReadyReason)
    case takeBreak(BreakReason)
    case logOut
}

/// How the owner of a remote agent answered a reservation, or what became of it later.
public enum RemoteOutcome: Hashable, Sendable, Codable {
    /// The agent is ringing.
    case granted
    /// The owner refused (agent busy, unknown, not available).
    case refused(String)
    /// The agent picked up; the call's owner must confirm with `confirmRemote`.
    case answered
    /// The offer rang out, was declined, or the agent left: the call needs another agent.
    case released
}

/// Everything that can happen to a site's ACD. Each carries `nowMs` (passed in, never read).
public enum ACDInput: Hashable, Sendable {
    case callArrived(CallID, queue: QueueID, caller: PhoneNumber?, emergency: Bool, nowMs: Int64)
    case agentLoggedIn(AgentProfile, nowMs: Int64)
    /// An agent whose site failed connects here: identity and state come from presence.
    case agentFailedOver(AgentProfile, nowMs: Int64)
    case agentRequested(AgentID, AgentRequest, nowMs: Int64)
    case offerAnswered(CallID, agent: AgentID, nowMs: Int64)
    case offerDeclined(CallID, agent: AgentID, nowMs: Int64)
    case offerTimedOut(CallID, agent: AgentID, nowMs: Int64)
    /// A connected call ended (either side hung up).
    case callEnded(CallID, nowMs: Int64)
    /// The caller hung up while waiting or ringing.
    case callAbandoned(CallID, nowMs: Int64)
    case tick(nowMs: Int64)
    /// Presence records from peers.
    case presenceReceived([PresenceRecord], nowMs: Int64)
    /// Call-owner side: the agent's owner answered our `reserveRemote`.
    case remoteReservationResult(CallID, agent: AgentID, outcome: RemoteOutcome, nowMs: Int64)
    /// Agent-owner side: another site asks to reserve our agent for its call.
    case remoteReserveRequested(CallID, agent: AgentID, from: SiteID, caller: PhoneNumber?, nowMs: Int64)
    /// Agent-owner side: the call's owner confirms (or refuses) the bridge after our agent
    /// picked up; only then is the agent on the call.
    case remoteConnectConfirmed(CallID, agent: AgentID, connected: Bool, nowMs: Int64)
    /// Agent-owner side: the call's owner withdrew its request (caller hung up, reply late).
    case remoteReservationCancelled(CallID, agent: AgentID, nowMs: Int64)
    /// Call-owner side: our gateway reports that the remote agent we rang (after the owner
    /// granted the reservation) picked up their phone. The agent's owner decides, as if the
    /// agent had answered at the console (`answerRemote`).
    case remoteAnsweredAtPhone(CallID, agent: AgentID, nowMs: Int64)
    /// A new day: daily agent counters reset.
    case dayStarted(nowMs: Int64)
}

// MARK: - Directives

/// Why a call leaves the queue for voicemail.
public enum VoicemailReason: String, Hashable, Sendable, Codable {
    case queueFull
    case maxWaitReached
}

/// What the shell must do after an input: ring, bridge, announce, send, record.
public enum ACDDirective: Hashable, Sendable {
    /// Ring the agent's console with the call (and pop the screen) until the deadline.
    case offer(CallID, agent: AgentID, caller: PhoneNumber?, deadlineMs: Int64)
    /// Stop ringing this agent for this call.
    case withdrawOffer(CallID, agent: AgentID)
    /// Bridge the call to the agent who answered (at `site`, which may be remote).
    case connect(CallID, agent: AgentID, site: SiteID)
    /// Ask the agent's owning site to reserve it for our call.
    case reserveRemote(CallID, agent: AgentID, site: SiteID, caller: PhoneNumber?)
    /// Call-owner side: the owner granted the remote agent; ring its phone through our
    /// gateway (the agent may pick up there or answer at the console).
    case ringRemote(CallID, agent: AgentID, site: SiteID)
    /// Call-owner side: the remote agent picked up the phone we rang; tell its owner.
    case answerRemote(CallID, agent: AgentID, site: SiteID)
    /// Tell the agent's owner whether its agent who picked up gets the call.
    case confirmRemote(CallID, agent: AgentID, site: SiteID, connected: Bool)
    /// Tell the agent's owner we no longer want the reservation.
    case cancelRemote(CallID, agent: AgentID, site: SiteID)
    /// Agent-owner side: tell the call's owner what became of its request.
    case replyRemote(CallID, agent: AgentID, to: SiteID, outcome: RemoteOutcome)
    /// Play "you are number N in line".
    case announcePosition(CallID, position: Int)
    case sendToVoicemail(CallID, reason: VoicemailReason)
    /// For the call ledger and the live board.
    case recordAgentChange(AgentStateChange)
    case recordMissedCall(MissedCall)
    /// Replicate this record to peers.
    case publishPresence(PresenceRecord)
}

// MARK: - Errors

/// An input the ACD refuses; its state is unchanged.
public enum ACDError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownQueue(QueueID)
    case unknownCall(CallID)
    case unknownAgent(AgentID)
    case duplicateCall(CallID)
    case agentAlreadyLoggedIn(AgentID)
    case tooManyCalls(limit: Int)
    case tooManyAgents(limit: Int)
    case notOfferedTo(CallID, AgentID)
    case transition(AgentTransitionError)
    case reservation(ReservationError)

    public var description: String {
        switch self {
        case .unknownQueue(let q): "unknown queue \(q)"
        case .unknownCall(let c): "unknown call \(c)"
        case .unknownAgent(let a): "agent \(a) is not logged in at this site"
        case .duplicateCall(let c): "call \(c) is already known"
        case .agentAlreadyLoggedIn(let a): "agent \(a) is already logged in"
        case .tooManyCalls(let n): "too many calls (limit \(n))"
        case .tooManyAgents(let n): "too many agents (limit \(n))"
        case .notOfferedTo(let c, let a): "call \(c) is not offered to agent \(a)"
        case .transition(let e): e.description
        case .reservation(let e): e.description
        }
    }
}
