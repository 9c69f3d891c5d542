import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Logging

// MARK: - The call center of one node

/// The runtime call center of one node (SPEC §2–3): the site's `ACD`, its IVR menu, notice
/// board and hit counter, one `CallSessionActor` per call, one `AgentSession` per agent
/// logged in here, gateway links, and the call ledger.
///
/// Inputs arrive from gateways (`gateway…`), agent consoles (`logIn`, `answer`, …), peers
/// (`remote…`, through `CallCenterNodeActor`) and the timer loop (`run`/`tick`). Each input
/// runs through the pure `ACD`; the directives it returns are carried out by one ordered
/// effects loop, so rings, withdrawals and bridges reach consoles and gateways in the
/// order the ACD decided them. Remote calls run beside it and come back as inputs.
public actor CallCenter {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    public nonisolated let configuration: CallCenterConfiguration
    public nonisolated var site: SiteID { configuration.site }
    let services: CallCenterServices
    let environment: NodeEnvironment
    let screenPops: ScreenPopBuilder
    var logger: Logger

    // MARK: State

    var acd: ACD
    public private(set) var hits = IVRHitCounter()
    public private(set) var notices: IVRNoticeBoard
    /// The menu new calls hear; starts as `configuration.menu`, replaced by `setMenu`
    /// (calls already in the menu keep the one they started with).
    public private(set) var menu: IVRMenu
    var sessions: [CallID: CallSessionActor] = [:]
    /// (link, gateway call id) → call, so every gateway event finds its session.
    var gatewayCalls: [GatewayCallKey: CallID] = [:]
    var agentSessions: [AgentID: AgentSession] = [:]
    /// Phone endpoints of remote agents, learned from their owners' replies.
    var remoteEndpoints: [AgentID: String] = [:]
    /// Calls the ACD sent to voice mail (their hang-up is not an abandon).
    var voicemailed: Set<CallID> = []
    /// Tickets opened by calls (for the ledger's readers and tests), bounded.
    public private(set) var ticketsByCall: [CallID: [TicketID]] = [:]
    var callSeq: UInt64 = 0
    var peers: (any CallCenterPeers)?

    // MARK: Effects and writes in flight

    var effects: [ACDDirective] = []
    var draining = false
    var inFlight = 0
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    var ledgerPending: [LedgerEvent] = []
    var ledgerFlushing = false
    public private(set) var ledgerDropped = 0
    static let ledgerPendingMax = 50_000
    /// An ended call still waiting for a late recording is forgotten after this.
    static let endedSessionKeepMs: Int64 = 10 * 60_000
    var lastPresencePushMs: Int64?

    public init(configuration: CallCenterConfiguration, services: CallCenterServices, environment: NodeEnvironment) {
        unownedExecutor = environment.actorExecutor("call-center", lane: lane)
        self.configuration = configuration
        self.services = services
        self.environment = environment
        screenPops = ScreenPopBuilder(services: services)
        acd = ACD(configuration: configuration.acd)
        notices = configuration.notices
        menu = configuration.menu
        var logger = environment.logger
        logger[metadataKey: "component"] = "call-center"
        self.logger = logger
    }

    /// Sets (or clears, when the node's cluster life ends) how this node reaches its peers.
    public func setPeers(_ peers: (any CallCenterPeers)?) { self.peers = peers }

    /// The phone endpoint used for an agent that gave none at login.
    public nonisolated static func defaultEndpoint(_ agent: AgentID) -> String { "agent:\(agent.rawValue)" }

    var nowMs: Int64 { environment.wallClock.nowMs() }

    // MARK: Timers

    /// Runs the timers until cancelled: ACD deadlines (offer timeouts, wrap-up, max wait,
    /// overflow), digit timeouts and the periodic presence push, on `environment.clock`.
    public func run() async throws {
        let interval = Duration.milliseconds(max(10, configuration.tickIntervalMs))
        while !Task.isCancelled {
            try await environment.clock.sleep(for: interval)
            await tick()
        }
    }

    /// One timer round at the current wall time (tests call it after moving the clock).
    public func tick() async {
        let now = nowMs
        _ = apply(.tick(nowMs: now))
        for id in sessions.keys.sorted() {
            await sessions[id]?.checkDigitTimeout(nowMs: now)
            await retireIfDone(id, olderThanMs: Self.endedSessionKeepMs)
        }
        if lastPresencePushMs.map({ now - $0 >= configuration.presencePushIntervalMs }) ?? true {
            lastPresencePushMs = now
            let own = acd.presence.records.values.filter { $0.site == site }.sorted { $0.agent < $1.agent }
            pushPresence(own)
        }
        await settle()
    }

    // MARK: Running inputs

    /// Runs one input through the ACD and schedules its directives; a refused input is
    /// logged and changes nothing.
    @discardableResult
    func apply(_ input: ACDInput) -> Result<[ACDDirective], ACDError> {
        do {
            let directives = try acd.handle(input)
            schedule(directives)
            return .success(directives)
        } catch {
            logger.debug("ACD refused an input", metadata: ["error": "\(error)"])
            return .failure(error)
        }
    }

    func schedule(_ directives: [ACDDirective]) {
        guard !directives.isEmpty else { return }
        effects += directives
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !effects.isEmpty {
            let next = effects.removeFirst()
            await execute(next)
        }
        draining = false
        wakeIfIdle()
    }

    /// Starts remote or background work that reports back as an input; `settle` waits for it.
    func background(_ work: @escaping @Sendable () async -> Void) {
        inFlight += 1
        Task {
            await work()
            self.finishedBackground()
        }
    }

    private func finishedBackground() {
        inFlight -= 1
        wakeIfIdle()
    }

    /// True when no effect, ledger write or remote call of this node is in progress.
    public var isIdle: Bool { !draining && effects.isEmpty && inFlight == 0 && !ledgerFlushing && ledgerPending.isEmpty }

    /// Returns once every scheduled effect, ledger write and remote call has finished.
    public func settle() async {
        while !isIdle {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
    }

    private func wakeIfIdle() {
        guard isIdle else { return }
        let waiters = idleWaiters
        idleWaiters = []
        waiters.forEach { $0.resume() }
    }

    // MARK: Ledger

    /// Queues ledger events; one writer appends them in order. Beyond the bound the oldest
    /// pending events are dropped and counted (the store being down must not grow memory).
    func record(_ events: [LedgerEvent]) {
        ledgerPending += events
        if ledgerPending.count > Self.ledgerPendingMax {
            let extra = ledgerPending.count - Self.ledgerPendingMax
            ledgerPending.removeFirst(extra)
            ledgerDropped += extra
        }
        guard !ledgerFlushing else { return }
        ledgerFlushing = true
        Task { await self.flushLedger() }
    }

    func record(_ call: CallID?, _ body: LedgerEventBody) {
        record([LedgerEvent(site: site, atMs: nowMs, callID: call, body: body)])
    }

    private func flushLedger() async {
        while !ledgerPending.isEmpty {
            let batch = Array(ledgerPending.prefix(1_000))
            ledgerPending.removeFirst(batch.count)
            do {
                try await services.ledger.append(batch)
            } catch {
                // One bad event must not lose the batch: retry one by one, dropping the refused.
                for e in batch {
                    do { try await services.ledger.append([e]) } catch {
                        ledgerDropped += 1
                        logger.warning("ledger event refused", metadata: ["kind": "\(e.body.kind)", "error": "\(error)"])
                    }
                }
            }
        }
        ledgerFlushing = false
        wakeIfIdle()
    }

    // MARK: Small helpers used by sessions

    func recordHit(_ path: IVRNodePath, call: CallID) {
        hits.record(path, site: site)
        record(call, .ivrNode(node: path.description))
    }

    func noteTicket(_ ticket: TicketID, call: CallID) {
        if ticketsByCall.count >= 10_000, let oldest = ticketsByCall.keys.min() { ticketsByCall[oldest] = nil }
        ticketsByCall[call, default: []].append(ticket)
    }

    /// Replaces the notice board (the API's notice editor).
    public func setNotices(_ board: IVRNoticeBoard) { notices = board }

    /// Replaces the menu for calls that arrive from now on (the API's menu editor; the caller
    /// validates it first, `IVREditor`).
    public func setMenu(_ menu: IVRMenu) { self.menu = menu }
}

/// A gateway call as one connection names it.
struct GatewayCallKey: Hashable, Sendable {
    var gatewayId: String
    var gatewayCallId: String
}
