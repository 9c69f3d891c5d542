import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication

// MARK: - SimEvent

/// Everything that can happen at an instant of a run.
enum SimEvent: Sendable {
    case membershipDeliver(to: Int, from: Int, MembershipMessage)
    case replicationDeliver(to: Int, from: Int, ReplicationMessage<TicketEvent>)
    case membershipTimer(site: Int, life: Int, MembershipTimer)
    case replicationTick(site: Int, life: Int)
    case persistDone(site: Int, life: Int, [TicketEvent], ackedEarly: Bool)
    case escalationSweep(site: Int, life: Int)
    case workloadMinute
    case call(site: Int)
    case callCenter(CallCenterEvent)
    case work(TicketID, home: Int, WorkStep, attempt: Int)
    case fault(FaultAction)
    case endFault(site: Int, DiskFaultKind)
    case restart(site: Int)
    case status
    case quiesce
    case finish
}

enum DiskFaultKind: Sendable { case error, full }

/// Options that change what a run records, not what it does.
public struct SimulationOptions: Sendable, Hashable {
    /// Keep every trace record for the JSON trace writer.
    public var collectTrace = false
    /// Keep the choice log (needed for shrinking).
    public var recordChoices = false
    /// Status lines every `statusEveryMs` (false: none).
    public var statusLines = true
    public init(collectTrace: Bool = false, recordChoices: Bool = false, statusLines: Bool = true) {
        self.collectTrace = collectTrace
        self.recordChoices = recordChoices
        self.statusLines = statusLines
    }
}

// MARK: - Simulator

/// The core simulator: the pure cores of every site node driven in one thread on virtual
/// time that jumps from event to event. All randomness comes from `rng`; all ordering from
/// the event queue's (time, sequence) order and sorted collections.
struct Simulator {
    let scenario: Scenario
    let plant: PlantedBug?
    let options: SimulationOptions
    let siteIDs: [ReplicaID]
    var nodes: [SimNode] = []
    var rng: SimRandom
    var queue = EventQueue<SimEvent>()
    var network: SimNetwork
    var faultPoints: FaultPoints
    var nowMs: Int64 = 0
    var trace = TraceHash()
    var traceRecords: [TraceRecord] = []
    var checker: Checker
    var statusLines: [String] = []
    /// ACDs, agents, calls and bridges (see `CallCenterWorld`).
    var cc = CallCenterWorld()
    var stats = SimulationStats()
    /// False once the heal-and-quiesce phase starts: no more calls or injected faults.
    var chaos = true
    /// No ticket writes (work, escalations) at or after this instant: the last part of the
    /// quiesce phase only settles replication.
    var writesStopMs: Int64 { scenario.durationMs + scenario.quiesceMs - min(120_000, scenario.quiesceMs / 2) }
    var finished = false

    /// Wall clock at virtual 0: 2026-11-24 00:00 UTC plus the start hour (UTC+8 site time).
    static let epochBaseMs: Int64 = 1_795_478_400_000
    static let sweepIntervalMs: Int64 = 15_000

    init(scenario: Scenario, rng: SimRandom, plant: PlantedBug?, options: SimulationOptions) throws {
        self.scenario = scenario
        self.plant = plant
        self.options = options
        self.rng = rng
        siteIDs = scenario.sites.map { ReplicaID($0) }
        network = SimNetwork(siteCount: scenario.sites.count, settings: scenario.link)
        faultPoints = scenario.faultPointRegistry()
        checker = Checker(scenario: scenario)
        if scenario.swarm { randomiseFaults() }
        let epoch = Self.epochBaseMs + Int64((scenario.startHour + 16) % 24) * 3_600_000
        let hq = scenario.hq.map { ReplicaID($0) }
        for (i, site) in siteIDs.enumerated() {
            let incarnation = (self.rng.next() << 16) | 1
            nodes.append(try SimNode(index: i, site: site, hq: hq, clock: SimClock(epochMs: epoch), incarnation: incarnation))
        }
        try setUpCallCenter()
    }

    /// Swarm mode: network rates and fault points drawn per seed (FoundationDB's swarm testing).
    mutating func randomiseFaults() {
        network.settings.dropRate = Double(rng.below(4)) / 100
        network.settings.duplicateRate = Double(rng.below(3)) / 100
        network.settings.delayMaxMs = rng.int(in: 5...200)
        network.settings.slowRate = Double(rng.below(3)) / 100
        for point in FaultPoint.allCases where rng.chance(0.4) {
            for site in scenario.sites.indices where rng.chance(0.5) { faultPoints.enable(point, site: site) }
        }
        let on = scenario.sites.indices.map { faultPoints.enabled(site: $0).map(\.rawValue).joined(separator: ",") }
        record("swarm", "drop=\(network.settings.dropRate) dup=\(network.settings.duplicateRate) delayMax=\(network.settings.delayMaxMs) points=\(on)")
    }

    // MARK: Run loop

    mutating func run() -> SimulationStats {
        start()
        while !finished, let entry = queue.pop() {
            nowMs = entry.atMs
            handle(entry.payload)
            stats.events += 1
        }
        return stats
    }

    mutating func start() {
        for i in nodes.indices { boot(i) }
        queue.push(atMs: 0, .workloadMinute)
        startShifts()
        if options.statusLines { queue.push(atMs: 0, .status) }
        for fault in scenario.faults.sorted(by: { $0.atMs < $1.atMs }) where fault.atMs < scenario.durationMs {
            queue.push(atMs: fault.atMs, .fault(fault.action))
        }
        queue.push(atMs: scenario.durationMs, .quiesce)
        queue.push(atMs: scenario.durationMs + scenario.quiesceMs, .finish)
    }

    mutating func handle(_ event: SimEvent) {
        switch event {
        case .membershipDeliver(let to, let from, let m): deliverMembership(to: to, from: from, m)
        case .replicationDeliver(let to, let from, let m): deliverReplication(to: to, from: from, m)
        case .membershipTimer(let i, let life, let t):
            guard isLive(i, life) else { return }
            record("timer", "\(siteIDs[i]) \(t)")
            var r = rng
            let out = nodes[i].membership.onTimer(t, nowMs: nodes[i].nowMs(nowMs), rng: &r)
            rng = r
            executeMembership(out, at: i)
        case .replicationTick(let i, let life):
            guard isLive(i, life) else { return }
            var r = rng
            let out = nodes[i].replication.onTick(nowMs: nodes[i].nowMs(nowMs), rng: &r)
            rng = r
            executeReplication(out, at: i)
        case .persistDone(let i, let life, let items, let early): persistDone(i, life, items, ackedEarly: early)
        case .escalationSweep(let i, let life): escalationSweep(i, life)
        case .workloadMinute: workloadMinute()
        case .call(let site): callArrives(site)
        case .callCenter(let e): handleCallCenter(e)
        case .work(let ticket, let home, let step, let attempt): work(ticket, home: home, step, attempt: attempt)
        case .fault(let action): if chaos { inject(action) }
        case .endFault(let i, let kind): endDiskFault(i, kind)
        case .restart(let i): restart(i)
        case .status: status()
        case .quiesce: quiesce()
        case .finish: finish()
        }
    }

    func isLive(_ i: Int, _ life: Int) -> Bool { nodes[i].up && nodes[i].life == life }

    // MARK: Trace

    mutating func record(_ kind: String, _ detail: String) {
        trace.record(atMs: nowMs, kind, detail)
        if options.collectTrace { traceRecords.append(TraceRecord(atMs: nowMs, kind: kind, detail: detail)) }
    }

    mutating func handleCallCenter(_ event: CallCenterEvent) {
        switch event {
        case .acdTick(let i, let life): acdTick(i, life)
        case .acdDeliver(let to, let from, let m): deliverACD(to: to, from: from, m)
        case .callerKeys(let id, let token): callerKeys(id, token: token)
        case .ivrReply(let id, let token, let answer): ivrReply(id, token: token, answer)
        case .patience(let id, let token): patienceEnds(id, token: token)
        case .agentResponds(let i, let life, let call, let agent, let answer): agentResponds(i, life, call, agent, answer: answer)
        case .talkEnds(let id, let token): talkEnds(id, token: token)
        case .shift(let a, let start): shift(a, start: start)
        case .breakEnds(let a, let site, let life): breakEnds(a, site: site, life: life)
        case .failover(let a): failover(a)
        case .callback(let i, let life, let id, let attempt): callback(i, life, id, attempt: attempt)
        }
    }

    mutating func violate(_ checker: String, _ message: String) {
        let v = Violation(checker: checker, atMs: nowMs, message: message)
        self.checker.violations.append(v)
        record("violation", v.description)
    }
}

/// Counters of a run.
public struct SimulationStats: Hashable, Sendable {
    public var events = 0
    public var messagesDelivered = 0
    public var messagesLost = 0
    /// Calls offered (residents calling).
    public var calls = 0
    /// Calls an agent answered (bridged), of them answered by another site's agent
    /// (overflowed), and answered by the agent the returning caller spoke to last (sticky).
    public var callsAnswered = 0
    public var callsOverflowed = 0
    public var stickyHits = 0
    /// Remote reservations asked (overflow attempts, granted or not).
    public var overflowRequests = 0
    /// Callers who hung up while queued, or in the IVR without self-service.
    public var callsAbandoned = 0
    /// Calls finished in the IVR (voice mail, lookups, payment, information).
    public var selfServed = 0
    /// Calls the ACD sent to voice mail (queue full, maximum wait).
    public var voicemails = 0
    /// Calls cut off because the node they entered, or their agent's node, stopped.
    public var callsDropped = 0
    /// Missed calls an agent called back.
    public var callbacks = 0
    public var agentLogins = 0
    public var agentLogouts = 0
    /// Agents whose consoles reconnected to another site after their site stopped.
    public var agentFailovers = 0
    public var ticketsCreated = 0
    public var eventsWritten = 0
    public var writesRefused = 0
    public var escalations = 0
    public var crashes = 0
    public var hlcRefusals = 0
}
