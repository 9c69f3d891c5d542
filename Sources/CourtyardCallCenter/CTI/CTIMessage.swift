// MARK: - CTI protocol messages (docs/cti.md)

/// Constants of the node ↔ telephony-gateway protocol.
public enum CTIProtocol {
    /// The protocol version this node speaks; frames with another `v` are refused.
    public static let version = 1
    /// Largest WebSocket text frame accepted, in bytes.
    public static let frameBytesMax = 16 * 1024
    /// Longest free-text field (prompt text, error message), in characters.
    public static let textCharsMax = 1_000
    /// Longest phone-number field, in bytes (as `PhoneNumber.inputBytesMax`).
    public static let numberBytesMax = 64
    /// Longest endpoint / token / format field, in bytes.
    public static let fieldBytesMax = 256
    /// Calls a gateway may report in one `hello` (failover resume).
    public static let helloCallsMax = 500
    /// Calls one connection may hold at once.
    public static let activeCallsMax = 2_000
    /// Keys accepted in one `dtmf` event.
    public static let digitsMax = 32
}

/// Who hung up, on the wire.
public typealias CTIParty = CallSession.Party

/// A call the gateway still holds when it (re)connects: the node resumes it.
public struct CTIActiveCall: Hashable, Sendable, Codable {
    public var gatewayCallId: String
    /// The node's id for the call when one was assigned before failover.
    public var callId: CallID?
    public var caller: String
    public var dialled: String
    /// Whether the caller is talking to this agent at the moment.
    public var agent: AgentID?

    public init(gatewayCallId: String, callId: CallID? = nil, caller: String, dialled: String, agent: AgentID? = nil) {
        self.gatewayCallId = gatewayCallId
        self.callId = callId
        self.caller = caller
        self.dialled = dialled
        self.agent = agent
    }
}

/// Events a gateway sends to a node.
public enum CTIEvent: Hashable, Sendable {
    /// First frame of a connection: who the gateway is, its token, the calls it holds.
    case hello(gatewayId: String, token: String, calls: [CTIActiveCall])
    case callOffered(gatewayCallId: String, caller: String, dialled: String)
    /// Collected keys; empty `digits` means the collect timed out with no input.
    case dtmf(gatewayCallId: String, callId: CallID, digits: String)
    case answered(gatewayCallId: String, callId: CallID, agent: AgentID)
    case bridged(gatewayCallId: String, callId: CallID, agent: AgentID)
    case hungUp(gatewayCallId: String, callId: CallID?, by: CTIParty)
    case recordingReady(gatewayCallId: String, callId: CallID, recording: CallSession.Recording)

    /// The gateway call the event is about (nil for hello).
    public var gatewayCallId: String? {
        switch self {
        case .hello: nil
        case .callOffered(let g, _, _), .dtmf(let g, _, _), .answered(let g, _, _), .bridged(let g, _, _),
             .hungUp(let g, _, _), .recordingReady(let g, _, _): g
        }
    }
}

/// Commands a node sends to a gateway.
public enum CTICommand: Hashable, Sendable {
    /// Reply to an accepted hello: the node's site, and the node's call id for each
    /// resumed gateway call.
    case welcome(site: SiteID, resumed: [CTIResumedCall])
    case play(callId: CallID, gatewayCallId: String, text: String?, promptId: String?, announcement: Bool)
    case collect(callId: CallID, gatewayCallId: String, digitsMax: Int, timeoutMs: Int64, terminator: DTMFDigit?)
    /// The call waits in an ACD queue (the gateway plays hold music).
    case enqueue(callId: CallID, gatewayCallId: String, queue: QueueID, priority: CallSession.Priority)
    /// `sticky`: the ACD routed the call to the caller's last agent (optional on the wire, default false).
    /// For a call already ringing other agents (not yet answered) it adds a leg: the gateway
    /// rings every leg at once and connects the first to pick up (a ring group); naming an
    /// agent already ringing for the call changes nothing.
    case bridge(callId: CallID, gatewayCallId: String, agent: AgentID, endpoint: String, sticky: Bool = false)
    /// Stop ringing `agent`'s leg (ring timeout, offer declined or withdrawn). With no leg
    /// left the caller is back on hold; a leg the gateway no longer rings is ignored.
    case cancelBridge(callId: CallID, gatewayCallId: String, agent: AgentID)
    case voicemail(callId: CallID, gatewayCallId: String, maxDurationMs: Int64)
    /// Hand the call to another number or node (blind transfer).
    case transfer(callId: CallID, gatewayCallId: String, target: String)
    case hangUp(callId: CallID, gatewayCallId: String, reason: String?)
    /// The event with this `seq` was accepted (sent for hello-less events only on request).
    case ack(ackSeq: UInt64)
    /// The event with `refSeq` was refused; `fatal` errors close the connection.
    case protocolError(CTIProtocolError)
}

/// A resumed call in `welcome`.
public struct CTIResumedCall: Hashable, Sendable, Codable {
    public var gatewayCallId: String
    public var callId: CallID

    public init(gatewayCallId: String, callId: CallID) {
        self.gatewayCallId = gatewayCallId
        self.callId = callId
    }
}

/// An event with its envelope (`v`, `seq`).
public struct CTIInbound: Hashable, Sendable {
    public var seq: UInt64
    public var event: CTIEvent

    public init(seq: UInt64, event: CTIEvent) {
        self.seq = seq
        self.event = event
    }
}

/// A command with its envelope.
public struct CTIOutbound: Hashable, Sendable {
    public var seq: UInt64
    public var command: CTICommand

    public init(seq: UInt64, command: CTICommand) {
        self.seq = seq
        self.command = command
    }
}
