// MARK: - One simulated call, as the gateway holds it

/// A call `courtyard dial` holds: who is calling, where the call is, and the one action the
/// caller (or the simulated agent) will take next.
public struct DialCall: Hashable, Sendable {
    /// Where the call is, from the gateway's side.
    public enum Phase: Hashable, Sendable {
        /// Offered, or back in the IVR: the node speaks, the caller listens.
        case ivr
        /// A key press is scheduled in answer to a `collect`.
        case collecting
        /// Taken over by another node after a failover, waiting for its commands.
        case held
        case queued
        case ringing(AgentID)
        case talking(AgentID)
        /// Recording a voice mail.
        case voicemail
        /// The message is recorded (ended with `#`); the node will say goodbye and hang up.
        case afterMessage
    }

    /// The next thing the caller or agent does, when its timer fires.
    public enum Action: Hashable, Sendable {
        case dtmf(String)
        case ivrHangUp
        case agentAnswers(AgentID)
        case conversationEnds
        case messageEnds(maxDurationMs: Int64)
    }

    public let gatewayCallId: String
    /// The node connection (slot) the call belongs to.
    public let slot: Int
    public let caller: String
    public let returning: Bool
    public let offeredAtMs: Int64
    public internal(set) var callId: CallID?
    public internal(set) var phase: Phase
    /// The ringing agent was chosen by sticky routing (the node said so on `bridge`).
    public internal(set) var stickyRing = false
    /// The call was answered before (a re-ring after a transfer does not count again).
    public internal(set) var wasAnswered = false
    public internal(set) var plan: DialCallPlan
    /// Keys named by the prompts since the last collect.
    var offeredKeys: Set<String> = []
    /// Characters of interruptible prompt and of announcements since the last collect.
    var promptChars = 0
    var announcementChars = 0
    /// The pending action and its generation (a timer of an older generation is stale).
    var pending: Action?
    var step = 0
    /// When the caller gives up waiting for a person; nil until first queued.
    var abandonAtMs: Int64?
    /// Generation of the silence timer: a caller who hears nothing hangs up.
    var silenceStep = 0
    /// Rings so far (the first uses the plan's answer delay).
    var rings = 0

    init(gatewayCallId: String, slot: Int, caller: String, returning: Bool, plan: DialCallPlan, nowMs: Int64) {
        self.gatewayCallId = gatewayCallId
        self.slot = slot
        self.caller = caller
        self.returning = returning
        self.offeredAtMs = nowMs
        self.plan = plan
        phase = .ivr
    }

    /// The agent the caller is talking to, if any.
    public var talkingTo: AgentID? {
        if case .talking(let a) = phase { return a }
        return nil
    }

    /// Whether patience applies: the caller waits for a person.
    var isWaitingForAgent: Bool {
        switch phase {
        case .queued, .ringing: true
        default: false
        }
    }

    /// Whether the caller expects the node to speak next (silence makes them hang up).
    var isListening: Bool {
        switch phase {
        case .ivr, .held, .afterMessage: true
        default: false
        }
    }

    /// The call as listed in a failover `hello`.
    func active(dialled: String) -> CTIActiveCall {
        CTIActiveCall(gatewayCallId: gatewayCallId, callId: callId, caller: caller, dialled: dialled, agent: talkingTo)
    }
}
