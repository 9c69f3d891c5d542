// MARK: - Reservation ledger

/// One binding of an agent to a call on the agent's owning node.
public struct Reservation: Hashable, Sendable, Codable {
    public let agent: AgentID
    public let call: CallID
    public let sinceMs: Int64
    /// Part of a ring-all offer: several agents ring for the call, the first to answer wins.
    public let ringAll: Bool
    /// The agent answered: the call is connected to this agent.
    public internal(set) var connected: Bool
}

/// Why a reservation was refused or could not be changed.
public enum ReservationError: Error, Hashable, Sendable, CustomStringConvertible {
    case agentAlreadyReserved(AgentID, holding: CallID)
    case callAlreadyPlaced(CallID, with: AgentID)
    case callAlreadyConnected(CallID, to: AgentID)
    case notReserved(AgentID, CallID)
    case ledgerFull(limit: Int)

    public var description: String {
        switch self {
        case .agentAlreadyReserved(let a, let c): "agent \(a) is already reserved for call \(c)"
        case .callAlreadyPlaced(let c, let a): "call \(c) is already placed with agent \(a)"
        case .callAlreadyConnected(let c, let a): "call \(c) is already connected to agent \(a)"
        case .notReserved(let a, let c): "agent \(a) holds no reservation for call \(c)"
        case .ledgerFull(let n): "reservation ledger is full (\(n) reservations)"
        }
    }
}

/// The owning node's ledger of which agent holds which call: at most one call per agent and
/// at most one agent per call (several only for a ring-all offer, and then at most one
/// connected). DESIGN §2: reserving an agent is a call on its owner, and this ledger is the
/// one place that says yes, so no agent takes two calls.
public struct AgentReservations: Hashable, Sendable, Codable {
    public let capacity: Int
    /// PLANTED BUG SWITCH — exists only so the deterministic simulator can plant "allow a
    /// double reservation" and prove its invariant checker catches it. Never set in production.
    public var allowDoubleReservation: Bool
    /// Sorted by (agent, call) so iteration is deterministic.
    public private(set) var reservations: [Reservation] = []

    public init(capacity: Int = 10_000, allowDoubleReservation: Bool = false) {
        self.capacity = capacity
        self.allowDoubleReservation = allowDoubleReservation
    }

    // MARK: Queries

    /// The call the agent holds, if any.
    public func call(heldBy agent: AgentID) -> CallID? {
        reservations.first { $0.agent == agent }?.call
    }

    /// The agents holding the call, sorted.
    public func agents(holding call: CallID) -> [AgentID] {
        reservations.filter { $0.call == call }.map(\.agent)
    }

    public func isReserved(_ agent: AgentID) -> Bool { call(heldBy: agent) != nil }

    // MARK: Changes

    /// Reserves `agent` for `call`; refuses a second call for the agent and a second agent for
    /// the call (unless both are ring-all and the call is not yet connected).
    public mutating func reserve(agent: AgentID, call: CallID, nowMs: Int64, ringAll: Bool = false) throws(ReservationError) {
        guard reservations.count < capacity else { throw .ledgerFull(limit: capacity) }
        if !allowDoubleReservation {
            if let held = reservations.first(where: { $0.agent == agent }) {
                throw .agentAlreadyReserved(agent, holding: held.call)
            }
            if let placed = reservations.first(where: { $0.call == call }) {
                if placed.connected { throw .callAlreadyConnected(call, to: placed.agent) }
                if !(ringAll && placed.ringAll) { throw .callAlreadyPlaced(call, with: placed.agent) }
            }
        }
        let r = Reservation(agent: agent, call: call, sinceMs: nowMs, ringAll: ringAll, connected: false)
        let index = reservations.firstIndex { ($0.agent, $0.call) > (agent, call) } ?? reservations.endIndex
        reservations.insert(r, at: index)
    }

    /// Marks the agent's reservation connected (answered) and releases the call's other
    /// ring-all reservations, which it returns (sorted) so their offers can be withdrawn.
    public mutating func connect(agent: AgentID, call: CallID) throws(ReservationError) -> [AgentID] {
        guard let i = reservations.firstIndex(where: { $0.agent == agent && $0.call == call }) else {
            throw .notReserved(agent, call)
        }
        if !allowDoubleReservation, let other = reservations.first(where: { $0.call == call && $0.connected }) {
            throw .callAlreadyConnected(call, to: other.agent)
        }
        reservations[i].connected = true
        let losers = reservations.filter { $0.call == call && $0.agent != agent && !$0.connected }.map(\.agent)
        reservations.removeAll { $0.call == call && losers.contains($0.agent) }
        return losers
    }

    /// Releases one agent's reservation for the call (answer timeout, decline, hang-up).
    public mutating func release(agent: AgentID, call: CallID) throws(ReservationError) {
        guard let i = reservations.firstIndex(where: { $0.agent == agent && $0.call == call }) else {
            throw .notReserved(agent, call)
        }
        reservations.remove(at: i)
    }

    /// Releases every reservation of the call (caller hung up); returns the agents released.
    @discardableResult
    public mutating func release(call: CallID) -> [AgentID] {
        let agents = agents(holding: call)
        reservations.removeAll { $0.call == call }
        return agents
    }

    // MARK: Invariants

    /// Violations of "no agent on two calls, no call on two agents": empty when sound.
    /// The simulator calls this after every step.
    public func violations() -> [String] {
        var out: [String] = []
        var byAgent: [AgentID: [CallID]] = [:]
        var byCall: [CallID: [Reservation]] = [:]
        for r in reservations {
            byAgent[r.agent, default: []].append(r.call)
            byCall[r.call, default: []].append(r)
        }
        for agent in byAgent.keys.sorted() where byAgent[agent]!.count > 1 {
            out.append("agent \(agent) holds \(byAgent[agent]!.count) calls: \(byAgent[agent]!.map(\.rawValue).sorted())")
        }
        for call in byCall.keys.sorted() {
            let rs = byCall[call]!
            let connected = rs.filter(\.connected).count
            if connected > 1 { out.append("call \(call) is connected to \(connected) agents") }
            if rs.count > 1, !rs.allSatisfy(\.ringAll) || connected > 0 {
                out.append("call \(call) is placed with \(rs.count) agents")
            }
        }
        return out
    }
}
