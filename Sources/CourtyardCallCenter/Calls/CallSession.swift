import CourtyardDomain

// MARK: - One call, as a value

/// The state machine of one call (DESIGN §1 "cores are values"): the runtime feeds it
/// gateway and ACD events and carries out the returned `Directive`s in order.
///
/// offered → (`start`) notices + menu → self-service steps → queued → ringing an agent →
/// bridged → wrap-up; the caller may hang up anywhere (abandon). Inputs that do not fit
/// the phase throw a `CallSessionError`; the session is left unchanged.
public struct CallSession: Hashable, Sendable {
    /// Where the call is.
    public enum Phase: Hashable, Sendable {
        case offered
        /// Waiting for one key at the menu node `path`.
        case menu(IVRNodePath)
        case selfService(Step)
        case queued(QueueID, Priority)
        /// Ringing the agents the ACD reserved (`legs`, in offer order: one, or several for
        /// ring-all — the gateway rings them at once); `answered` is the leg that picked up.
        case ringing([AgentID], queue: QueueID, priority: Priority, answered: AgentID?)
        case bridged(AgentID)
        /// The caller is gone; the agent finishes after-call work.
        case wrapUp(AgentID)
        case ended(Outcome)
    }

    /// A self-service step in progress; `path` is the node that started it.
    public enum Step: Hashable, Sendable {
        case collectingRoom(IVRNodePath, LookupKind)
        case awaitingLookup(IVRNodePath, LookupKind, roomCode: String)
        case confirmingPayment(IVRNodePath, roomCode: String, amountCents: Int)
        case awaitingPayment(IVRNodePath)
        case recording(IVRNodePath, RecordingPurpose)
    }

    /// A voice mail the session still expects a recording for.
    public struct PendingRecording: Hashable, Sendable {
        public var path: IVRNodePath
        public var purpose: RecordingPurpose
    }

    // MARK: Limits

    /// Keys accepted in one DTMF report.
    public static let digitsReportMax = 32
    /// Characters of a spoken lookup summary.
    public static let summaryCharsMax = 500

    // MARK: State

    public let callID: CallID
    /// The caller's number, normalised; nil when withheld or unparseable.
    public let caller: PhoneNumber?
    public let offeredAtMs: Int64
    public internal(set) var phase: Phase
    public internal(set) var endedAtMs: Int64?
    /// Failed attempts (invalid key or no input) at the current prompt.
    public internal(set) var attempts: Int
    /// A voice mail whose recording has not arrived yet (survives the caller hanging up).
    public internal(set) var pendingRecording: PendingRecording?
    let menu: IVRMenu
    let notices: [IVRNotice]

    /// A new call. `notices` are those to play (`IVRNoticeBoard.playable` at offer time).
    public init(callID: CallID, caller: PhoneNumber?, menu: IVRMenu, notices: [IVRNotice], nowMs: Int64) {
        self.callID = callID
        self.caller = caller
        self.menu = menu
        self.notices = Array(notices.prefix(IVRNoticeLimits.playedMax))
        self.offeredAtMs = nowMs
        self.phase = .offered
        self.attempts = 0
    }

    /// A call taken over from a dead node (CTI `hello.calls`): talking to `agent` stays
    /// bridged; otherwise it goes straight to `queue` (the IVR position is not replicated).
    /// Returns the session and the directives to carry out (enqueue, or nothing).
    public static func resumed(callID: CallID, caller: PhoneNumber?, menu: IVRMenu, agent: AgentID?,
                               queue: QueueID? = nil, nowMs: Int64) -> (CallSession, [Directive]) {
        var s = CallSession(callID: callID, caller: caller, menu: menu, notices: [], nowMs: nowMs)
        if let agent {
            s.phase = .bridged(agent)
            return (s, [])
        }
        let q = queue ?? menu.fallbackQueue
        s.phase = .queued(q, .normal)
        return (s, [.enqueue(q, .normal)])
    }

    public var isEnded: Bool {
        if case .ended = phase { return true }
        return false
    }

    // MARK: Start

    /// Answers the caller: automatic notices, then the main menu.
    public mutating func start(nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .offered = phase else { throw outOfOrder("start") }
        var out = notices.map { Directive.play(text: $0.text, announcement: true) }
        out.append(.countHit(.root))
        out += enterMenu(.root)
        return out
    }

    /// Skips the IVR (a line configured straight to a queue, or a returning caller).
    public mutating func enqueueDirectly(_ queue: QueueID, priority: Priority) throws(CallSessionError) -> [Directive] {
        guard case .offered = phase else { throw outOfOrder("enqueue") }
        phase = .queued(queue, priority)
        return [.enqueue(queue, priority)]
    }

    // MARK: ACD and agent

    /// The ACD reserved `agent` for this call: ring it. A queued call starts ringing; a call
    /// already ringing other agents and not yet answered gets one more leg (ring-all). An
    /// agent already ringing for the call changes nothing.
    public mutating func offerToAgent(_ agent: AgentID, sticky: Bool = false, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        switch phase {
        case .queued(let q, let p):
            phase = .ringing([agent], queue: q, priority: p, answered: nil)
        case .ringing(let legs, let q, let p, nil):
            guard !legs.contains(agent) else { return [] }
            phase = .ringing(legs + [agent], queue: q, priority: p, answered: nil)
        default:
            throw outOfOrder("offer to agent")
        }
        return [.bridge(agent, sticky: sticky)]
    }

    /// `agent` did not answer, refused, or was withdrawn: its leg stops ringing
    /// (`cancelBridge`, unless another leg already picked up — the gateway dropped the rest).
    /// With no leg left the call is queued again (the ACD keeps its place).
    public mutating func agentDidNotAnswer(_ agent: AgentID, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .ringing(let legs, let q, let p, let answered) = phase else { throw outOfOrder("agent no answer") }
        guard legs.contains(agent) else { throw wrongAgent(agent, expected: legs) }
        guard answered != agent else {
            throw CallSessionError(.outOfOrder, callID, "no answer from \(agent), who already answered")
        }
        let rest = legs.filter { $0 != agent }
        phase = rest.isEmpty ? .queued(q, p) : .ringing(rest, queue: q, priority: p, answered: answered)
        return answered == nil ? [.cancelBridge(agent)] : []
    }

    /// An agent's phone picked up (CTI `answered`): the first leg to answer wins.
    public mutating func onAnswered(_ agent: AgentID, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .ringing(let legs, let q, let p, nil) = phase else { throw outOfOrder("answered") }
        guard legs.contains(agent) else { throw wrongAgent(agent, expected: legs) }
        phase = .ringing(legs, queue: q, priority: p, answered: agent)
        return []
    }

    /// Caller and agent are connected (CTI `bridged`): `agent` must be a leg, and the one
    /// that answered when one did.
    public mutating func onBridged(_ agent: AgentID, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .ringing(let legs, _, _, let answered) = phase else { throw outOfOrder("bridged") }
        if let answered {
            guard answered == agent else { throw wrongAgent(agent, expected: [answered]) }
        } else {
            guard legs.contains(agent) else { throw wrongAgent(agent, expected: legs) }
        }
        phase = .bridged(agent)
        return []
    }

    /// The agent finished after-call work.
    public mutating func finishWrapUp(nowMs: Int64) throws(CallSessionError) -> [Directive] {
        guard case .wrapUp(let a) = phase else { throw outOfOrder("finish wrap-up") }
        phase = .ended(.answered(a))
        return []
    }

    // MARK: Hang-up

    /// Someone hung up. Before an agent answered, a caller hang-up is an abandon at the
    /// current stage; while bridged it starts the agent's wrap-up.
    public mutating func onHungUp(by party: Party, nowMs: Int64) throws(CallSessionError) -> [Directive] {
        let outcome: Outcome
        switch phase {
        case .ended: throw CallSessionError(.ended, callID, "hang-up after the call ended")
        case .wrapUp: throw outOfOrder("hang-up")
        case .bridged(let a):
            phase = .wrapUp(a)
            endedAtMs = nowMs
            return [.ended(.answered(a))]
        case .selfService(.recording(let path, let purpose)) where party == .caller:
            // Hanging up is how many callers finish a voice mail: keep waiting for it.
            pendingRecording = PendingRecording(path: path, purpose: purpose)
            outcome = .selfServed
        default:
            let stage = self.stage
            outcome = party == .caller ? .abandoned(stage) : .systemEnded(stage)
        }
        phase = .ended(outcome)
        endedAtMs = nowMs
        return [.ended(outcome)]
    }

    /// The stage for abandon reports.
    var stage: Stage {
        switch phase {
        case .offered: .offered
        case .menu: .ivr
        case .selfService: .selfService
        case .queued: .queued
        case .ringing, .bridged, .wrapUp, .ended: .ringing
        }
    }

    // MARK: Helpers

    func outOfOrder(_ what: String) -> CallSessionError {
        CallSessionError(isEnded ? .ended : .outOfOrder, callID, "\(what) is not expected in phase \(phase)")
    }

    func wrongAgent(_ got: AgentID, expected: [AgentID]) -> CallSessionError {
        let with = expected.map(\.rawValue).joined(separator: ", ")
        return CallSessionError(.wrongAgent, callID, "event names agent \(got) but the call is with \(with)")
    }
}
