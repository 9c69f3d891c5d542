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
        /// Ringing these agents' phones at once (a ring group), in `bridge` order; the first
        /// to pick up is connected and the others are dropped.
        case ringing([Leg])
        case talking(AgentID)
        /// Recording a voice mail.
        case voicemail
        /// The message is recorded (ended with `#`); the node will say goodbye and hang up.
        case afterMessage
    }

    /// One ringing phone of the call.
    public struct Leg: Hashable, Sendable {
        public let agent: AgentID
        /// The node rang this agent as the caller's last agent (`bridge {sticky: true}`).
        public let sticky: Bool
        /// The leg's number within the call (1, 2, …); its pick-up timer names it, so the
        /// timer of a cancelled or dropped leg finds no leg and does nothing.
        public let serial: Int
    }

    /// The next thing the caller or agent does, when its timer fires (pick-ups have their
    /// own per-leg timers, `DialTimer.ring`).
    public enum Action: Hashable, Sendable {
        case dtmf(String)
        case ivrHangUp
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
    /// Legs rung so far, over all `bridge`s of the call (the first uses the plan's answer
    /// and delay; the count numbers the legs).
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

    /// The agents whose phones ring for the call (empty unless ringing).
    public var ringingAgents: [AgentID] {
        if case .ringing(let legs) = phase { return legs.map(\.agent) }
        return []
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
