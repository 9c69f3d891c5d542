import CourtyardCRDT

// MARK: - Time per agent state

/// How long one agent spent in each state within a report window, from its state changes.
///
/// Each change says the state it left (`from`) as well as the one it entered, so the state
/// at the start of the window is known from the first change inside it: the time from the
/// window's start to that change counts in its `from` state. After the last change the
/// agent stays in its `to` state until the window ends. An agent with no change in the
/// window does not appear (its state is unknown from the window alone).
struct AgentTimeline: Sendable {
    let agent: AgentID
    private(set) var msByState: [LedgerAgentState: Int64] = [:]

    /// `changes` are this agent's `agentState` events; `startMs..<endMs` is the window.
    init(agent: AgentID, changes: [(atMs: Int64, from: LedgerAgentState, to: LedgerAgentState)],
         startMs: Int64, endMs: Int64) {
        self.agent = agent
        let ordered = changes.enumerated()
            .sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }
            .map(\.element)
            .filter { $0.atMs >= startMs && $0.atMs < endMs }
        guard let first = ordered.first else { return }
        var cursor = startMs
        var state = first.from
        for change in ordered {
            add(state, change.atMs - cursor)
            cursor = change.atMs
            state = change.to
        }
        add(state, endMs - cursor)
    }

    private mutating func add(_ state: LedgerAgentState, _ ms: Int64) {
        guard ms > 0 else { return }
        msByState[state, default: 0] += ms
    }

    /// Time logged in (every state but logged out).
    var loggedInMs: Int64 { total { $0 != .loggedOut } }
    /// Time ready for or working on calls: the denominator of occupancy.
    var staffedMs: Int64 { total(\.isStaffedForOccupancy) }
    /// Time on calls or in after-call work: the numerator of occupancy.
    var handlingMs: Int64 { total(\.isHandling) }

    /// Handling over staffed time, in percent; nil with no staffed time.
    var occupancyPercent: Double? {
        staffedMs > 0 ? 100 * Double(handlingMs) / Double(staffedMs) : nil
    }

    private func total(_ include: (LedgerAgentState) -> Bool) -> Int64 {
        LedgerAgentState.allCases.filter(include).reduce(0) { $0 + (msByState[$1] ?? 0) }
    }
}
