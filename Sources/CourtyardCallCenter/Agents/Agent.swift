// MARK: - Agent state machine

/// One agent's state and stats, a pure value: every transition is validated, leaves the
/// value unchanged when refused (typed error), and returns the record for the ledger.
public struct Agent: Hashable, Sendable, Codable {
    public private(set) var profile: AgentProfile
    public private(set) var state: AgentState
    public private(set) var stats: AgentStats

    public var id: AgentID { profile.id }

    public init(profile: AgentProfile, state: AgentState = .loggedOut, stats: AgentStats = AgentStats()) {
        self.profile = profile
        self.state = state
        self.stats = stats
    }

    /// True when the agent may be offered a call now.
    public func acceptsOffers(nowMs: Int64) -> Bool {
        state == .available && nowMs >= stats.noOfferUntilMs
    }

    // MARK: Shift

    /// Logs in, straight to available (or to `notReady(reason)` when given).
    public mutating func logIn(nowMs: Int64, notReady reason: NotReadyReason? = nil) throws(AgentTransitionError) -> AgentStateChange {
        guard state == .loggedOut else { throw refusal("log in") }
        return move(to: reason.map { .notReady($0) } ?? .available, .logIn, nowMs)
    }

    /// Logs out; refused while bound to a ringing or connected call.
    public mutating func logOut(nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        switch state {
        case .loggedOut, .reserved, .onCall: throw refusal("log out")
        default: return move(to: .loggedOut, .logOut, nowMs)
        }
    }

    /// 示闲: from not ready, break or wrap-up (ending it early).
    public mutating func makeAvailable(nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        switch state {
        case .notReady, .onBreak, .wrapUp:
            stats.consecutiveMissedOffers = 0
            return move(to: .available, .requested, nowMs)
        default: throw refusal("become available")
        }
    }

    /// 示忙 with a reason: from available, another not-ready reason, break or wrap-up.
    public mutating func setNotReady(_ reason: NotReadyReason, nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        switch state {
        case .available, .onBreak, .wrapUp: return move(to: .notReady(reason), .requested, nowMs)
        case .notReady(let r) where r != reason: return move(to: .notReady(reason), .requested, nowMs)
        default: throw refusal("set not ready (\(reason.rawValue))")
        }
    }

    /// Goes on a break by the agent's own choice.
    public mutating func takeBreak(_ reason: BreakReason, nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        switch state {
        case .available, .notReady, .wrapUp: return move(to: .onBreak(reason), .requested, nowMs)
        default: throw refusal("take a break")
        }
    }

    // MARK: Calls

    /// Reserves the agent for an offered call (ringing) until `deadlineMs`; only from available.
    public mutating func reserve(call: CallID, deadlineMs: Int64, nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        guard state == .available else { throw refusal("be reserved for call \(call)") }
        return move(to: .reserved(call: call, deadlineMs: deadlineMs), .offered, nowMs)
    }

    /// Answers the ringing call.
    public mutating func answer(call: CallID, nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        guard case .reserved(call, _) = state else { throw refusal("answer call \(call)") }
        stats.consecutiveMissedOffers = 0
        stats.callsAnsweredToday += 1
        return move(to: .onCall(call: call, sinceMs: nowMs), .answered, nowMs)
    }

    /// The offer went unanswered (`timedOut`) or was declined; after `missedOffersMax`
    /// consecutive time-outs the agent goes on break with reason `missedOffers`.
    public mutating func missOffer(call: CallID, timedOut: Bool, retryDelayMs: Int64, missedOffersMax: Int,
                                   nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        guard case .reserved(call, _) = state else { throw refusal("miss call \(call)") }
        stats.noOfferUntilMs = nowMs + retryDelayMs
        if timedOut {
            stats.consecutiveMissedOffers += 1
            if stats.consecutiveMissedOffers >= missedOffersMax {
                return move(to: .onBreak(.missedOffers), .missedOffers, nowMs)
            }
        }
        return move(to: .available, timedOut ? .offerTimedOut : .declined, nowMs, keepIdleSince: true)
    }

    /// The offer was withdrawn without the agent's fault (caller hung up, another agent won a
    /// ring-all): back to available, idle time kept, no miss counted.
    public mutating func withdrawOffer(call: CallID, nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        guard case .reserved(call, _) = state else { throw refusal("withdraw call \(call)") }
        return move(to: .available, .offerWithdrawn, nowMs, keepIdleSince: true)
    }

    /// The connected call ended: talk time is counted and wrap-up starts (or available at 0).
    public mutating func hangUp(call: CallID, nowMs: Int64) throws(AgentTransitionError) -> AgentStateChange {
        guard case .onCall(call, let sinceMs) = state else { throw refusal("hang up call \(call)") }
        stats.talkTimeTodayMs += max(0, nowMs - sinceMs)
        if profile.wrapUpMs > 0 {
            return move(to: .wrapUp(call: call, untilMs: nowMs + profile.wrapUpMs), .hungUp, nowMs)
        }
        return move(to: .available, .hungUp, nowMs)
    }

    /// Ends an expired wrap-up; returns nil when nothing is due.
    public mutating func tick(nowMs: Int64) -> AgentStateChange? {
        guard case .wrapUp(_, let untilMs) = state, nowMs >= untilMs else { return nil }
        return move(to: .available, .wrapUpExpired, nowMs)
    }

    /// Starts a new day for the daily counters.
    public mutating func startNewDay() { stats.startNewDay() }

    // MARK: Helpers

    private func refusal(_ attempted: String) -> AgentTransitionError {
        AgentTransitionError(agent: id, state: state, attempted: attempted)
    }

    private mutating func move(to next: AgentState, _ cause: AgentChangeCause, _ nowMs: Int64,
                               keepIdleSince: Bool = false) -> AgentStateChange {
        let change = AgentStateChange(agent: id, from: state, to: next, cause: cause, atMs: nowMs)
        state = next
        if next == .available {
            if !keepIdleSince || stats.idleSinceMs == nil { stats.idleSinceMs = nowMs }
        } else if case .reserved = next {
            // Still idle as far as "longest idle" goes until the call is answered.
        } else {
            stats.idleSinceMs = nil
        }
        return change
    }
}
