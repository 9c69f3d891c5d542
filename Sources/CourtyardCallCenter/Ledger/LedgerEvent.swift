import CourtyardCRDT

// MARK: - Call ledger events

/// One fact of the call ledger: something that happened to a call or an agent, at a site,
/// at a time. The ledger is append-only and is the only input of the call reports, so every
/// figure can be recomputed (and drilled down to its calls) from these values alone.
///
/// `callID` is set for every call event and nil only for `agentState`, which belongs to an
/// agent rather than a call. Build events with the `LedgerEvent.callEntered(…)`-style
/// constructors or the memberwise initialiser, then `validate()` untrusted ones.
public struct LedgerEvent: Hashable, Sendable, Codable {
    /// The site whose node recorded the event (for a call, the node handling it at that moment).
    public var site: SiteID
    /// Wall-clock milliseconds since 1970 (UTC) when it happened.
    public var atMs: Int64
    /// The call; nil only for `agentState`.
    public var callID: CallID?
    public var body: LedgerEventBody

    public init(site: SiteID, atMs: Int64, callID: CallID?, body: LedgerEventBody) {
        self.site = site
        self.atMs = atMs
        self.callID = callID
        self.body = body
    }

    /// The agent the event is about, if any (indexed by storage).
    public var agent: AgentID? { body.agent }
}

/// What happened. Every case names the agent it concerns, if any.
public enum LedgerEventBody: Hashable, Sendable, Codable {
    /// The call reached the node. `caller` is the normalised number (`PhoneNumber.canonical`)
    /// or `LedgerLimits.anonymousCaller`; `dialled` is the line (hotline) it came in on.
    case callEntered(caller: String, dialled: String)
    /// The caller reached an IVR menu node (`repair.water`); each is one hit of that node.
    case ivrNode(node: String)
    /// The call joined a queue and starts waiting for an agent.
    case queueEntered(queue: QueueID)
    /// The call rang an agent. `sticky` when the agent was chosen because the caller spoke to
    /// them before (一对一关系).
    case offered(agent: AgentID, sticky: Bool)
    /// An offer ended without an answer: the agent declined or let it time out.
    case offerEnded(agent: AgentID, outcome: OfferOutcome)
    /// The agent answered; talk time runs from here.
    case answered(agent: AgentID)
    /// The caller hung up before an agent answered, after waiting `waitedMs` in queue or ringing.
    case abandoned(stage: AbandonStage, waitedMs: Int64)
    /// The call moved on: from the agent talking (nil if none) to another agent or queue.
    case transferred(from: AgentID?, toAgent: AgentID?, toQueue: QueueID?)
    /// The call overflowed to another site's queue after waiting too long here.
    case overflowed(toSite: SiteID)
    /// The caller was sent to voicemail (投诉建议语音留言 or no agent available).
    case voicemail
    /// The call ended; `by` says who hung up.
    case hungUp(by: HangUpParty)
    /// The agent started after-call work for this call.
    case wrapUpStarted(agent: AgentID)
    /// The agent finished after-call work for this call.
    case wrapUpEnded(agent: AgentID)
    /// An agent changed state (示闲, 示忙, on call, …). `reason` is the not-ready reason.
    case agentState(agent: AgentID, from: LedgerAgentState, to: LedgerAgentState, reason: String?)

    /// A stable short name of the case, stored in its own column and used in messages.
    public var kind: String {
        switch self {
        case .callEntered: "callEntered"
        case .ivrNode: "ivrNode"
        case .queueEntered: "queueEntered"
        case .offered: "offered"
        case .offerEnded: "offerEnded"
        case .answered: "answered"
        case .abandoned: "abandoned"
        case .transferred: "transferred"
        case .overflowed: "overflowed"
        case .voicemail: "voicemail"
        case .hungUp: "hungUp"
        case .wrapUpStarted: "wrapUpStarted"
        case .wrapUpEnded: "wrapUpEnded"
        case .agentState: "agentState"
        }
    }

    /// The agent the event concerns, if any.
    public var agent: AgentID? {
        switch self {
        case .offered(let a, _), .offerEnded(let a, _), .answered(let a), .wrapUpStarted(let a),
             .wrapUpEnded(let a), .agentState(let a, _, _, _):
            a
        case .transferred(let from, _, _):
            from
        case .callEntered, .ivrNode, .queueEntered, .abandoned, .overflowed, .voicemail, .hungUp:
            nil
        }
    }
}

// MARK: - Small vocabularies

/// How an unanswered offer ended.
public enum OfferOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    case declined
    case timedOut
}

/// Where the caller was when they gave up.
public enum AbandonStage: String, Hashable, Sendable, Codable, CaseIterable {
    case queued
    case ringing
}

/// Who ended a call.
public enum HangUpParty: String, Hashable, Sendable, Codable, CaseIterable {
    case caller
    case agent
    case system
}

/// The agent states the ledger records (SPEC §3). The ACD keeps its own richer state; it
/// maps onto these when it writes the ledger.
public enum LedgerAgentState: String, Hashable, Sendable, Codable, CaseIterable {
    case loggedOut
    case available
    /// Busy / not ready with a reason (示忙).
    case notReady
    /// Reserved for a call that is ringing.
    case reserved
    case onCall
    /// After-call work.
    case wrapUp
    case onBreak

    /// Time in these states counts as staffed for occupancy: ready for or working on calls.
    public var isStaffedForOccupancy: Bool {
        switch self {
        case .available, .reserved, .onCall, .wrapUp: true
        case .loggedOut, .notReady, .onBreak: false
        }
    }

    /// Time in these states is handling time (talk and after-call work).
    public var isHandling: Bool { self == .onCall || self == .wrapUp }
}
