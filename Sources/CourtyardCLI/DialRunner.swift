import CourtyardCallCenter
import Foundation
import HummingbirdWSClient

// MARK: - The dial run loop

/// How a run ended.
public struct DialOutcome: Sendable {
    public var figures: DialFigures
    public var elapsedMs: Int64
    /// Whether any node welcomed the gateway.
    public var connected: Bool
}

/// Drives a `DialGateway` with real time and real WebSockets: one connection per node
/// (slot), frames in, events out, timers, live figures, failover. Everything it decides
/// comes from the gateway core; this is plumbing.
public struct DialRunner: Sendable {
    public let plan: DialPlan
    public let residents: [String]
    public let agents: any DialAgentPool
    /// Where status lines and notes go (stderr for the command).
    public let log: @Sendable (String) -> Void

    static let tickMs: Int64 = 20
    /// How long the run waits, once done, for each node to answer its close.
    static let closeWaitMs: Int64 = 3_000
    static let notesMax = 200

    public init(plan: DialPlan, residents: [String], agents: any DialAgentPool, log: @escaping @Sendable (String) -> Void) {
        self.plan = plan
        self.residents = residents
        self.agents = agents
        self.log = log
    }

    /// Runs until the arrivals end and calls in progress finish (or the drain time runs
    /// out), or until no node welcomed the gateway within the connect timeout. With
    /// `stopOnInterrupt`, Ctrl-C (SIGINT) hangs up the calls in progress and ends the run
    /// with its figures instead of killing the process.
    public func run(stopOnInterrupt: Bool = false) async -> DialOutcome {
        let (stream, sink) = AsyncStream<DialInput>.makeStream()
        let interrupts = stopOnInterrupt ? DispatchSource.makeSignalSource(signal: SIGINT) : nil
        if let interrupts {
            signal(SIGINT, SIG_IGN)
            interrupts.setEventHandler { sink.yield(.interrupt) }
            interrupts.resume()
        }
        defer { interrupts?.cancel() }
        var loop = DialLoop(plan: plan, core: DialGateway(settings: plan.settings, residentNumbers: residents),
                            agents: agents, log: log, sink: sink)
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Self.tickMs))
                    sink.yield(.tick)
                }
            }
            for slot in 0..<plan.nodes.count { loop.connect(slot, in: &group) }
            var closing: (outcome: DialOutcome, deadline: ContinuousClock.Instant)?
            for await input in stream {
                if let c = closing {
                    // Closing gracefully: the node answers our close only after it has
                    // processed every frame sent before it, so the last hang-ups and
                    // recordings are not lost to a torn connection. Bounded by a deadline.
                    if case .closed(let slot, let gen, _) = input, loop.generation[slot] == gen { loop.writers[slot] = nil }
                    if loop.writers.isEmpty || ContinuousClock.now >= c.deadline {
                        group.cancelAll()
                        sink.finish()
                        return c.outcome
                    }
                    continue
                }
                await loop.handle(input, in: &group)
                if let outcome = loop.outcome {
                    await loop.closeAll()
                    if loop.writers.isEmpty {
                        group.cancelAll()
                        sink.finish()
                        return outcome
                    }
                    closing = (outcome, ContinuousClock.now + .milliseconds(Self.closeWaitMs))
                }
            }
            return DialOutcome(figures: loop.core.figures, elapsedMs: loop.nowMs, connected: false)
        }
    }
}

/// The state of one run loop (lives inside `DialRunner.run`).
struct DialLoop {
    let plan: DialPlan
    var core: DialGateway
    let agents: any DialAgentPool
    let log: @Sendable (String) -> Void
    let sink: AsyncStream<DialInput>.Continuation
    let clockStart = ContinuousClock.now

    var writers: [Int: WebSocketOutboundWriter] = [:]
    var outSeq: [Int: UInt64] = [:]
    var generation: [Int: Int] = [:]
    var nodeIndex: [Int: Int] = [:]
    var attempts: [Int: Int] = [:]
    var reconnects = DialTimerQueue<Int>()
    var timers = DialTimerQueue<DialTimer>()
    var readyTimers = DialTimerQueue<AgentID>()
    var firstWelcomeMs: Int64?
    var agentsRequested = false
    var started = false
    var nextStatusMs: Int64 = 0
    var notes = 0
    var outcome: DialOutcome?

    init(plan: DialPlan, core: DialGateway, agents: any DialAgentPool, log: @escaping @Sendable (String) -> Void,
         sink: AsyncStream<DialInput>.Continuation) {
        self.plan = plan
        self.core = core
        self.agents = agents
        self.log = log
        self.sink = sink
    }

    var nowMs: Int64 {
        let d = ContinuousClock.now - clockStart
        return d.components.seconds * 1_000 + d.components.attoseconds / 1_000_000_000_000_000
    }

    // MARK: Connections

    mutating func connect(_ slot: Int, in group: inout TaskGroup<Void>) {
        let gen = (generation[slot] ?? 0) + 1
        generation[slot] = gen
        let node = plan.nodes[(nodeIndex[slot] ?? slot) % plan.nodes.count]
        nodeIndex[slot] = (nodeIndex[slot] ?? slot) % plan.nodes.count
        let sink = self.sink
        group.addTask { await DialConnection.run(url: node.ctiURL, slot: slot, generation: gen, sink: sink) }
    }

    func closeAll() async {
        for slot in writers.keys.sorted() {
            try? await writers[slot]?.close(.normalClosure, reason: "courtyard dial is done")
        }
    }

    // MARK: Inputs

    mutating func handle(_ input: DialInput, in group: inout TaskGroup<Void>) async {
        switch input {
        case .opened(let slot, let gen, let writer):
            guard generation[slot] == gen, outcome == nil else {
                try? await writer.close(.normalClosure, reason: "superseded")
                return
            }
            writers[slot] = writer
            outSeq[slot] = 0
            await send(slot, core.hello(slot: slot))
        case .frame(let slot, let gen, let bytes):
            guard generation[slot] == gen else { return }
            let wasUp = core.slotSites[slot] != nil
            await apply(core.receive(frame: bytes, slot: slot, nowMs: nowMs), in: &group)
            if !wasUp, let site = core.slotSites[slot] {
                attempts[slot] = 0
                firstWelcomeMs = firstWelcomeMs ?? nowMs
                note("connected to \(plan.nodes[nodeIndex[slot] ?? slot]) (site \(site)) as node \(slot + 1)")
            }
        case .closed(let slot, let gen, let reason):
            guard generation[slot] == gen else { return }
            writers[slot] = nil
            let node = plan.nodes[nodeIndex[slot] ?? slot]
            let held = core.calls.values.filter { $0.slot == slot }.count
            await apply(core.connectionLost(slot: slot, nowMs: nowMs), in: &group)
            let tries = (attempts[slot] ?? 0) + 1
            attempts[slot] = tries
            nodeIndex[slot] = ((nodeIndex[slot] ?? slot) + 1) % plan.nodes.count
            let backoff = min(Int64(250) << min(tries, 5), 5_000)
            if outcome == nil, tries == 1 || tries % 10 == 0 {
                note("connection \(slot + 1) to \(node) lost (\(reason)); \(held) calls held; trying \(plan.nodes[nodeIndex[slot]!]) in \(backoff) ms")
            }
            reconnects.add(slot, atMs: nowMs + backoff)
        case .agentsReady(let homes, let lines):
            for (agent, site) in homes.sorted(by: { $0.key < $1.key }) { core.registerAgent(agent, site: site) }
            lines.forEach { note($0) }
            startArrivals(in: &group)
        case .interrupt:
            guard outcome == nil else { return }
            note("interrupted: \(core.activeCallCount) calls in progress are hung up")
            await apply(core.hangUpAll(nowMs: nowMs), in: &group)
            outcome = DialOutcome(figures: core.figures, elapsedMs: started ? nowMs - core.startMs : nowMs,
                                  connected: firstWelcomeMs != nil)
        case .tick:
            await tick(in: &group)
        }
    }

    mutating func tick(in group: inout TaskGroup<Void>) async {
        let now = nowMs
        for slot in reconnects.popDue(nowMs: now) { connect(slot, in: &group) }
        for timer in timers.popDue(nowMs: now) { await apply(core.onTimer(timer, nowMs: now), in: &group) }
        for agent in readyTimers.popDue(nowMs: now) {
            let pool = agents
            group.addTask { await pool.ready(agent) }
        }
        if let first = firstWelcomeMs, !agentsRequested {
            let allUp = core.slotSites.allSatisfy { $0 != nil }
            if allUp || now - first >= 2_000 { requestAgents(in: &group) }
        }
        if started, now >= nextStatusMs {
            log(core.figures.statusLine(elapsedMs: now - core.startMs))
            nextStatusMs = now + plan.statusEveryMs
        }
        if started, !core.isArriving(nowMs: now), core.activeCallCount > 0,
           now >= core.startMs + plan.settings.durationMs + plan.drainMs {
            note("drain time over: \(core.activeCallCount) calls still in progress are hung up")
            await apply(core.hangUpAll(nowMs: now), in: &group)
        }
        finishIfDone(now: now)
    }

    private mutating func requestAgents(in group: inout TaskGroup<Void>) {
        agentsRequested = true
        guard plan.autoAgents else { return startArrivals(in: &group) }
        let (pool, nodes, sites, counts, sink) = (agents, plan.nodes, slotNodeSites(), plan.agentsPerNode, sink)
        group.addTask {
            let (homes, notes) = await pool.logIn(nodes: nodes, sites: sites, counts: counts)
            sink.yield(.agentsReady(homes: homes, notes: notes))
        }
    }

    /// The site each configured node answered as (by node, not by slot).
    private func slotNodeSites() -> [SiteID?] {
        var sites = [SiteID?](repeating: nil, count: plan.nodes.count)
        for slot in core.slotSites.indices { if let i = nodeIndex[slot] { sites[i] = core.slotSites[slot] } }
        return sites
    }

    private mutating func startArrivals(in group: inout TaskGroup<Void>) {
        guard !started else { return }
        started = true
        nextStatusMs = nowMs + plan.statusEveryMs
        for d in core.start(nowMs: nowMs) { if case .schedule(let t, let at) = d { timers.add(t, atMs: at) } }
    }

    private mutating func finishIfDone(now: Int64) {
        guard outcome == nil else { return }
        if firstWelcomeMs == nil, now >= plan.connectTimeoutMs {
            outcome = DialOutcome(figures: core.figures, elapsedMs: now, connected: false)
            return
        }
        guard started, !core.isArriving(nowMs: now), core.activeCallCount == 0 else { return }
        outcome = DialOutcome(figures: core.figures, elapsedMs: now - core.startMs, connected: true)
    }

    // MARK: Directives

    mutating func apply(_ directives: [DialDirective], in group: inout TaskGroup<Void>) async {
        for d in directives {
            switch d {
            case .send(let slot, let event): await send(slot, event)
            case .schedule(let timer, let at): timers.add(timer, atMs: at)
            case .agentWrapUp(let agent, let ms): readyTimers.add(agent, atMs: nowMs + ms)
            case .note(let text): note(text)
            }
        }
    }

    private mutating func send(_ slot: Int, _ event: CTIEvent) async {
        guard let writer = writers[slot] else { return }
        let seq = (outSeq[slot] ?? 0) + 1
        outSeq[slot] = seq
        try? await writer.write(.text(CTICodec.encode(CTIInbound(seq: seq, event: event))))
    }

    mutating func note(_ text: String) {
        notes += 1
        if notes <= DialRunner.notesMax { log(text) } else if notes == DialRunner.notesMax + 1 { log("(further notes suppressed)") }
    }
}
