// MARK: - Required fields of commands (gateway side)

extension Fields {
    mutating func command() throws(CTIProtocolError) -> CTICommand {
        switch CTIMessageType(rawValue: w.type ?? "") {
        case .welcome:
            guard let site = SiteID(validating: try need(w.site, "site")) else {
                throw CTIProtocolError(.invalidField, "field site is not a site id", refSeq: w.seq)
            }
            return .welcome(site: site, resumed: w.resumed ?? [])
        case .play:
            guard w.text != nil || w.promptId != nil else { throw CTIProtocolError(.missingField, "play needs text or promptId", refSeq: w.seq) }
            let t: String? = w.text == nil ? nil : try text(w.text, "text", bytesMax: CTIProtocol.textCharsMax * 4)
            let p: String? = w.promptId == nil ? nil : try text(w.promptId, "promptId", bytesMax: CTIProtocol.fieldBytesMax)
            return .play(callId: try call(), gatewayCallId: try gatewayCall(), text: t, promptId: p,
                         announcement: w.announcement ?? false)
        case .collect:
            var term: DTMFDigit?
            if let raw = w.terminator {
                guard let d = DTMFDigit(rawValue: raw) else { throw CTIProtocolError(.invalidField, "field terminator is not a key", refSeq: w.seq) }
                term = d
            }
            return .collect(callId: try call(), gatewayCallId: try gatewayCall(),
                            digitsMax: try range(w.digitsMax, "digitsMax", 1...CTIProtocol.digitsMax),
                            timeoutMs: try range(w.timeoutMs, "timeoutMs", 100...600_000), terminator: term)
        case .enqueue:
            guard let p = CallSession.Priority(rawValue: try need(w.priority, "priority")) else {
                throw CTIProtocolError(.invalidField, "field priority must be normal or emergency", refSeq: w.seq)
            }
            return .enqueue(callId: try call(), gatewayCallId: try gatewayCall(),
                            queue: try token(w.queue, "queue", QueueID.self), priority: p)
        case .bridge:
            return .bridge(callId: try call(), gatewayCallId: try gatewayCall(), agent: try token(w.agent, "agent", AgentID.self),
                           endpoint: try text(w.endpoint, "endpoint", bytesMax: CTIProtocol.fieldBytesMax), sticky: w.sticky ?? false)
        case .cancelBridge:
            return .cancelBridge(callId: try call(), gatewayCallId: try gatewayCall(), agent: try token(w.agent, "agent", AgentID.self))
        case .voicemail:
            return .voicemail(callId: try call(), gatewayCallId: try gatewayCall(),
                              maxDurationMs: try range(w.maxDurationMs, "maxDurationMs", 1_000...3_600_000))
        case .transfer:
            return .transfer(callId: try call(), gatewayCallId: try gatewayCall(),
                             target: try text(w.target, "target", bytesMax: CTIProtocol.fieldBytesMax))
        case .hangUp:
            let r: String? = w.reason == nil ? nil : try text(w.reason, "reason", bytesMax: CTIProtocol.fieldBytesMax)
            return .hangUp(callId: try call(), gatewayCallId: try gatewayCall(), reason: r)
        case .ack:
            return .ack(ackSeq: try need(w.ackSeq, "ackSeq"))
        case .protocolError:
            guard let code = CTIProtocolError.Code(rawValue: try need(w.code, "code")) else {
                throw CTIProtocolError(.invalidField, "field code is not a known error code", refSeq: w.seq)
            }
            return .protocolError(CTIProtocolError(code, try text(w.message, "message", bytesMax: CTIProtocol.textCharsMax * 4),
                                                   refSeq: w.refSeq, gatewayCallId: w.gatewayCallId))
        default:
            throw CTIProtocolError(.unknownType, "unknown command type", refSeq: w.seq)
        }
    }
}
