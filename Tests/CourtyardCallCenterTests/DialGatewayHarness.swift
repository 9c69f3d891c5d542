@testable import CourtyardCallCenter

/// Runs a `DialGateway` on virtual time against a scripted node: every event the gateway
/// sends is passed to `node`, whose commands are fed back (encoded and decoded, as on the
/// wire) on the same slot. No sleeps, no sockets.
struct DialHarness {
    typealias Node = (_ slot: Int, _ event: CTIEvent, _ nowMs: Int64) -> [CTICommand]

    var gateway: DialGateway
    var node: Node
    var nowMs: Int64 = 1_000
    var timers: [(atMs: Int64, order: Int, timer: DialTimer)] = []
    var order = 0
    var sent: [(slot: Int, event: CTIEvent)] = []
    var notes: [String] = []
    var wrapUps: [AgentID] = []
    var seqs: [Int: UInt64] = [:]

    init(settings: DialSettings, residents: [String] = [], node: @escaping Node) {
        gateway = DialGateway(settings: settings, residentNumbers: residents)
        self.node = node
    }

    static func settings(rate: Double = 6, durationMs: Int64 = 60_000, slots: Int = 1, seed: UInt64 = 1,
                         behaviour: DialBehaviour = .quiet) -> DialSettings {
        DialSettings(gatewayId: "gw", token: "t0k", seed: seed, durationMs: durationMs,
                     arrivals: DialArrivalProcess(ratePerMinute: rate),
                     population: .init(unknownShare: 0, withheldShare: 0, returnShare: 0),
                     behaviour: behaviour, slots: slots, silenceMs: 30_000)
    }

    /// Connects `slot`: the gateway's hello goes to the node, which must welcome it.
    mutating func connect(_ slot: Int) {
        seqs[slot] = 0
        deliver(slot, gateway.hello(slot: slot))
    }

    mutating func start() { apply(gateway.start(nowMs: nowMs)) }

    /// Fires timers in time order until `untilMs` (or none are left).
    mutating func run(untilMs: Int64) {
        while let next = timers.min(by: { ($0.atMs, $0.order) < ($1.atMs, $1.order) }), next.atMs <= untilMs {
            timers.removeAll { $0.order == next.order }
            nowMs = max(nowMs, next.atMs)
            apply(gateway.onTimer(next.timer, nowMs: nowMs))
        }
        nowMs = max(nowMs, untilMs)
    }

    /// A frame from the node on `slot`, raw.
    mutating func frame(_ text: String, slot: Int = 0) {
        apply(gateway.receive(frame: Array(text.utf8), slot: slot, nowMs: nowMs))
    }

    /// A command from the node on `slot`, numbered and encoded as the node would.
    mutating func command(_ c: CTICommand, slot: Int = 0) {
        let seq = (seqs[slot] ?? 0) + 1
        seqs[slot] = seq
        frame(CTICodec.encode(CTIOutbound(seq: seq, command: c)), slot: slot)
    }

    mutating func apply(_ directives: [DialDirective]) {
        for d in directives {
            switch d {
            case .send(let slot, let event): deliver(slot, event)
            case .schedule(let timer, let at):
                order += 1
                timers.append((at, order, timer))
            case .agentWrapUp(let agent, _): wrapUps.append(agent)
            case .note(let text): notes.append(text)
            }
        }
    }

    private mutating func deliver(_ slot: Int, _ event: CTIEvent) {
        sent.append((slot, event))
        for c in node(slot, event, nowMs) { command(c, slot: slot) }
    }

    func events(_ type: String) -> [CTIEvent] {
        sent.map(\.event).filter { CTICodec.encode(CTIInbound(seq: 1, event: $0)).contains("\"type\":\"\(type)\"") }
    }
}

extension DialBehaviour {
    /// No IVR mistakes or hang-ups, agents always answer, every voice mail ends by hanging up:
    /// flows whose outcome a test can state exactly.
    static var quiet: DialBehaviour {
        var b = DialBehaviour()
        b.invalidKeyShare = 0
        b.noInputShare = 0
        b.ivrHangUpShare = 0
        b.agentNoAnswerShare = 0
        b.messageEndsWithHashShare = 0
        b.patience = DialDuration(medianMs: 120_000, sigma: 0, minMs: 120_000, maxMs: 120_000)
        b.talk = DialDuration(medianMs: 30_000, sigma: 0, minMs: 30_000, maxMs: 30_000)
        b.answerDelay = DialDuration(medianMs: 2_000, sigma: 0, minMs: 2_000, maxMs: 2_000)
        return b
    }
}

/// A node that welcomes, speaks the demo menu, queues whoever presses 0 and bridges them to
/// `agent`, hangs up on any other key.
/// `sticky`: every bridge says the agent was chosen by sticky routing.
func scriptedNode(site: String = "north-bay", agent: String? = "agent-7", sticky: Bool = false) -> DialHarness.Node {
    let menu = IVRMenu.demo(site: SiteID(site))
    return { _, event, _ in
        switch event {
        case .hello(_, _, let calls):
            return [.welcome(site: SiteID(site), resumed: calls.map { CTIResumedCall(gatewayCallId: $0.gatewayCallId, callId: $0.callId ?? CallID("\(site):r-\($0.gatewayCallId)")) })]
        case .callOffered(let gw, _, _):
            let id = CallID("\(site):c-\(gw)")
            return [.play(callId: id, gatewayCallId: gw, text: menu.root.prompt, promptId: nil, announcement: false),
                    .collect(callId: id, gatewayCallId: gw, digitsMax: 1, timeoutMs: 5_000, terminator: nil)]
        case .dtmf(let gw, let id, let digits):
            guard digits == "0" else { return [.hangUp(callId: id, gatewayCallId: gw, reason: "served")] }
            var out: [CTICommand] = [.enqueue(callId: id, gatewayCallId: gw, queue: QueueID("\(site).service"), priority: .normal)]
            if let agent { out.append(.bridge(callId: id, gatewayCallId: gw, agent: AgentID(agent), endpoint: "sip:7001@127.0.0.1", sticky: sticky)) }
            return out
        default:
            return []
        }
    }
}
