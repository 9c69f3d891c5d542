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
    /// Sorted by (agent, call) so iteration is deterministic and an agent's reservations are
    /// found by binary search.
    public private(set) var reservations: [Reservation] = []
    /// The agents holding each call, sorted (derived from `reservations`; a call has one
    /// agent, several only for ring-all), so the per-call checks do not scan the ledger.
    private var holders: [CallID: [AgentID]] = [:]

    public init(capacity: Int = 10_000, allowDoubleReservation: Bool = false) {
        self.capacity = capacity
        self.allowDoubleReservation = allowDoubleReservation
    }

    private enum CodingKeys: String, CodingKey { case capacity, allowDoubleReservation, reservations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        capacity = try c.decode(Int.self, forKey: .capacity)
        allowDoubleReservation = try c.decode(Bool.self, forKey: .allowDoubleReservation)
        let rs = try c.decode([Reservation].self, forKey: .reservations)
        reservations = rs.sorted { ($0.agent, $0.call) < ($1.agent, $1.call) }
        for r in reservations { holders[r.call, default: []].append(r.agent) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(capacity, forKey: .capacity)
        try c.encode(allowDoubleReservation, forKey: .allowDoubleReservation)
        try c.encode(reservations, forKey: .reservations)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.capacity == b.capacity && a.allowDoubleReservation == b.allowDoubleReservation && a.reservations == b.reservations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(capacity)
        hasher.combine(allowDoubleReservation)
        hasher.combine(reservations)
    }

    // MARK: Queries

    /// The call the agent holds, if any (the first by call id when a planted bug let it hold two).
    public func call(heldBy agent: AgentID) -> CallID? {
        let i = firstIndex(notBelow: agent, call: nil)
        return i < reservations.count && reservations[i].agent == agent ? reservations[i].call : nil
    }

    /// The agents holding the call, sorted.
    public func agents(holding call: CallID) -> [AgentID] {
        holders[call] ?? []
    }

    public func isReserved(_ agent: AgentID) -> Bool { call(heldBy: agent) != nil }

    /// The index of the reservation for (agent, call), if any.
    private func index(of agent: AgentID, call: CallID) -> Int? {
        let i = firstIndex(notBelow: agent, call: call)
        return i < reservations.count && reservations[i].agent == agent && reservations[i].call == call ? i : nil
    }

    /// The first index whose (agent, call) is not below (agent, call); a nil call is below
    /// every call.
    private func firstIndex(notBelow agent: AgentID, call: CallID?) -> Int {
        var low = 0, high = reservations.count
        while low < high {
            let mid = (low + high) / 2
            let r = reservations[mid]
            let below = r.agent < agent || (r.agent == agent && call.map { r.call < $0 } == true)
            if below { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private mutating func remove(at i: Int) {
        let r = reservations.remove(at: i)
        holders[r.call]?.removeAll { $0 == r.agent }
        if holders[r.call]?.isEmpty == true { holders[r.call] = nil }
    }

    // MARK: Changes

    /// Reserves `agent` for `call`; refuses a second call for the agent and a second agent for
    /// the call (unless both are ring-all and the call is not yet connected).
    public mutating func reserve(agent: AgentID, call: CallID, nowMs: Int64, ringAll: Bool = false) throws(ReservationError) {
        guard reservations.count < capacity else { throw .ledgerFull(limit: capacity) }
        if !allowDoubleReservation {
            if let held = self.call(heldBy: agent) {
                throw .agentAlreadyReserved(agent, holding: held)
            }
            let placed = (holders[call] ?? []).compactMap { a in index(of: a, call: call).map { reservations[$0] } }
            if let connected = placed.first(where: \.connected) { throw .callAlreadyConnected(call, to: connected.agent) }
            if let first = placed.first, !(ringAll && first.ringAll) { throw .callAlreadyPlaced(call, with: first.agent) }
        }
        let r = Reservation(agent: agent, call: call, sinceMs: nowMs, ringAll: ringAll, connected: false)
        reservations.insert(r, at: firstIndex(notBelow: agent, call: call))
        var agents = holders[call] ?? []
        agents.insert(agent, at: agents.lowerBound(of: agent))
        holders[call] = agents
    }

    /// Marks the agent's reservation connected (answered) and releases the call's other
    /// ring-all reservations, which it returns (sorted) so their offers can be withdrawn.
    public mutating func connect(agent: AgentID, call: CallID) throws(ReservationError) -> [AgentID] {
        guard let i = index(of: agent, call: call) else { throw .notReserved(agent, call) }
        let holding = holders[call] ?? []
        if !allowDoubleReservation,
           let other = holding.first(where: { a in index(of: a, call: call).map { reservations[$0].connected } == true }) {
            throw .callAlreadyConnected(call, to: other)
        }
        let others = holding.filter { $0 != agent }
        reservations[i].connected = true
        let losers = others.filter { a in index(of: a, call: call).map { !reservations[$0].connected } == true }
        for loser in losers { if let j = index(of: loser, call: call) { remove(at: j) } }
        return losers
    }

    /// Releases one agent's reservation for the call (answer timeout, decline, hang-up).
    public mutating func release(agent: AgentID, call: CallID) throws(ReservationError) {
        guard let i = index(of: agent, call: call) else { throw .notReserved(agent, call) }
        remove(at: i)
    }

    /// Releases every reservation of the call (caller hung up); returns the agents released.
    @discardableResult
    public mutating func release(call: CallID) -> [AgentID] {
        let agents = agents(holding: call)
        for a in agents { if let i = index(of: a, call: call) { remove(at: i) } }
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
