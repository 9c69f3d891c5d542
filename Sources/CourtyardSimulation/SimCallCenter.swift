import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Per-site call center

/// One site's call center in the simulation: the real `ACD` core and the site's IVR menu
/// (`IVRMenu.demo`). Rebuilt empty when the node restarts (the ACD lives in memory).
struct SiteCallCenter: Sendable {
    var acd: ACD
    let menu: IVRMenu

    init(site: ReplicaID, settings: CallCenterSettings, plant: PlantedBug?) throws {
        let service = try QueueConfiguration(id: QueueID("\(site.rawValue).service"), skill: SimAgent.service,
                                             strategy: .longestIdle, overflowAfterMs: settings.overflowAfterMs)
        let emergency = try QueueConfiguration(id: QueueID("\(site.rawValue).emergency"), skill: SimAgent.emergency,
                                               strategy: .longestIdle, overflowAfterMs: settings.overflowAfterMs)
        var config = try ACDConfiguration(site: site, queues: [service, emergency])
        config.allowDoubleReservation = plant == .allowDoubleReservation
        acd = ACD(configuration: config)
        menu = IVRMenu.demo(site: site)
    }
}

// MARK: - Agents

/// A roster agent: a stable identity (`<home>-a<k>`) whose console connects to one site's
/// ACD at a time — its home, or another site after a failover.
struct SimAgent: Sendable {
    static let service = SkillID("service")
    static let emergency = SkillID("emergency")

    let profile: AgentProfile
    let home: Int
    /// Position in the roster of its home site.
    let rank: Int
    /// The site whose ACD the console is connected to, and that site's life then.
    var at: Int?
    var atLife = 0
    var onShift = false

    var id: AgentID { profile.id }

    /// Every agent serves the general queue; odd-ranked agents take emergencies at level 2.
    static func profile(site: ReplicaID, rank: Int, wrapUpMs: Int64) throws -> AgentProfile {
        try AgentProfile(id: AgentID("\(site.rawValue)-a\(rank + 1)"),
                         skills: [SkillLevel(service, level: 1), SkillLevel(emergency, level: rank % 2 == 0 ? 1 : 2)],
                         wrapUpMs: wrapUpMs)
    }
}

// MARK: - Calls

/// Where a call stands for the shell (the media side): in the IVR, queued in the ACD, or
/// bridged to an agent of `site`.
enum SimCallState: Hashable, Sendable {
    case ivr
    case queued
    case connected(AgentID, site: Int)
}

/// One resident's call from the shell's side: its IVR session (the real `CallSession`), the
/// caller's remaining key presses, and which ACD owns it.
struct SimCall: Sendable {
    let id: CallID
    let home: Int
    /// The node the call entered (its ACD owns the call), and that node's life then.
    let owner: Int
    let ownerLife: Int
    let number: String
    let caller: PhoneNumber?
    var session: CallSession
    /// Keys still to press, in order; empty: the caller hangs up at the next prompt.
    var script: [String]
    var state: SimCallState = .ivr
    /// Bumped on every state change; scheduled events carry the value they were made at.
    var token = 0
    var selfService = false
    var ticketOpened = false
    var answered = false
    /// The agent this number last spoke to (a returning caller), for sticky-hit counting.
    let previousAgent: AgentID?
}

/// What the IVR asked the runtime and the runtime answered later.
enum IVRReply: Sendable {
    case lookup(CallSession.LookupAnswer)
    case payment(recorded: Bool)
    case recording(CallSession.Recording)
}

// MARK: - Messages between ACDs

/// Call-center traffic between sites over the simulated network: presence and the remote
/// reservation protocol (reserveRemote → remoteReserveRequested → replyRemote → confirmRemote).
enum ACDMessage: Sendable {
    case presence([PresenceRecord])
    case reserve(CallID, agent: AgentID, caller: PhoneNumber?)
    case reply(CallID, agent: AgentID, RemoteOutcome)
    case confirm(CallID, agent: AgentID, connected: Bool)
    case cancel(CallID, agent: AgentID)

    var label: String {
        switch self {
        case .presence(let rs): "presence \(rs.count)"
        case .reserve(let c, let a, _): "reserve \(c) \(a)"
        case .reply(let c, let a, let o): "reply \(c) \(a) \(CallCenterLabels.outcome(o))"
        case .confirm(let c, let a, let ok): "confirm \(c) \(a) \(ok)"
        case .cancel(let c, let a): "cancel \(c) \(a)"
        }
    }
}

/// Call-center events on the simulator's agenda.
enum CallCenterEvent: Sendable {
    case acdTick(site: Int, life: Int)
    case acdDeliver(to: Int, from: Int, ACDMessage)
    case callerKeys(CallID, token: Int)
    case ivrReply(CallID, token: Int, IVRReply)
    case patience(CallID, token: Int)
    case agentResponds(site: Int, life: Int, CallID, AgentID, answer: Bool)
    case talkEnds(CallID, token: Int)
    case shift(agent: Int, start: Bool)
    case breakEnds(agent: Int, site: Int, life: Int)
    case failover(agent: Int)
    case callback(site: Int, life: Int, CallID, attempt: Int)
}

// MARK: - Trace labels

/// Short canonical descriptions for the trace hash (never reflection of whole values).
enum CallCenterLabels {
    static func outcome(_ o: RemoteOutcome) -> String {
        switch o {
        case .granted: "granted"
        case .refused: "refused"
        case .answered: "answered"
        case .released: "released"
        }
    }

    static func input(_ input: ACDInput) -> String {
        switch input {
        case .callArrived(let c, let q, _, let e, _): "arrived \(c) \(q)\(e ? " !" : "")"
        case .agentLoggedIn(let p, _): "login \(p.id)"
        case .agentFailedOver(let p, _): "failover \(p.id)"
        case .agentRequested(let a, let r, _): "request \(a) \(r)"
        case .offerAnswered(let c, let a, _): "answered \(c) \(a)"
        case .offerDeclined(let c, let a, _): "declined \(c) \(a)"
        case .offerTimedOut(let c, let a, _): "timedOut \(c) \(a)"
        case .callEnded(let c, _): "ended \(c)"
        case .callAbandoned(let c, _): "abandoned \(c)"
        case .tick: "tick"
        case .presenceReceived(let rs, _): "presence \(rs.count)"
        case .remoteReservationResult(let c, let a, let o, _): "result \(c) \(a) \(outcome(o))"
        case .remoteReserveRequested(let c, let a, let from, _, _): "reserveRequested \(c) \(a) from \(from)"
        case .remoteConnectConfirmed(let c, let a, let ok, _): "confirmed \(c) \(a) \(ok)"
        case .remoteReservationCancelled(let c, let a, _): "cancelled \(c) \(a)"
        case .remoteAnsweredAtPhone(let c, let a, _): "phoneAnswered \(c) \(a)"
        case .dayStarted: "day"
        }
    }

    /// The call an input is about, if any.
    static func call(of input: ACDInput) -> CallID? {
        switch input {
        case .callArrived(let c, _, _, _, _), .offerAnswered(let c, _, _), .offerDeclined(let c, _, _),
             .offerTimedOut(let c, _, _), .callEnded(let c, _), .callAbandoned(let c, _),
             .remoteReservationResult(let c, _, _, _), .remoteReserveRequested(let c, _, _, _, _),
             .remoteConnectConfirmed(let c, _, _, _), .remoteReservationCancelled(let c, _, _),
             .remoteAnsweredAtPhone(let c, _, _):
            c
        default:
            nil
        }
    }
}

// MARK: - The cluster's call-center world

/// Everything of the call center the simulator keeps besides the nodes: each site's ACD,
/// the agent roster, the calls in progress and the media bridges (call → agent).
/// Dictionaries here are only looked up; anything iterated is sorted first.
struct CallCenterWorld: Sendable {
    var centers: [SiteCallCenter] = []
    var agents: [SimAgent] = []
    var calls: [CallID: SimCall] = [:]
    /// Media bridges the call owners set up (`connect` directives).
    var bridges: [CallID: AgentID] = [:]
    /// Per home site, numbers that reached an agent (returning callers are drawn from them).
    var recentCallers: [[String]] = []
    var lastAgentOf: [String: AgentID] = [:]
    var sequence = 0
    /// Call-center violations already reported (each once).
    var reported: Set<String> = []

    static let recentCallersMax = 64
    static let violationsMax = 50
}
