// MARK: - Agent states

/// Why an agent is not ready (示忙). The console offers these; reports group by them.
public enum NotReadyReason: String, Hashable, Sendable, Codable, CaseIterable {
    case meeting
    case training
    case lunch
    case restroom
    /// Making an outbound call-back or finishing a work order away from the phone.
    case followUp
    /// Just logged in and not yet taking calls.
    case loggedIn
    case other
}

/// Why an agent is on break; `missedOffers` is the automatic one.
public enum BreakReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// K consecutive offers rang out unanswered: the agent is probably away from the desk.
    case missedOffers
    case scheduled
}

/// Where an agent is in the life of a shift and of a call (SPEC §3).
///
/// Only `available` takes offers; `reserved` and `onCall` name the call, so a state alone
/// says which call an agent is bound to.
public enum AgentState: Hashable, Sendable, Codable {
    case loggedOut
    /// 示闲: waiting for an offer.
    case available
    /// 示忙: logged in, not taking calls.
    case notReady(NotReadyReason)
    /// Ringing: the call is offered and the agent must answer before the deadline.
    case reserved(call: CallID, deadlineMs: Int64)
    /// 话务处理: talking.
    case onCall(call: CallID, sinceMs: Int64)
    /// After-call work; ends by itself at `untilMs`.
    case wrapUp(call: CallID, untilMs: Int64)
    case onBreak(BreakReason)

    /// A stable name for reports, presence and logs.
    public var kind: AgentStateKind {
        switch self {
        case .loggedOut: .loggedOut
        case .available: .available
        case .notReady: .notReady
        case .reserved: .reserved
        case .onCall: .onCall
        case .wrapUp: .wrapUp
        case .onBreak: .onBreak
        }
    }

    /// The call the agent is bound to, if any.
    public var call: CallID? {
        switch self {
        case .reserved(let c, _), .onCall(let c, _), .wrapUp(let c, _): c
        default: nil
        }
    }
}

/// The case of an `AgentState` without its payload.
public enum AgentStateKind: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case loggedOut, available, notReady, reserved, onCall, wrapUp, onBreak

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

// MARK: - State-change records

/// What caused a transition; kept in the call ledger beside from/to.
public enum AgentChangeCause: String, Hashable, Sendable, Codable {
    case logIn, logOut, requested, offered, answered, declined, offerTimedOut
    case offerWithdrawn, hungUp, wrapUpExpired, missedOffers, failover
}

/// One transition of one agent, for the call ledger and the live board.
public struct AgentStateChange: Hashable, Sendable, Codable {
    public let agent: AgentID
    public let from: AgentState
    public let to: AgentState
    public let cause: AgentChangeCause
    public let atMs: Int64

    public init(agent: AgentID, from: AgentState, to: AgentState, cause: AgentChangeCause, atMs: Int64) {
        self.agent = agent
        self.from = from
        self.to = to
        self.cause = cause
        self.atMs = atMs
    }
}

// MARK: - Errors

/// A transition the agent's current state does not allow; the state is left unchanged.
public struct AgentTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let agent: AgentID
    public let state: AgentState
    public let attempted: String

    public init(agent: AgentID, state: AgentState, attempted: String) {
        self.agent = agent
        self.state = state
        self.attempted = attempted
    }

    public var description: String {
        "agent \(agent) cannot \(attempted) while \(state.kind.rawValue)"
            + (state.call.map { " (call \($0))" } ?? "")
    }
}
