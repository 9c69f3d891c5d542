// MARK: - The flat JSON shape of every CTI frame

/// Every field any message may carry, all optional: frames decode into this first, then
/// `CTICodec` checks the fields the `type` requires. Unknown fields are ignored, so a
/// gateway may add fields without breaking older nodes.
struct CTIWire: Codable, Hashable, Sendable {
    var v: Int?
    var type: String?
    var seq: UInt64?
    var callId: String?
    var gatewayCallId: String?
    // hello / welcome
    var gatewayId: String?
    var token: String?
    var calls: [CTIActiveCall]?
    var site: String?
    var resumed: [CTIResumedCall]?
    // events
    var caller: String?
    var dialled: String?
    var digits: String?
    var agent: String?
    var by: String?
    var recording: CallSession.Recording?
    // commands
    var text: String?
    var promptId: String?
    var announcement: Bool?
    /// On `bridge`: the ACD chose this agent as the caller's last agent (sticky routing).
    var sticky: Bool?
    var digitsMax: Int?
    var timeoutMs: Int64?
    var terminator: String?
    var queue: String?
    var priority: String?
    var endpoint: String?
    var maxDurationMs: Int64?
    var target: String?
    var reason: String?
    var ackSeq: UInt64?
    var code: String?
    var message: String?
    var refSeq: UInt64?
}

/// The `type` names on the wire.
public enum CTIMessageType: String, CaseIterable, Sendable {
    // events (gateway → node)
    case hello, callOffered, dtmf, answered, bridged, hungUp, recordingReady
    // commands (node → gateway)
    case welcome, play, collect, enqueue, bridge, cancelBridge, voicemail, transfer, hangUp, ack, protocolError

    public var isEvent: Bool {
        switch self {
        case .hello, .callOffered, .dtmf, .answered, .bridged, .hungUp, .recordingReady: true
        default: false
        }
    }
}

// MARK: Typed → wire

extension CTIWire {
    init(_ out: CTIOutbound) {
        v = CTIProtocol.version
        seq = out.seq
        switch out.command {
        case .welcome(let s, let r):
            type = "welcome"; site = s.rawValue; resumed = r
        case .play(let c, let g, let t, let p, let a):
            setCall("play", c, g); text = t; promptId = p; announcement = a
        case .collect(let c, let g, let m, let t, let term):
            setCall("collect", c, g); digitsMax = m; timeoutMs = t; terminator = term?.rawValue
        case .enqueue(let c, let g, let q, let p):
            setCall("enqueue", c, g); queue = q.rawValue; priority = p.rawValue
        case .bridge(let c, let g, let a, let e, let s):
            setCall("bridge", c, g); agent = a.rawValue; endpoint = e; sticky = s ? true : nil
        case .cancelBridge(let c, let g, let a):
            setCall("cancelBridge", c, g); agent = a.rawValue
        case .voicemail(let c, let g, let m):
            setCall("voicemail", c, g); maxDurationMs = m
        case .transfer(let c, let g, let t):
            setCall("transfer", c, g); target = t
        case .hangUp(let c, let g, let r):
            setCall("hangUp", c, g); reason = r
        case .ack(let s):
            type = "ack"; ackSeq = s
        case .protocolError(let e):
            type = "protocolError"; code = e.code.rawValue; message = e.message; refSeq = e.refSeq
            gatewayCallId = e.gatewayCallId
        }
    }

    init(_ inb: CTIInbound) {
        v = CTIProtocol.version
        seq = inb.seq
        switch inb.event {
        case .hello(let id, let t, let c):
            type = "hello"; gatewayId = id; token = t; calls = c
        case .callOffered(let g, let c, let d):
            type = "callOffered"; gatewayCallId = g; caller = c; dialled = d
        case .dtmf(let g, let c, let d):
            setCall("dtmf", c, g); digits = d
        case .answered(let g, let c, let a):
            setCall("answered", c, g); agent = a.rawValue
        case .bridged(let g, let c, let a):
            setCall("bridged", c, g); agent = a.rawValue
        case .hungUp(let g, let c, let b):
            type = "hungUp"; gatewayCallId = g; callId = c?.rawValue; by = b.rawValue
        case .recordingReady(let g, let c, let r):
            setCall("recordingReady", c, g); recording = r
        }
    }

    private mutating func setCall(_ t: String, _ c: CallID, _ g: String) {
        type = t
        callId = c.rawValue
        gatewayCallId = g
    }
}
