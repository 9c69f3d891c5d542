// MARK: - Per-connection protocol state

/// The protocol state of one gateway connection: hello first, `seq` strictly increasing,
/// and per gateway call the order offered → (answered) → bridged → hung up. Out-of-order
/// events are refused with a `CTIProtocolError` and change nothing, so a confused gateway
/// cannot corrupt a call. It also numbers the node's outgoing frames.
///
/// The runtime owns one per WebSocket connection: `receive(frame:)` for each text frame,
/// `outbound(_:)` for each command it sends. Token checks are the runtime's; on a bad
/// token it sends `authenticationFailed(refSeq:)` and closes.
public struct CTISessionValidator: Hashable, Sendable {
    /// Where one gateway call is, as far as the protocol is concerned.
    public enum CallState: String, Hashable, Sendable {
        case offered, answered, bridged, ended
    }

    /// Ended calls remembered so a late `recordingReady` is accepted and a replayed
    /// `callOffered` is refused; the oldest are forgotten beyond this.
    public static let endedRememberedMax = 1_024

    public private(set) var gatewayId: String?
    public private(set) var lastSeq: UInt64?
    public private(set) var outboundSeq: UInt64
    public private(set) var calls: [String: CallState]
    /// Node call ids bound to gateway calls, checked against each event's `callId`.
    public private(set) var callIds: [String: CallID]
    private var endedOrder: [String]

    public init() {
        outboundSeq = 0
        calls = [:]
        callIds = [:]
        endedOrder = []
    }

    public var isGreeted: Bool { gatewayId != nil }

    /// Calls not yet ended.
    public var activeCallCount: Int { calls.values.count { $0 != .ended } }

    // MARK: Frames in and out

    /// Decodes and checks one frame. On failure, the `protocolError` reply to send (with
    /// its own seq); `isFatal` on it means close the connection after sending.
    public mutating func receive(frame: some Collection<UInt8>) -> Result<CTIInbound, CTIOutboundError> {
        let checked = CTICodec.decodeEvent(frame).flatMap { inb in
            accept(inb).map { .failure($0) } ?? .success(inb)
        }
        return checked.mapError { CTIOutboundError(error: $0, reply: outbound(.protocolError($0))) }
    }

    /// Numbers a command for sending.
    public mutating func outbound(_ command: CTICommand) -> CTIOutbound {
        outboundSeq += 1
        return CTIOutbound(seq: outboundSeq, command: command)
    }

    /// The reply to a hello whose token the runtime refused.
    public mutating func authenticationFailed(refSeq: UInt64?) -> CTIOutbound {
        gatewayId = nil
        return outbound(.protocolError(CTIProtocolError(.authenticationFailed, "gateway token refused", refSeq: refSeq)))
    }

    /// Records the node's call id for a gateway call (after the runtime created the session).
    public mutating func bind(gatewayCallId: String, to callId: CallID) {
        guard calls[gatewayCallId] != nil else { return }
        callIds[gatewayCallId] = callId
    }

    // MARK: Sequencing rules

    /// Checks an already decoded event; nil when accepted (state advanced), else the error.
    public mutating func accept(_ inb: CTIInbound) -> CTIProtocolError? {
        let gcid = inb.event.gatewayCallId
        func err(_ code: CTIProtocolError.Code, _ m: String) -> CTIProtocolError {
            CTIProtocolError(code, m, refSeq: inb.seq, gatewayCallId: gcid)
        }
        if let last = lastSeq, inb.seq <= last {
            return err(.seqNotIncreasing, "seq \(inb.seq) is not above the last accepted \(last)")
        }
        if case .hello = inb.event {} else if !isGreeted {
            return err(.helloRequired, "the first frame of a connection must be hello")
        }
        if let e = transition(inb.event, err) { return e }
        lastSeq = inb.seq
        return nil
    }

    private mutating func transition(_ event: CTIEvent,
                                     _ err: (CTIProtocolError.Code, String) -> CTIProtocolError) -> CTIProtocolError? {
        switch event {
        case .hello(let id, _, let list):
            guard !isGreeted else { return err(.duplicateHello, "hello was already received on this connection") }
            let ids = list.map(\.gatewayCallId)
            guard Set(ids).count == ids.count else { return err(.duplicateCall, "hello lists a gateway call twice") }
            gatewayId = id
            for c in list {
                calls[c.gatewayCallId] = c.agent == nil ? .offered : .bridged
                if let callId = c.callId { callIds[c.gatewayCallId] = callId }
            }
            return nil
        case .callOffered(let g, _, _):
            guard calls[g] == nil else { return err(.duplicateCall, "gateway call \(g) was already offered") }
            guard activeCallCount < CTIProtocol.activeCallsMax else {
                return err(.tooManyCalls, "this connection already holds \(CTIProtocol.activeCallsMax) calls")
            }
            calls[g] = .offered
            return nil
        case .dtmf(let g, let c, _):
            return move(g, c, from: [.offered], to: .offered, "dtmf", err)
        case .answered(let g, let c, _):
            return move(g, c, from: [.offered], to: .answered, "answered", err)
        case .bridged(let g, let c, _):
            return move(g, c, from: [.offered, .answered], to: .bridged, "bridged", err)
        case .hungUp(let g, let c, _):
            let e = move(g, c, from: [.offered, .answered, .bridged], to: .ended, "hungUp", err)
            if e == nil { remember(ended: g) }
            return e
        case .recordingReady(let g, let c, _):
            guard let s = calls[g] else { return err(.unknownCall, "unknown gateway call \(g)") }
            return move(g, c, from: [s], to: s, "recordingReady", err)
        }
    }

    private mutating func move(_ g: String, _ c: CallID?, from allowed: Set<CallState>, to next: CallState, _ what: String,
                               _ err: (CTIProtocolError.Code, String) -> CTIProtocolError) -> CTIProtocolError? {
        guard let state = calls[g] else { return err(.unknownCall, "\(what) for unknown gateway call \(g)") }
        guard allowed.contains(state) else {
            return err(.outOfOrder, "\(what) is not allowed for gateway call \(g) in state \(state.rawValue)")
        }
        if let c, let bound = callIds[g], bound != c {
            return err(.invalidField, "callId \(c) does not match \(bound) of gateway call \(g)")
        }
        calls[g] = next
        return nil
    }

    private mutating func remember(ended g: String) {
        endedOrder.append(g)
        if endedOrder.count > Self.endedRememberedMax {
            let old = endedOrder.removeFirst()
            calls[old] = nil
            callIds[old] = nil
        }
    }
}

/// A refused frame and the `protocolError` reply to send for it.
public struct CTIOutboundError: Error, Hashable, Sendable {
    public var error: CTIProtocolError
    public var reply: CTIOutbound
    /// Close the connection after sending `reply`.
    public var closeAfterReply: Bool { error.isFatal }
}
