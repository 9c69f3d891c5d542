import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication

// MARK: - Checker

/// The invariants of a run. Safety is checked as the run goes (HLC monotonicity, event ids
/// per site, durable copies of acknowledged writes — see the simulator's shell); the rest
/// after the heal-and-quiesce phase (`finalChecks`).
struct Checker {
    let scenario: Scenario
    var violations: [Violation] = []
    /// Lives currently running.
    var liveLives: Set<NodeID> = []
    var crashes: [(node: NodeID, atMs: Int64)] = []
    /// The first time any node declared each life down.
    var declaredDownAt: [NodeID: Int64] = [:]
    var falsePositives: [String] = []
    /// Windows of network faults (partitions, clogs, flaps).
    var networkWindows: [(Int64, Int64)] = []
    var clockFaultMs: Int64 = 0
    /// The newest event id each site has issued (HLC across lives).
    var issued: [String: HLCTimestamp] = [:]
    /// Every acknowledged event, with its level.
    var acked: [EventIDKey: (ticket: TicketID, id: EventID)] = [:]

    /// Failure detection bound (`MembershipSettings.failureDetectionBoundMs`) plus 10 s for
    /// network delays and a raised local-health multiplier.
    let detectionBoundMs: Int64

    init(scenario: Scenario) {
        self.scenario = scenario
        detectionBoundMs = SimNode.membershipSettings.failureDetectionBoundMs(memberCount: scenario.sites.count) + 10_000
    }

    /// How late an escalation may be written after its level fell due (wall ms): one sweep,
    /// the failure-detection bound (the duty moves to another site), twice the largest clock
    /// fault, the longest crash in the plan (a ticket only the crashed node held) and 60 s.
    var escalationBoundMs: Int64 {
        var crashMs: Int64 = scenario.faultPoints[.nodeCrash] != nil || scenario.swarm ? 60_000 : 0
        for f in scenario.faults {
            switch f.action {
            case .crash(_, let d), .rollingRestart(_, let d): crashMs = max(crashMs, d)
            case .oneWay(_, _, let d): crashMs = max(crashMs, d)
            default: break
            }
        }
        return Simulator.sweepIntervalMs + detectionBoundMs + 2 * clockFaultMs + crashMs + 60_000
    }

    // MARK: Observations

    mutating func lifeStarted(_ node: NodeID) { liveLives.insert(node) }
    mutating func lifeEnded(_ node: NodeID) { liveLives.remove(node) }

    mutating func crashed(_ node: NodeID, atMs: Int64) {
        liveLives.remove(node)
        crashes.append((node, atMs))
    }

    mutating func networkFault(fromMs: Int64, toMs: Int64) { networkWindows.append((fromMs, toMs)) }
    mutating func clockFault(_ ms: Int64) { clockFaultMs = max(clockFaultMs, abs(ms)) }

    func networkFaultOverlaps(_ from: Int64, _ to: Int64) -> Bool {
        networkWindows.contains { $0.0 <= to && $0.1 >= from }
    }

    /// Some node declared `member` down. A live member declared down outside any network or
    /// clock fault is a false positive.
    mutating func declaredDown(_ member: NodeID, by observer: NodeID, atMs: Int64, network: SimNetwork, sites: [String]) {
        if declaredDownAt[member] == nil { declaredDownAt[member] = atMs }
        guard liveLives.contains(member), member != observer else { return }
        guard !networkFaultOverlaps(atMs - detectionBoundMs, atMs), clockFaultMs == 0 else { return }
        falsePositives.append("\(observer.site) declared live \(member) down at \(SimTime.format(atMs))")
    }

    /// A committed local event: ids of one site only grow, across restarts too.
    mutating func eventIssued(_ e: TicketEvent, atMs: Int64, violate: (String) -> Void) {
        let site = e.id.origin.rawValue
        if let last = issued[site], e.id.hlc <= last {
            violate("\(site) issued event \(e.id) at or below its earlier \(last)")
        }
        issued[site] = max(issued[site] ?? .zero, e.id.hlc)
    }

    mutating func acknowledged(_ e: TicketEvent, level: ConsistencyLevel) {
        acked[EventIDKey(e)] = (e.ticketID, e.id)
    }

    // MARK: After the quiesce phase

    func finalChecks(nodes: [SimNode], sites: [String], endMs: Int64, writesStopMs: Int64) -> [Violation] {
        var out: [Violation] = []
        func fail(_ checker: String, _ message: String) { out.append(Violation(checker: checker, atMs: endMs, message: message)) }
        let live = nodes.filter(\.up)
        guard let first = live.first else { return [Violation(checker: "convergence", atMs: endMs, message: "no node is up")] }
        // Convergence: every live replica holds the same ticket space …
        for n in live.dropFirst() where n.replication.store.bucketHashes != first.replication.store.bucketHashes
            || n.replication.store.count != first.replication.store.count {
            fail("convergence", "\(n.site) holds \(n.replication.store.count) events, \(first.site) \(first.replication.store.count); digests differ")
        }
        // … which contains every acknowledged write.
        for n in live {
            let missing = acked.keys.sorted().filter { k in
                guard let a = acked[k] else { return false }
                return !n.replication.store.contains(a.id, key: a.ticket)
            }
            if let m = missing.first {
                fail("convergence", "\(n.site) lacks \(missing.count) acknowledged events, e.g. \(m.description)")
            }
        }
        for n in live where n.replication.pendingPersistCount > 0 {
            fail("convergence", "\(n.site) still has \(n.replication.pendingPersistCount) items awaiting persistence")
        }
        out += escalationChecks(first, endWallMs: live.map { $0.nowMs(writesStopMs) }.min() ?? 0, endMs: endMs)
        out += detectionChecks(endMs: endMs)
        if falsePositives.count > scenario.falsePositiveBudget {
            fail("false-positive", "\(falsePositives.count) live nodes declared down (budget \(scenario.falsePositiveBudget)): \(falsePositives.prefix(3).joined(separator: "; "))")
        }
        return out
    }

    /// A crashed life was declared down within the detection bound (unless a network fault
    /// overlapped, when the resolver may rightly wait for a majority).
    func detectionChecks(endMs: Int64) -> [Violation] {
        crashes.compactMap { c in
            let deadline = c.atMs + detectionBoundMs
            guard deadline <= endMs, !networkFaultOverlaps(c.atMs - detectionBoundMs, deadline) else { return nil }
            if let at = declaredDownAt[c.node], at <= deadline { return nil }
            let when = declaredDownAt[c.node].map { "only at \(SimTime.format($0))" } ?? "never"
            return Violation(checker: "detection-bound", atMs: endMs,
                             message: "\(c.node) crashed at \(SimTime.format(c.atMs)), declared down \(when); bound \(detectionBoundMs / 1_000)s")
        }
    }
}
