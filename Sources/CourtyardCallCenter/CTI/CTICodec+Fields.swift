// MARK: - Required fields per message type

/// Reads the fields of a decoded wire frame, failing with the name of the first missing
/// or invalid one.
struct Fields {
    let w: CTIWire

    init(_ w: CTIWire) { self.w = w }

    private func fail(_ code: CTIProtocolError.Code, _ m: String) -> CTIProtocolError {
        CTIProtocolError(code, m, refSeq: w.seq, gatewayCallId: w.gatewayCallId)
    }

    func need<T>(_ v: T?, _ name: String) throws(CTIProtocolError) -> T {
        guard let v else { throw fail(.missingField, "\(w.type ?? "frame") needs field \(name)") }
        return v
    }

    func text(_ v: String?, _ name: String, bytesMax: Int, allowEmpty: Bool = false) throws(CTIProtocolError) -> String {
        let s = try need(v, name)
        guard (allowEmpty || !s.isEmpty), s.utf8.count <= bytesMax else {
            throw fail(.invalidField, "field \(name) must have \(allowEmpty ? 0 : 1)–\(bytesMax) bytes")
        }
        return s
    }

    func token<T: CallCenterToken>(_ v: String?, _ name: String, _: T.Type) throws(CTIProtocolError) -> T {
        let s = try need(v, name)
        guard let t = try? T(validating: s) else { throw fail(.invalidField, "field \(name): invalid \(T.kind) '\(s.prefix(64))'") }
        return t
    }

    func gatewayCall() throws(CTIProtocolError) -> String {
        let g = try need(w.gatewayCallId, "gatewayCallId")
        guard CallCenterTokens.isValid(g) else { throw fail(.invalidField, "field gatewayCallId: '\(g.prefix(64))' is not a short token") }
        return g
    }

    func call() throws(CTIProtocolError) -> CallID { try token(w.callId, "callId", CallID.self) }

    func range<N: Comparable>(_ v: N?, _ name: String, _ r: ClosedRange<N>) throws(CTIProtocolError) -> N {
        let n = try need(v, name)
        guard r.contains(n) else { throw fail(.invalidField, "field \(name) = \(n) is outside \(r.lowerBound)…\(r.upperBound)") }
        return n
    }

    // MARK: Events

    mutating func event() throws(CTIProtocolError) -> CTIEvent {
        switch CTIMessageType(rawValue: w.type ?? "") {
        case .hello:
            let calls = w.calls ?? []
            guard calls.count <= CTIProtocol.helloCallsMax else {
                throw fail(.tooManyCalls, "hello lists \(calls.count) calls, at most \(CTIProtocol.helloCallsMax)")
            }
            for c in calls where !CallCenterTokens.isValid(c.gatewayCallId) || c.caller.utf8.count > CTIProtocol.numberBytesMax
                || c.dialled.utf8.count > CTIProtocol.numberBytesMax {
                throw fail(.invalidField, "hello call '\(c.gatewayCallId.prefix(64))' is malformed")
            }
            let id = try need(w.gatewayId, "gatewayId")
            guard CallCenterTokens.isValid(id) else { throw fail(.invalidField, "field gatewayId must be a short token") }
            return .hello(gatewayId: id,
                          token: try text(w.token, "token", bytesMax: CTIProtocol.fieldBytesMax), calls: calls)
        case .callOffered:
            return .callOffered(gatewayCallId: try gatewayCall(),
                                caller: try text(w.caller, "caller", bytesMax: CTIProtocol.numberBytesMax, allowEmpty: true),
                                dialled: try text(w.dialled, "dialled", bytesMax: CTIProtocol.numberBytesMax))
        case .dtmf:
            let d = try text(w.digits, "digits", bytesMax: CTIProtocol.digitsMax, allowEmpty: true)
            guard DTMFDigit.parse(d) != nil else { throw fail(.invalidField, "field digits: only 0–9, * and # are keys") }
            return .dtmf(gatewayCallId: try gatewayCall(), callId: try call(), digits: d)
        case .answered:
            return .answered(gatewayCallId: try gatewayCall(), callId: try call(), agent: try token(w.agent, "agent", AgentID.self))
        case .bridged:
            return .bridged(gatewayCallId: try gatewayCall(), callId: try call(), agent: try token(w.agent, "agent", AgentID.self))
        case .hungUp:
            guard let by = CTIParty(rawValue: try need(w.by, "by")) else {
                throw fail(.invalidField, "field by must be caller, agent or system")
            }
            let c: CallID? = w.callId == nil ? nil : try call()
            return .hungUp(gatewayCallId: try gatewayCall(), callId: c, by: by)
        case .recordingReady:
            let r = try need(w.recording, "recording")
            guard CallCenterTokens.isValid(r.id), r.durationMs >= 0, r.bytes >= 0,
                  !r.format.isEmpty, r.format.utf8.count <= 16 else {
                throw fail(.invalidField, "field recording: id must be a token, durationMs and bytes non-negative, format 1–16 bytes")
            }
            return .recordingReady(gatewayCallId: try gatewayCall(), callId: try call(), recording: r)
        default:
            throw fail(.unknownType, "unknown event type")
        }
    }
}
