import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Gateway events

extension CallCenter {
    /// A gateway said hello. Checks its token (constant time); on success sends `welcome`
    /// and resumes the calls it holds: a call this node knows is rebound to the new link; an
    /// unknown one (failover from a dead node) gets a session — bridged calls stay with their
    /// agent, the others are queued again. Returns false when the token is refused.
    public func gatewayHello(gatewayId: String, token: String, calls: [CTIActiveCall],
                             link: any CTIGatewayLink) async -> Bool {
        guard configuration.acceptsGateway(gatewayId, token: token) else {
            logger.warning("gateway token refused", metadata: ["gateway": "\(gatewayId.prefix(64))"])
            return false
        }
        var resumed: [CTIResumedCall] = []
        var toStart: [(CallSessionActor, [CallSession.Directive])] = []
        for c in calls.sorted(by: { $0.gatewayCallId < $1.gatewayCallId }) {
            let key = GatewayCallKey(gatewayId: gatewayId, gatewayCallId: c.gatewayCallId)
            if let known = c.callId.flatMap({ sessions[$0] }) ?? gatewayCalls[key].flatMap({ sessions[$0] }) {
                await known.rebind(link)
                gatewayCalls[key] = known.callID
                resumed.append(CTIResumedCall(gatewayCallId: c.gatewayCallId, callId: known.callID))
                continue
            }
            guard sessions.count < configuration.callsMax else { break }
            let id = c.callId ?? newCallID()
            let caller = Self.parseCaller(c.caller)
            let (value, directives) = CallSession.resumed(callID: id, caller: caller, menu: menu,
                                                          agent: c.agent, nowMs: nowMs)
            let session = makeSession(id, gatewayCallId: c.gatewayCallId, caller: caller, dialled: c.dialled,
                                      link: link, value: value)
            gatewayCalls[key] = id
            resumed.append(CTIResumedCall(gatewayCallId: c.gatewayCallId, callId: id))
            toStart.append((session, directives))
        }
        link.send([.welcome(site: site, resumed: resumed)])
        for (session, directives) in toStart { await session.resumed(directives) }
        return true
    }

    /// A new inbound call: a session is created, the ledger notes the call, and the caller
    /// hears the notices and the menu. Returns the node's call id for the gateway call.
    public func gatewayCallOffered(gatewayCallId: String, caller: String, dialled: String,
                                   link: any CTIGatewayLink) async -> CallID {
        let id = newCallID()
        let number = Self.parseCaller(caller)
        guard sessions.count < configuration.callsMax else {
            link.send([.hangUp(callId: id, gatewayCallId: gatewayCallId, reason: "busy")])
            return id
        }
        let now = nowMs
        let value = CallSession(callID: id, caller: number, menu: menu,
                                notices: notices.playable(nowMs: now), nowMs: now)
        let session = makeSession(id, gatewayCallId: gatewayCallId, caller: number, dialled: dialled, link: link, value: value)
        gatewayCalls[GatewayCallKey(gatewayId: link.gatewayId, gatewayCallId: gatewayCallId)] = id
        record(id, .callEntered(caller: number?.canonical ?? LedgerLimits.anonymousCaller,
                                dialled: Self.ledgerNumber(dialled)))
        await session.start()
        return id
    }

    /// Any other event of a call. Returns the `protocolError` to answer when the call
    /// session or the node refuses it; nil when accepted.
    public func gatewayEvent(_ event: CTIEvent, seq: UInt64, link: any CTIGatewayLink) async -> CTIProtocolError? {
        guard let g = event.gatewayCallId,
              let call = gatewayCalls[GatewayCallKey(gatewayId: link.gatewayId, gatewayCallId: g)],
              let session = sessions[call] else {
            // A hang-up is idempotent: the gateway confirms a hang-up the node ordered (or
            // one of a call that already ended), and that is not a protocol error.
            // Likewise the recording of a call that has ended and been retired.
            switch event {
            case .hungUp, .recordingReady: return nil
            default: break
            }
            return CTIProtocolError(.unknownCall, "this node holds no call for gateway call \(event.gatewayCallId ?? "-")",
                                    refSeq: seq, gatewayCallId: event.gatewayCallId)
        }
        do {
            switch event {
            case .dtmf(_, _, let digits):
                try await session.digits(digits)
            case .answered(_, _, let agent):
                try await session.answered(agent)
                phoneAnswered(call, agent: agent)
            case .bridged(_, _, let agent):
                // `answered` is optional before `bridged`: the pick-up counts once, from
                // whichever of the two comes first (a second report to a remote agent's
                // owner would only be refused and logged there).
                let pickUp = await session.awaitsPickUp(agent)
                try await session.bridged(agent)
                if pickUp { phoneAnswered(call, agent: agent) }
            case .hungUp(_, _, let by):
                guard await !session.hasEnded else { break }
                record(call, .hungUp(by: HangUpParty(rawValue: by.rawValue) ?? .system))
                try await session.hungUp(by: by)
            case .recordingReady(_, _, let rec):
                try await session.recordingReady(rec)
            case .hello, .callOffered:
                break
            }
        } catch {
            await retireIfDone(call)
            return Self.protocolError(error, seq: seq, gatewayCallId: g)
        }
        await retireIfDone(call)
        return nil
    }

    /// The gateway says `agent` picked up: our own ringing agent answers; a remote agent the
    /// owner granted us is reported to its owner, who decides.
    private func phoneAnswered(_ call: CallID, agent: AgentID) {
        switch acd.calls[call]?.phase {
        case .ringing(let ringing, _)? where ringing.contains(agent):
            apply(.offerAnswered(call, agent: agent, nowMs: nowMs))
        case .remote(agent, _, _, true)?:
            apply(.remoteAnsweredAtPhone(call, agent: agent, nowMs: nowMs))
        default:
            break
        }
    }

    // MARK: Sessions

    func makeSession(_ id: CallID, gatewayCallId: String, caller: PhoneNumber?, dialled: String,
                     link: any CTIGatewayLink, value: CallSession) -> CallSessionActor {
        let session = CallSessionActor(callID: id, gatewayCallId: gatewayCallId, caller: caller, dialled: dialled,
                                       link: link, session: value, center: self, services: services,
                                       environment: environment, digitGraceMs: configuration.digitGraceMs)
        sessions[id] = session
        return session
    }

    /// Queues a call in the ACD (the session said `enqueue`).
    func enqueue(_ call: CallID, queue: QueueID, caller: PhoneNumber?, emergency: Bool) {
        guard sessions[call] != nil else { return }
        record(call, .queueEntered(queue: queue))
        apply(.callArrived(call, queue: queue, caller: caller, emergency: emergency, nowMs: nowMs))
    }

    /// The session ended (emitted once): the ACD lets go of the call and the agent.
    func sessionEnded(_ call: CallID, outcome: CallSession.Outcome, enqueuedAtMs: Int64?) {
        let now = nowMs
        // A call talking to another site's agent: that site lets its agent go.
        if case .connected(let agent, let at)? = acd.calls[call]?.phase, at != site {
            withPeers { try await $0.cancel(call: call, agent: agent, at: at) }
        }
        switch outcome {
        case .answered:
            apply(.callEnded(call, nowMs: now))
        case .abandoned(let stage):
            guard !voicemailed.contains(call) else { break }
            if stage == .queued || stage == .ringing {
                let waited = min(LedgerLimits.waitedMsMax, max(0, now - (enqueuedAtMs ?? now)))
                record(call, .abandoned(stage: stage == .ringing ? .ringing : .queued, waitedMs: waited))
            }
            if acd.calls[call] != nil { apply(.callAbandoned(call, nowMs: now)) }
        case .selfServed, .systemEnded:
            if acd.calls[call] != nil { apply(.callAbandoned(call, nowMs: now)) }
        }
    }

    /// Forgets a call whose session has nothing left to do (ended, no recording awaited).
    func retireIfDone(_ call: CallID, olderThanMs: Int64? = nil) async {
        guard let session = sessions[call] else { return }
        let retirable = await session.isRetirable
        var stale = false
        if let limit = olderThanMs, let ended = await session.endedAtMs { stale = nowMs - ended >= limit }
        guard retirable || stale else { return }
        sessions[call] = nil
        voicemailed.remove(call)
        for (key, value) in gatewayCalls where value == call { gatewayCalls[key] = nil }
    }

    // MARK: Helpers

    func newCallID() -> CallID {
        callSeq += 1
        let salt = String(environment.random.next() % 1_679_616, radix: 36)  // 4 base-36 digits
        return CallID("\(site.rawValue.prefix(40)):c\(callSeq)-\(salt)")
    }

    static func parseCaller(_ text: String) -> PhoneNumber? {
        guard !text.isEmpty else { return nil }
        return try? PhoneNumber(parsing: text)
    }

    /// A dialled line as the ledger stores it: at most 40 bytes of digits and `+`.
    static func ledgerNumber(_ text: String) -> String {
        let kept = String(text.filter { $0.isASCII && ($0.isNumber || $0 == "+") }.prefix(LedgerLimits.numberBytesMax))
        return kept.isEmpty ? LedgerLimits.anonymousCaller : kept
    }

    static func protocolError(_ error: CallSessionError, seq: UInt64, gatewayCallId: String) -> CTIProtocolError {
        let code: CTIProtocolError.Code = error.code == .invalidInput || error.code == .wrongAgent ? .invalidField : .outOfOrder
        return CTIProtocolError(code, error.description, refSeq: seq, gatewayCallId: gatewayCallId)
    }
}
