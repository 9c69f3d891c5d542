// MARK: - Timers: arrivals, caller actions, patience, silence

extension DialGateway {
    /// A timer the runner set has fired. Stale timers (the call moved on or ended) do nothing.
    public mutating func onTimer(_ timer: DialTimer, nowMs: Int64) -> [DialDirective] {
        switch timer {
        case .arrival:
            return isArriving(nowMs: nowMs) ? arrive(nowMs: nowMs) : []
        case .action(let id, let step):
            guard let call = calls[id], call.step == step, let action = call.pending else { return [] }
            calls[id]?.pending = nil
            return perform(action, id, nowMs: nowMs)
        case .ring(let id, let serial):
            guard let call = calls[id], let callId = call.callId, case .ringing(let legs) = call.phase,
                  let leg = legs.first(where: { $0.serial == serial }) else { return [] }
            return answer(id, call: call, callId: callId, leg: leg, nowMs: nowMs)
        case .patience(let id):
            guard let call = calls[id], call.isWaitingForAgent, let at = call.abandonAtMs, at <= nowMs else { return [] }
            counts.abandoned += 1
            return callerHangsUp(id)
        case .silence(let id, let step):
            guard let call = calls[id], call.silenceStep == step, call.isListening else { return [] }
            if call.phase == .afterMessage { return callerHangsUp(id) }
            counts.ivrHangUps += 1
            return [.note("\(id): the caller heard nothing for \(settings.silenceMs) ms and hung up")] + callerHangsUp(id)
        }
    }

    private mutating func perform(_ action: DialCall.Action, _ id: String, nowMs: Int64) -> [DialDirective] {
        guard var call = calls[id] else { return [] }
        switch action {
        case .dtmf(let keys):
            guard let callId = call.callId, call.phase == .collecting else { return [] }
            call.phase = .ivr
            calls[id] = call
            return send(call.slot, .dtmf(gatewayCallId: id, callId: callId, digits: keys)) + armSilence(id, nowMs: nowMs)
        case .ivrHangUp:
            counts.ivrHangUps += 1
            return callerHangsUp(id)
        case .conversationEnds:
            guard let agent = call.talkingTo else { return [] }
            counts.completed += 1
            var out = send(call.slot, .hungUp(gatewayCallId: id, callId: call.callId, by: call.plan.agentHangsUp ? .agent : .caller))
            if call.plan.reportsCallRecording, let callId = call.callId {
                out += send(call.slot, .recordingReady(gatewayCallId: id, callId: callId,
                                                       recording: Self.recording("rec-\(id)", durationMs: call.plan.talkMs)))
            }
            out.append(.agentWrapUp(agent, wrapUpMs: call.plan.wrapUpMs))
            end(id)
            return out
        case .messageEnds(let maxMs):
            guard call.phase == .voicemail, let callId = call.callId else { return [] }
            counts.voicemail += 1
            let rec = Self.recording("vm-\(id)", durationMs: min(call.plan.messageMs, maxMs))
            let ready = send(call.slot, .recordingReady(gatewayCallId: id, callId: callId, recording: rec))
            if call.plan.messageEndsWithHash {
                call.phase = .afterMessage
                calls[id] = call
                return ready + armSilence(id, nowMs: nowMs)
            }
            let out = send(call.slot, .hungUp(gatewayCallId: id, callId: callId, by: .caller)) + ready
            end(id)
            return out
        }
    }

    /// The first leg picked up: the call is answered and bridged to its agent, the other legs
    /// are dropped (their timers find no leg), and the conversation runs.
    private mutating func answer(_ id: String, call: DialCall, callId: CallID, leg: DialCall.Leg, nowMs: Int64) -> [DialDirective] {
        var call = call
        let agent = leg.agent
        counts.answered += 1
        if case .ringing(let legs) = call.phase, legs.count > 1 { counts.ringGroupAnswers += 1 }
        if !call.wasAnswered, leg.sticky { counts.stickyHits += 1 }
        if !call.caller.isEmpty, lastAgent[call.caller] == agent { counts.sameAgentAgain += 1 }
        call.wasAnswered = true
        if let home = agentHomes[agent], let site = slotSites[call.slot], home != site { counts.overflows += 1 }
        if !call.caller.isEmpty { lastAgent[call.caller] = agent }
        call.phase = .talking(agent)
        call.abandonAtMs = nil
        calls[id] = call
        let out = send(call.slot, .answered(gatewayCallId: id, callId: callId, agent: agent))
            + send(call.slot, .bridged(gatewayCallId: id, callId: callId, agent: agent))
        return out + schedule(.conversationEnds, for: id, afterMs: call.plan.talkMs, nowMs: nowMs)
    }

    /// The caller hangs up (patience, IVR, silence, end of run).
    private mutating func callerHangsUp(_ id: String) -> [DialDirective] {
        guard let call = calls[id] else { return [] }
        let out = send(call.slot, .hungUp(gatewayCallId: id, callId: call.callId, by: .caller))
        end(id)
        return out
    }

    /// A recording's metadata: 8 kHz 16-bit mono WAV, 16 bytes per millisecond.
    static func recording(_ id: String, durationMs: Int64) -> CallSession.Recording {
        let ms = max(durationMs, 0)
        return CallSession.Recording(id: String(id.prefix(CallCenterTokens.lengthMax)), durationMs: ms, bytes: 44 + ms * 16, format: "wav")
    }
}
