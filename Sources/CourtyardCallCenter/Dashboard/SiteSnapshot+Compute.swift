import CourtyardCRDT
import CourtyardDomain

// MARK: - Inputs

/// The site's ticket figures as read from its store: the open count, the counts of open
/// tickets at escalation level ≥ 1, ≥ 2 and ≥ 3, and (a page of) the overdue ones.
public struct SnapshotTicketInput: Sendable, Hashable {
    public var open: Int
    public var atLeastLevel: [Int]
    public var overdue: [TicketState]

    public init(open: Int = 0, atLeastLevel: [Int] = [0, 0, 0], overdue: [TicketState] = []) {
        self.open = open
        self.atLeastLevel = atLeastLevel
        self.overdue = overdue
    }

    /// The statuses that count as open (not resolved, closed or cancelled).
    public static let openStatuses: [TicketStatus] = [.open, .dispatched, .accepted, .onSite, .suspended]
}

// MARK: - Computation

extension SiteSnapshot {
    /// Builds the snapshot of `site` at `nowMs` from its ACD (nil without a call center), the
    /// service level computed from today's ledger, its ticket figures and its member view.
    /// Pure: the same inputs give the same snapshot, lists sorted and capped.
    public static func compute(site: SiteID, nowMs: Int64, acd: ACD?, serviceLevel: TodayServiceLevel,
                               tickets: SnapshotTicketInput, members: [SnapshotMember]) -> SiteSnapshot {
        var snapshot = SiteSnapshot(site: site, takenAtMs: nowMs, serviceLevel: serviceLevel)
        var omitted = 0
        if let acd {
            let waiting = waitingCalls(acd, site: site)
            snapshot.waitingCalls = waiting.count
            snapshot.longestWaitMs = waiting.map { max(0, nowMs - $0.waitingSinceMs) }.max() ?? 0
            snapshot.calls = Array(waiting.prefix(Limits.callsMax))
            omitted += waiting.count - snapshot.calls.count
            let agents = agentLines(acd)
            for a in agents { snapshot.agentsByState[a.state.rawValue, default: 0] += 1 }
            snapshot.agents = Array(agents.prefix(Limits.agentsMax))
            omitted += agents.count - snapshot.agents.count
        }
        snapshot.openTickets = max(0, tickets.open)
        let atLeast = (0..<3).map { i in i < tickets.atLeastLevel.count ? max(0, tickets.atLeastLevel[i]) : 0 }
        snapshot.overdueByLevel = (0..<3).map { i in max(0, atLeast[i] - (i < 2 ? atLeast[i + 1] : 0)) }
        let overdue = tickets.overdue.filter { $0.escalationLevel >= 1 }
            .sorted { ($0.escalationLevel, -$0.updatedAtMs, $1.id) > ($1.escalationLevel, -$1.updatedAtMs, $0.id) }
        snapshot.overdue = overdue.prefix(Limits.overdueMax).map(ticketLine)
        omitted += max(0, atLeast[0] - snapshot.overdue.count)
        snapshot.members = Array(members.sorted { ($0.site, $0.endpoint) < ($1.site, $1.endpoint) }
            .prefix(Limits.membersMax).map { m in
                SnapshotMember(site: m.site, endpoint: clip(m.endpoint), status: m.status)
            })
        snapshot.omitted = omitted
        return snapshot
    }

    /// Calls owned by `site` not yet connected to an agent, longest waiting first.
    static func waitingCalls(_ acd: ACD, site: SiteID) -> [SnapshotCall] {
        acd.calls.values.compactMap { q -> SnapshotCall? in
            let phase: String
            switch q.phase {
            case .waiting: phase = "waiting"
            case .ringing: phase = "ringing"
            case .remote: phase = "remote"
            case .connected: return nil
            }
            return SnapshotCall(call: q.call, queue: q.queue, caller: q.caller.map { clip($0.canonical) },
                                waitingSinceMs: q.arrivedMs, phase: phase)
        }
        .sorted { ($0.waitingSinceMs, $0.call) < ($1.waitingSinceMs, $1.call) }
    }

    /// The agents logged in at this node (owned here), sorted by id; logged-out ones are left out.
    static func agentLines(_ acd: ACD) -> [SnapshotAgent] {
        acd.agents.keys.sorted().compactMap { id -> SnapshotAgent? in
            guard let state = acd.agents[id]?.state, state != .loggedOut else { return nil }
            var line = SnapshotAgent(agent: id, state: state.kind, call: state.call)
            switch state {
            case .notReady(let reason): line.reason = reason.rawValue
            case .onBreak(let reason): line.reason = reason.rawValue
            case .onCall(_, let since): line.sinceMs = since
            default: break
            }
            return line
        }
    }

    static func ticketLine(_ t: TicketState) -> SnapshotTicket {
        SnapshotTicket(id: t.id.rawValue, number: clip(t.created.number.description), title: clip(t.created.title),
                       status: t.status.rawValue, level: min(max(t.escalationLevel, 0), 3), updatedAtMs: t.updatedAtMs)
    }

    static func clip(_ s: String) -> String {
        s.count <= Limits.textCharsMax ? s : String(s.prefix(Limits.textCharsMax - 1)) + "…"
    }
}

// MARK: - Today's service level

extension TodayServiceLevel {
    /// Local midnight before `nowMs` for a UTC offset in minutes (China: 480, no DST).
    public static func dayStart(nowMs: Int64, utcOffsetMinutes: Int) -> Int64 {
        let day: Int64 = 86_400_000
        let offset = Int64(utcOffsetMinutes) * 60_000
        let local = nowMs + offset
        let floored = local >= 0 ? local / day : (local - day + 1) / day
        return floored * day - offset
    }

    /// SL of the calls that entered at `site` since local midnight: the call report of
    /// `[dayStart, dayStart + 24 h)` measured up to `nowMs` (`docs/metrics.md`). `events` are
    /// the ledger's report events of that range (`CallLedgerStore.reportEvents`).
    public static func compute(events: [LedgerEvent], site: SiteID, nowMs: Int64,
                               settings: ReportSettings) -> TodayServiceLevel {
        let start = dayStart(nowMs: nowMs, utcOffsetMinutes: settings.utcOffsetMinutes)
        var level = TodayServiceLevel(dayStartMs: start, thresholdMs: settings.serviceLevelThresholdMs)
        guard let range = try? LedgerRange(fromMs: start, toMs: start + 86_400_000) else { return level }
        let report = CallReport.compute(events: events, range: range, site: site, nowMs: nowMs, settings: settings)
        level.offered = report.counts.offered
        level.answered = report.counts.answered
        level.answeredWithinThreshold = report.counts.answeredWithinThreshold
        level.abandoned = report.counts.abandoned
        level.shortAbandoned = report.counts.shortAbandoned
        level.percent = report.figures.serviceLevelPercent
        return level
    }
}
