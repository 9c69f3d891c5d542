import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Logging

// MARK: - One call, one actor

/// The runtime of one call: it owns the call's `CallSession` value, feeds it gateway and
/// ACD events, and carries out its directives in order — gateway commands on the call's
/// link, lookups and tickets on the stores, queueing and the ledger on the `CallCenter`.
///
/// One actor per call (DESIGN §2): a slow store read for one caller's fee inquiry never
/// holds up another call, and a call's directives are carried out strictly in order.
public actor CallSessionActor {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    public nonisolated let callID: CallID
    public nonisolated let gatewayCallId: String
    public nonisolated let caller: PhoneNumber?
    /// The line the call came in on (CTI `dialled`).
    public nonisolated let dialled: String
    private var link: any CTIGatewayLink
    private var session: CallSession
    private let center: CallCenter
    private let services: CallCenterServices
    private let wallClock: any WallClock
    private let logger: Logger
    private let digitGraceMs: Int64
    /// Agents' phone endpoints for `bridge`, as the call center told us.
    private var endpoints: [AgentID: String] = [:]
    /// A `collect` is outstanding until this instant (timeout plus grace).
    private var digitDeadlineMs: Int64?
    /// The ACD sent the caller to voice mail: the recording opens a call-back ticket.
    private var voicemailForCallback = false
    public private(set) var enqueuedAtMs: Int64?

    init(callID: CallID, gatewayCallId: String, caller: PhoneNumber?, dialled: String, link: any CTIGatewayLink,
         session: CallSession, center: CallCenter, services: CallCenterServices, environment: NodeEnvironment,
         digitGraceMs: Int64) {
        unownedExecutor = environment.actorExecutor("call-\(callID)", lane: lane)
        self.callID = callID
        self.gatewayCallId = gatewayCallId
        self.caller = caller
        self.dialled = dialled
        self.link = link
        self.session = session
        self.center = center
        self.services = services
        wallClock = environment.wallClock
        logger = environment.logger
        self.digitGraceMs = digitGraceMs
    }

    // MARK: Reading

    public var phase: CallSession.Phase { session.phase }
    /// Whether the call has ended (a later hang-up from the gateway only confirms it).
    public var hasEnded: Bool {
        if case .ended = session.phase { return true }
        return false
    }
    public var isEnded: Bool { session.isEnded }
    /// Ended, with no voice mail still expected: the call center may forget it.
    var isRetirable: Bool { session.isEnded && session.pendingRecording == nil && !voicemailForCallback }
    var endedAtMs: Int64? { session.endedAtMs }
    var linkID: UInt64 { link.linkID }

    // MARK: Gateway events

    /// Answers the caller: notices, then the menu.
    func start() async { await feed { s, now throws(CallSessionError) in try s.start(nowMs: now) } }

    /// Carries out the directives of a resumed call (failover), on the new link.
    func resumed(_ directives: [CallSession.Directive]) async { await perform(directives) }

    func rebind(_ newLink: any CTIGatewayLink) { link = newLink }

    func digits(_ keys: String) async throws(CallSessionError) {
        digitDeadlineMs = nil
        if keys.isEmpty {
            try await feedOrThrow { s, now throws(CallSessionError) in try s.onNoInput(nowMs: now) }
        } else {
            try await feedOrThrow { s, now throws(CallSessionError) in try s.onDigits(keys, nowMs: now) }
        }
    }

    func answered(_ agent: AgentID) async throws(CallSessionError) {
        try await feedOrThrow { s, now throws(CallSessionError) in try s.onAnswered(agent, nowMs: now) }
    }

    func bridged(_ agent: AgentID) async throws(CallSessionError) {
        try await feedOrThrow { s, now throws(CallSessionError) in try s.onBridged(agent, nowMs: now) }
    }

    func hungUp(by party: CTIParty) async throws(CallSessionError) {
        digitDeadlineMs = nil
        try await feedOrThrow { s, now throws(CallSessionError) in try s.onHungUp(by: party, nowMs: now) }
    }

    func recordingReady(_ rec: CallSession.Recording) async throws(CallSessionError) {
        if voicemailForCallback {
            voicemailForCallback = false
            await createTicket(category: .consultation, priority: .ordinary, title: "来电留言回拨",
                               description: "No agent was free; the caller left a voice mail for a call-back.",
                               recordingID: rec.id)
            return
        }
        do {
            try await feedOrThrow { s, now throws(CallSessionError) in try s.onRecordingReady(rec, nowMs: now) }
        } catch {
            // Every call is recorded (自动录音): the recording of a conversation arrives
            // during or after it (bridged, wrap-up, ended). It is stored through the
            // recordings API; only a voice mail's recording is the session's business.
            switch session.phase {
            case .wrapUp, .ended, .bridged: return
            default: throw error
            }
        }
    }

    // MARK: ACD events

    /// The ACD reserved `agent`: ring it (`bridge`). While other agents ring for the call
    /// (ring-all) the gateway rings one more leg; the first to pick up wins.
    func offer(to agent: AgentID, endpoint: String, sticky: Bool = false) async {
        endpoints[agent] = endpoint
        await feed { s, now throws(CallSessionError) in try s.offerToAgent(agent, sticky: sticky, nowMs: now) }
    }

    /// Whether `agent` is one of the call's ringing legs (or the leg that answered) right now.
    func isRinging(_ agent: AgentID) -> Bool {
        if case .ringing(let legs, _, _, _) = session.phase { return legs.contains(agent) }
        return false
    }

    /// Whether `agent`'s phone is ringing and the gateway has not yet said any leg was picked up.
    func awaitsPickUp(_ agent: AgentID) -> Bool {
        if case .ringing(let legs, _, _, nil) = session.phase { return legs.contains(agent) }
        return false
    }

    /// The offer to `agent` ended unanswered (timeout, declined, withdrawn): its leg stops
    /// ringing (`cancelBridge`), and with no leg left the call waits in its queue again. A
    /// leg dropped because another agent picked up is only forgotten.
    func agentMissed(_ agent: AgentID) async {
        guard case .ringing(let legs, _, _, let answered) = session.phase, legs.contains(agent), answered != agent else {
            return
        }
        await feed { s, now throws(CallSessionError) in try s.agentDidNotAnswer(agent, nowMs: now) }
    }

    /// The agent finished after-call work.
    func finishWrapUp() async {
        guard case .wrapUp = session.phase else { return }
        await feed { s, now throws(CallSessionError) in try s.finishWrapUp(nowMs: now) }
    }

    /// The ACD gave up on an agent for this call: record a message for a call-back.
    func sendToVoicemail(prompt: String, maxDurationMs: Int64) {
        guard case .queued = session.phase else { return }
        voicemailForCallback = true
        link.send([
            .play(callId: callID, gatewayCallId: gatewayCallId, text: prompt, promptId: nil, announcement: false),
            .voicemail(callId: callID, gatewayCallId: gatewayCallId, maxDurationMs: maxDurationMs),
        ])
    }

    /// "You are number N in line."
    func announce(_ text: String) {
        guard case .queued = session.phase else { return }
        link.send([.play(callId: callID, gatewayCallId: gatewayCallId, text: text, promptId: nil, announcement: false)])
    }

    /// Ends the call from the node's side (an agent hung up at the console).
    func hangUpFromNode(reason: String) {
        link.send([.hangUp(callId: callID, gatewayCallId: gatewayCallId, reason: reason)])
    }

    /// A `collect` the gateway never answered counts as no input (a lost frame must not
    /// leave a caller in silence).
    func checkDigitTimeout(nowMs: Int64) async {
        guard let due = digitDeadlineMs, nowMs >= due else { return }
        digitDeadlineMs = nil
        await feed { s, now throws(CallSessionError) in try s.onNoInput(nowMs: now) }
    }

    // MARK: Carrying out directives

    private func feed(_ body: (inout CallSession, Int64) throws(CallSessionError) -> [CallSession.Directive]) async {
        do { try await feedOrThrow(body) } catch {
            logger.debug("call session refused an input", metadata: ["call": "\(callID)", "error": "\(error)"])
        }
    }

    private func feedOrThrow(_ body: (inout CallSession, Int64) throws(CallSessionError) -> [CallSession.Directive])
        async throws(CallSessionError) {
        let directives = try body(&session, wallClock.nowMs())
        await perform(directives)
    }

    /// Carries out directives in order. Gateway commands go out in batches; after an await,
    /// media for a call that ended meanwhile is dropped (tickets are still written).
    private func perform(_ directives: [CallSession.Directive]) async {
        var batch: [CTICommand] = []
        func flush() {
            if !batch.isEmpty { link.send(batch) }
            batch = []
        }
        let endedAtStart = session.isEnded
        for d in directives {
            let live = endedAtStart || !session.isEnded || d == .hangUp
            if let command = CTICommand.from(d, callId: callID, gatewayCallId: gatewayCallId,
                                              endpoint: { endpoints[$0] ?? CallCenter.defaultEndpoint($0) }) {
                guard live else { continue }
                batch.append(command)
                if case .collectDigits(_, let timeout, _) = d { digitDeadlineMs = wallClock.nowMs() + timeout + digitGraceMs }
                if case .enqueue(let queue, let priority) = d {
                    flush()
                    enqueuedAtMs = wallClock.nowMs()
                    await center.enqueue(callID, queue: queue, caller: caller, emergency: priority == .emergency)
                }
                continue
            }
            flush()
            await carryOut(d, live: live)
        }
        flush()
    }

    private func carryOut(_ d: CallSession.Directive, live: Bool) async {
        switch d {
        case .countHit(let path):
            await center.recordHit(path, call: callID)
        case .readBills(let q):
            let answer = await lookUpBill(q, insurance: false)
            guard live else { return }
            await feed { s, now throws(CallSessionError) in try s.onLookup(answer, nowMs: now) }
        case .readInsurance(let q):
            let answer = await lookUpBill(q, insurance: true)
            guard live else { return }
            await feed { s, now throws(CallSessionError) in try s.onLookup(answer, nowMs: now) }
        case .recordPayment(let p):
            // One payment per room per call: the call id and room make the idempotency key.
            let ok = (try? await services.bills.recordPayment(roomCode: p.roomCode, amountCents: p.amountCents,
                                                              phone: p.caller?.canonical,
                                                              reference: "ivr:\(callID.rawValue):\(p.roomCode)")) ?? false
            guard live else { return }
            await feed { s, now throws(CallSessionError) in try s.onPaymentResult(recorded: ok, nowMs: now) }
        case .createTicket(let r):
            await createTicket(category: r.category, priority: r.priority, title: r.title, description: r.description,
                               recordingID: r.recordingID)
        case .ended(let outcome):
            digitDeadlineMs = nil
            await center.sessionEnded(callID, outcome: outcome, enqueuedAtMs: enqueuedAtMs)
        case .play, .collectDigits, .enqueue, .bridge, .cancelBridge, .voicemail, .hangUp:
            break
        }
    }

    /// A room's bill or insurance by the keyed code; a caller whose number is not on the
    /// bill hears "not found" (bills are not read to strangers).
    private func lookUpBill(_ q: CallSession.RoomQuery, insurance: Bool) async -> CallSession.LookupAnswer {
        let bill: RoomBill?
        do { bill = try await services.bills.bill(roomCode: q.roomCode) } catch { return .failed }
        guard let bill else { return .notFound }
        if !bill.phones.isEmpty, !bill.phones.contains(q.caller?.canonicalWithoutExtension ?? "") { return .notFound }
        if insurance {
            guard let summary = bill.insuranceSummary, !summary.isEmpty else { return .notFound }
            return .insurance(summary: String(summary.prefix(CallSession.summaryCharsMax)))
        }
        return .bills(amountDueCents: max(0, bill.amountDueCents))
    }

    /// Opens the ticket a self-service step asked for, carrying the call, the recording and
    /// the caller's number (and the resident, when exactly one matches the number).
    private func createTicket(category: TicketCategory, priority: TicketPriority, title: String, description: String,
                              recordingID: String?) async {
        var residentID: String?
        if let number = caller?.canonicalWithoutExtension,
           let matches = try? await services.directory.residents(phone: number), matches.count == 1 {
            residentID = matches[0].id
        }
        let draft = TicketDraft(category: category, priority: priority, channel: .ivr, title: title,
                                description: description, residentID: residentID, callerPhone: caller?.canonical,
                                callID: callID.rawValue, recordingID: recordingID)
        do {
            let state = try await services.tickets.create(draft: draft, actor: "ivr")
            await center.noteTicket(state.id, call: callID)
        } catch {
            logger.error("IVR ticket refused", metadata: ["call": "\(callID)", "error": "\(error)"])
        }
    }
}
