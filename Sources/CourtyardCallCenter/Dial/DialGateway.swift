// MARK: - The traffic generator's gateway, as a value

/// The settings of one `courtyard dial` run.
public struct DialSettings: Hashable, Sendable {
    /// The gateway's id in `hello` (a token); call ids are `<gatewayId>-<n>`.
    public var gatewayId: String
    /// The shared secret sent in `hello`.
    public var token: String
    /// The hotline number the callers dial.
    public var dialled: String
    public var seed: UInt64
    /// How long new calls arrive; calls in progress then finish.
    public var durationMs: Int64
    public var arrivals: DialArrivalProcess
    public var population: DialCallerPopulation.Settings
    /// Already scaled to the run's speed.
    public var behaviour: DialBehaviour
    /// Node connections; calls are spread over those that are up.
    public var slots: Int
    /// A caller hearing nothing from the node this long hangs up.
    public var silenceMs: Int64

    public init(gatewayId: String = "dial", token: String = "", dialled: String = "4008101234", seed: UInt64 = 1,
                durationMs: Int64, arrivals: DialArrivalProcess, population: DialCallerPopulation.Settings = .init(),
                behaviour: DialBehaviour = DialBehaviour(), slots: Int = 1, silenceMs: Int64 = 30_000) {
        self.gatewayId = gatewayId
        self.token = token
        self.dialled = dialled
        self.seed = seed
        self.durationMs = durationMs
        self.arrivals = arrivals
        self.population = population
        self.behaviour = behaviour
        self.slots = max(1, slots)
        self.silenceMs = silenceMs
    }
}

/// Timers the gateway asks its runner for.
public enum DialTimer: Hashable, Sendable {
    case arrival
    /// The pending action of a call, valid while the call's step is `step`.
    case action(gatewayCallId: String, step: Int)
    case patience(gatewayCallId: String)
    /// The phone of leg `leg` (`DialCall.Leg.serial`) picks up, if that leg still rings.
    case ring(gatewayCallId: String, leg: Int)
    case silence(gatewayCallId: String, step: Int)
}

/// What the runner carries out, in order.
public enum DialDirective: Hashable, Sendable {
    /// Send this event on the connection of `slot`.
    case send(slot: Int, CTIEvent)
    case schedule(DialTimer, atMs: Int64)
    /// A simulated agent hung up and does after-call work for `wrapUpMs` (for `--agents auto`).
    case agentWrapUp(AgentID, wrapUpMs: Int64)
    /// Something a person should see (refused frames, protocol errors).
    case note(String)
}

/// The gateway side of the CTI protocol for simulated callers (DESIGN §1: a core is a
/// value). The runner feeds it node commands, timers and connection changes, with the time;
/// it answers with events to send and timers to set. Arrivals, callers and every caller's
/// choices come from the seed, so a run against a deterministic node is reproducible.
public struct DialGateway: Sendable {
    public let settings: DialSettings
    public internal(set) var calls: [String: DialCall] = [:]
    public internal(set) var counts = DialFigures()
    public internal(set) var population: DialCallerPopulation
    /// The site each node connection reached (`welcome.site`); nil while down.
    public internal(set) var slotSites: [SiteID?]
    /// Highest command `seq` seen on each connection (reset on reconnect).
    var lastSeq: [UInt64?]
    /// Where each simulated agent is logged in (to tell overflows).
    var agentHomes: [AgentID: SiteID] = [:]
    /// The agent who answered each caller's last call (for sticky hits).
    var lastAgent: [String: AgentID] = [:]
    var arrivalRandom: DialRandom
    var populationRandom: DialRandom
    var placed = 0
    var nextSlot = 0
    public internal(set) var startMs: Int64 = 0

    public init(settings: DialSettings, residentNumbers: [String]) {
        self.settings = settings
        population = DialCallerPopulation(residentNumbers: residentNumbers, settings: settings.population)
        slotSites = Array(repeating: nil, count: settings.slots)
        lastSeq = Array(repeating: nil, count: settings.slots)
        arrivalRandom = DialRandom(seed: settings.seed, stream: 1)
        populationRandom = DialRandom(seed: settings.seed, stream: 2)
    }

    // MARK: Run and connections

    /// Starts the run: schedules the first arrival.
    public mutating func start(nowMs: Int64) -> [DialDirective] {
        startMs = nowMs
        return scheduleNextArrival(afterRunMs: 0)
    }

    /// The figures now, gauges included.
    public var figures: DialFigures {
        var f = counts
        for call in calls.values {
            switch call.phase {
            case .ivr, .collecting, .held, .afterMessage: f.inIVR += 1
            case .queued: f.queued += 1
            case .ringing: f.ringing += 1
            case .talking: f.talking += 1
            case .voicemail: f.inVoicemail += 1
            }
        }
        return f
    }

    public var activeCallCount: Int { calls.count }

    /// Whether new calls still arrive at `nowMs`.
    public func isArriving(nowMs: Int64) -> Bool { nowMs - startMs < settings.durationMs }

    /// The `hello` to send first on a (new) connection of `slot`: it lists the calls of that
    /// slot still held, so a node taking over after a failover resumes them.
    public func hello(slot: Int) -> CTIEvent {
        let held = calls.values.filter { $0.slot == slot }.sorted { $0.offeredAtMs == $1.offeredAtMs
            ? $0.gatewayCallId < $1.gatewayCallId : $0.offeredAtMs < $1.offeredAtMs }
        return .hello(gatewayId: settings.gatewayId, token: settings.token,
                      calls: held.prefix(CTIProtocol.helloCallsMax).map { $0.active(dialled: settings.dialled) })
    }

    /// The connection of `slot` dropped. Its calls stay held; key presses in flight are
    /// dropped (the next node re-prompts or re-queues), and nothing is sent until a new
    /// connection is welcomed.
    public mutating func connectionLost(slot: Int, nowMs: Int64) -> [DialDirective] {
        guard slotSites.indices.contains(slot) else { return [] }
        slotSites[slot] = nil
        lastSeq[slot] = nil
        var out: [DialDirective] = []
        for id in calls.keys.sorted() where calls[id]?.slot == slot {
            guard var call = calls[id] else { continue }
            if call.phase == .collecting || call.phase == .ivr {
                call.phase = .held
                call.pending = nil
                call.step += 1
                calls[id] = call
                out += armSilence(id, nowMs: nowMs)
            }
        }
        return out
    }

    /// A simulated agent logged in at `site` (for overflow counts).
    public mutating func registerAgent(_ agent: AgentID, site: SiteID) {
        agentHomes[agent] = site
    }

    /// Ends every call still held (the run is over): callers hang up.
    public mutating func hangUpAll(nowMs: Int64) -> [DialDirective] {
        var out: [DialDirective] = []
        for id in calls.keys.sorted() {
            guard let call = calls[id] else { continue }
            out += send(call.slot, .hungUp(gatewayCallId: id, callId: call.callId, by: .caller))
            if let agent = call.talkingTo { out.append(.agentWrapUp(agent, wrapUpMs: 0)) }
            counts.cutAtEnd += 1
            end(id)
        }
        return out
    }

    // MARK: Arrivals

    mutating func scheduleNextArrival(afterRunMs runMs: Int64) -> [DialDirective] {
        guard let at = settings.arrivals.next(after: runMs, endMs: settings.durationMs, random: &arrivalRandom) else { return [] }
        return [.schedule(.arrival, atMs: startMs + at)]
    }

    /// A new caller rings: offer the call to the next connected node.
    mutating func arrive(nowMs: Int64) -> [DialDirective] {
        var out = scheduleNextArrival(afterRunMs: nowMs - startMs)
        let (number, returning) = population.draw(&populationRandom)
        placed += 1
        let up = slotSites.indices.filter { slotSites[$0] != nil }
        guard !up.isEmpty else {
            counts.notPlaced += 1
            return out
        }
        let slot = up[nextSlot % up.count]
        nextSlot += 1
        let id = "\(settings.gatewayId)-\(placed)"
        let plan = DialCallPlan(behaviour: settings.behaviour, random: DialRandom(seed: settings.seed, stream: 1_000 + UInt64(placed)))
        calls[id] = DialCall(gatewayCallId: id, slot: slot, caller: number, returning: returning, plan: plan, nowMs: nowMs)
        counts.offered += 1
        out += send(slot, .callOffered(gatewayCallId: id, caller: number, dialled: settings.dialled))
        out += armSilence(id, nowMs: nowMs)
        return out
    }

    // MARK: Helpers

    /// An event for the node of `slot`; nothing while that connection is down.
    func send(_ slot: Int, _ event: CTIEvent) -> [DialDirective] {
        slotSites.indices.contains(slot) && slotSites[slot] != nil ? [.send(slot: slot, event)] : []
    }

    /// Forgets a finished call; its caller may ring again.
    mutating func end(_ id: String) {
        guard let call = calls.removeValue(forKey: id) else { return }
        if slotSites[call.slot] == nil { counts.lost += 1 }
        population.remember(call.caller)
    }

    /// Schedules `action` for call `id` after `delayMs`, replacing any pending one.
    mutating func schedule(_ action: DialCall.Action, for id: String, afterMs delayMs: Int64, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        call.step += 1
        call.pending = action
        calls[id] = call
        return [.schedule(.action(gatewayCallId: id, step: call.step), atMs: nowMs + max(delayMs, 0))]
    }

    mutating func armSilence(_ id: String, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        call.silenceStep += 1
        calls[id] = call
        return [.schedule(.silence(gatewayCallId: id, step: call.silenceStep), atMs: nowMs + settings.silenceMs)]
    }

    /// Starts the caller's patience clock the first time they wait for a person.
    mutating func armPatience(_ id: String, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id], call.abandonAtMs == nil else { return [] }
        let at = nowMs + call.plan.patienceMs
        call.abandonAtMs = at
        calls[id] = call
        return [.schedule(.patience(gatewayCallId: id), atMs: at)]
    }
}
