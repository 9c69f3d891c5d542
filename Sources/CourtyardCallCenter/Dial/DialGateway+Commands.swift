// MARK: - Commands from a node

extension DialGateway {
    /// A text frame from the node of `slot`. Frames that do not decode, break the
    /// sequencing (`welcome` first, `seq` increasing) or name a call the gateway does not
    /// hold are counted as protocol errors and otherwise ignored: a confused node cannot
    /// crash the gateway or corrupt its calls.
    public mutating func receive(frame: some Collection<UInt8>, slot: Int, nowMs: Int64) -> [DialDirective] {
        guard slotSites.indices.contains(slot) else { return [] }
        switch CTICodec.decodeCommand(frame) {
        case .failure(let e):
            return refuse("node \(slot + 1) sent a bad frame: \(e)")
        case .success(let out):
            if let last = lastSeq[slot], out.seq <= last {
                return refuse("node \(slot + 1) sent seq \(out.seq) after \(last)")
            }
            lastSeq[slot] = out.seq
            return onCommand(out.command, slot: slot, nowMs: nowMs)
        }
    }

    /// One decoded command.
    public mutating func onCommand(_ command: CTICommand, slot: Int, nowMs: Int64) -> [DialDirective] {
        if case .welcome(let site, let resumed) = command { return welcome(site: site, resumed: resumed, slot: slot, nowMs: nowMs) }
        guard slotSites[slot] != nil else { return refuse("node \(slot + 1) sent \(command.typeName) before welcome") }
        switch command {
        case .welcome, .ack:
            return []
        case .protocolError(let e):
            counts.protocolErrors += 1
            return [.note("node \(slot + 1) refused a frame: \(e)")]
        case .play(let callId, let gw, let text, _, let announcement):
            return withCall(gw, callId, slot) { me, id in me.play(id, text: text ?? "", announcement: announcement) }
        case .collect(let callId, let gw, let digitsMax, let timeoutMs, let terminator):
            return withCall(gw, callId, slot) { me, id in
                me.collect(id, digitsMax: digitsMax, timeoutMs: timeoutMs, terminator: terminator, nowMs: nowMs)
            }
        case .enqueue(let callId, let gw, _, _):
            return withCall(gw, callId, slot) { me, id in me.enqueue(id, nowMs: nowMs) }
        case .bridge(let callId, let gw, let agent, _, let sticky):
            return withCall(gw, callId, slot) { me, id in me.bridge(id, agent: agent, sticky: sticky, nowMs: nowMs) }
        case .cancelBridge(let callId, let gw, let agent):
            return withCall(gw, callId, slot) { me, id in me.cancelBridge(id, agent: agent) }
        case .voicemail(let callId, let gw, let maxMs):
            return withCall(gw, callId, slot) { me, id in me.startVoicemail(id, maxDurationMs: maxMs, nowMs: nowMs) }
        case .transfer(let callId, let gw, _):
            return withCall(gw, callId, slot) { me, id in
                me.counts.transferred += 1
                return me.endByNode(id)
            }
        case .hangUp(let callId, let gw, _):
            return withCall(gw, callId, slot) { me, id in
                me.counts.endedByNode += 1
                return me.endByNode(id)
            }
        }
    }

    // MARK: Per command

    private mutating func welcome(site: SiteID, resumed: [CTIResumedCall], slot: Int, nowMs: Int64) -> [DialDirective] {
        guard slotSites[slot] == nil else { return refuse("node \(slot + 1) sent a second welcome") }
        slotSites[slot] = site
        var out: [DialDirective] = []
        for r in resumed.sorted(by: { $0.gatewayCallId < $1.gatewayCallId }) {
            guard var call = calls[r.gatewayCallId], call.slot == slot else {
                out += refuse("welcome resumes \(r.gatewayCallId), which this connection does not hold")
                continue
            }
            call.callId = r.callId
            calls[r.gatewayCallId] = call
        }
        if calls.values.contains(where: { $0.slot == slot }) { counts.failovers += 1 }
        return out
    }

    /// Runs `body` for the call a command names, after checking it is held on this
    /// connection and carries the node's id for it.
    private mutating func withCall(_ gw: String, _ callId: CallID, _ slot: Int,
                                   _ body: (inout DialGateway, String) -> [DialDirective]) -> [DialDirective] {
        guard var call = calls[gw], call.slot == slot else {
            return refuse("node \(slot + 1) sent a command for \(gw), a call it does not hold")
        }
        if let known = call.callId, known != callId {
            return refuse("node \(slot + 1) named \(gw) \(callId) but it is \(known)")
        }
        call.callId = callId
        call.silenceStep += 1  // the node spoke: any silence timer is stale
        calls[gw] = call
        return body(&self, gw)
    }

    private mutating func play(_ id: String, text: String, announcement: Bool) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        if announcement {
            call.announcementChars += text.count
        } else {
            call.promptChars += text.count
            call.offeredKeys.formUnion(DialIVR.offeredKeys(in: text))
        }
        calls[id] = call
        return []
    }

    private mutating func collect(_ id: String, digitsMax: Int, timeoutMs: Int64, terminator: DTMFDigit?,
                                  nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        switch call.phase {
        case .ivr, .held, .collecting: break
        default: return refuse("collect for \(id) while \(call.phase)")
        }
        let b = settings.behaviour
        let offered = call.offeredKeys.sorted()
        let answer = DialIVR.answer(digitsMax: digitsMax, terminator: terminator, offered: offered,
                                    behaviour: b, random: &call.plan.random)
        let listen = b.listenShare.lowerBound + call.plan.random.unit() * (b.listenShare.upperBound - b.listenShare.lowerBound)
        let speech = b.speechMsPerChar * Int64(call.announcementChars) + Int64(Double(b.speechMsPerChar * Int64(call.promptChars)) * listen)
        let think = b.think.draw(&call.plan.random)
        call.offeredKeys = []
        call.promptChars = 0
        call.announcementChars = 0
        call.phase = .collecting
        calls[id] = call
        switch answer {
        case .keys(let keys): return schedule(.dtmf(keys), for: id, afterMs: speech + think, nowMs: nowMs)
        case .noInput: return schedule(.dtmf(""), for: id, afterMs: speech + timeoutMs, nowMs: nowMs)
        case .hangUp: return schedule(.ivrHangUp, for: id, afterMs: speech / 2 + think, nowMs: nowMs)
        }
    }

    private mutating func enqueue(_ id: String, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        switch call.phase {
        case .talking, .voicemail, .afterMessage: return refuse("enqueue for \(id) while \(call.phase)")
        default: break
        }
        call.phase = .queued
        call.pending = nil
        call.step += 1
        calls[id] = call
        return armPatience(id, nowMs: nowMs)
    }

    /// Rings `agent`: the first leg of a waiting call, or one more leg of a call already
    /// ringing (ring group; an agent already ringing changes nothing). Each leg draws whether
    /// and when its phone picks up from the call's stream, and gets its own timer, so adding
    /// a leg leaves the others' pick-ups as they were.
    private mutating func bridge(_ id: String, agent: AgentID, sticky: Bool, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        var legs: [DialCall.Leg] = []
        switch call.phase {
        case .talking, .voicemail, .afterMessage: return refuse("bridge for \(id) while \(call.phase)")
        case .ringing(let ringing):
            if ringing.contains(where: { $0.agent == agent }) { return [] }
            legs = ringing
        case .ivr, .collecting, .held, .queued:
            // The caller stops waiting on the IVR: a key press in flight is stale.
            call.pending = nil
            call.step += 1
        }
        call.rings += 1
        let b = settings.behaviour
        let answers = call.rings == 1 ? call.plan.agentAnswers : !call.plan.random.chance(b.agentNoAnswerShare)
        let delay = call.rings == 1 ? call.plan.answerDelayMs : b.answerDelay.draw(&call.plan.random)
        legs.append(DialCall.Leg(agent: agent, sticky: sticky, serial: call.rings))
        call.phase = .ringing(legs)
        calls[id] = call
        var out = armPatience(id, nowMs: nowMs)
        if answers { out.append(.schedule(.ring(gatewayCallId: id, leg: call.rings), atMs: nowMs + max(delay, 0))) }
        return out
    }

    /// Stops ringing `agent`'s leg; with no leg left the caller is on hold again (patience
    /// runs on) and a later `bridge` rings anew. A leg not ringing (dropped when another
    /// picked up, cancelled already, never rung) is ignored, as the protocol says.
    private mutating func cancelBridge(_ id: String, agent: AgentID) -> [DialDirective] {
        guard var call = calls[id], case .ringing(let legs) = call.phase else { return [] }
        let rest = legs.filter { $0.agent != agent }
        guard rest.count < legs.count else { return [] }
        call.phase = rest.isEmpty ? .queued : .ringing(rest)
        calls[id] = call
        return []
    }

    private mutating func startVoicemail(_ id: String, maxDurationMs: Int64, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        switch call.phase {
        case .talking, .voicemail, .afterMessage: return refuse("voicemail for \(id) while \(call.phase)")
        default: break
        }
        call.phase = .voicemail
        calls[id] = call
        let length = min(call.plan.messageMs, maxDurationMs)
        return schedule(.messageEnds(maxDurationMs: maxDurationMs), for: id, afterMs: length, nowMs: nowMs)
    }

    /// The node hung up or transferred the call: the line reports it ended.
    private mutating func endByNode(_ id: String) -> [DialDirective] {
        guard let call = calls[id] else { return [] }
        var out = send(call.slot, .hungUp(gatewayCallId: id, callId: call.callId, by: .system))
        if let agent = call.talkingTo { out.append(.agentWrapUp(agent, wrapUpMs: call.plan.wrapUpMs)) }
        end(id)
        return out
    }

    /// Counts and reports a frame the gateway will not act on.
    mutating func refuse(_ message: String) -> [DialDirective] {
        counts.protocolErrors += 1
        return [.note(message)]
    }
}

extension CTICommand {
    /// The wire name of the command, for messages.
    public var typeName: String {
        switch self {
        case .welcome: "welcome"
        case .play: "play"
        case .collect: "collect"
        case .enqueue: "enqueue"
        case .bridge: "bridge"
        case .cancelBridge: "cancelBridge"
        case .voicemail: "voicemail"
        case .transfer: "transfer"
        case .hangUp: "hangUp"
        case .ack: "ack"
        case .protocolError: "protocolError"
        }
    }
}
