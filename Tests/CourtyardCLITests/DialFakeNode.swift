import CourtyardCallCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// A small in-test node speaking the CTI protocol at `/cti/v1`: it checks every frame the
/// gateway sends with the real `CTISessionValidator`, and treats calls by the order they
/// arrive (n = 1, 2, …): n % 4 == 0 voice mail; 1 queued and bridged to agent-1; 2 queued
/// and never answered (the caller abandons); 3 menu, then hang-up after the key.
/// Right after each welcome it sends three bad frames. It tallies what it saw. With
/// `dieAfterOffers`, it "dies" once it has been offered that many calls: it closes its
/// connections and refuses new ones.
actor DialFakeNode {
    struct Tally: Sendable, Equatable {
        var offered = 0, answered = 0, abandoned = 0, voicemail = 0, hungUpByNode = 0
        var refusedFrames = 0, badFramesSent = 0, helloCalls = 0, hellos = 0, callRecordings = 0
        var logins = 0, logouts = 0, wrapUpsDone = 0, callers: [String] = []
    }

    let site: String
    let dieAfterOffers: Int?
    /// The agent calls are bridged to (default agent-1).
    let bridgeAgent: String
    /// Residents the node's search returns.
    let residentPhones: [String]
    private(set) var tally = Tally()
    private(set) var isDead = false
    private var order: [String: Int] = [:]

    init(site: String, dieAfterOffers: Int? = nil, bridgeAgent: String = "agent-1", residentPhones: [String] = []) {
        self.site = site
        self.dieAfterOffers = dieAfterOffers
        self.bridgeAgent = bridgeAgent
        self.residentPhones = residentPhones
    }

    private func agentCall(_ action: String) -> HTTPResponse.Status {
        switch action {
        case "login": tally.logins += 1
        case "logout": tally.logouts += 1
        case "wrapup-done": tally.wrapUpsDone += 1
        default: break
        }
        return .ok
    }

    /// The agent API and search routes dial uses.
    private nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("api/v1/agents/:agent/:action") { _, context -> HTTPResponse.Status in
            await self.agentCall(try context.parameters.require("action"))
        }
        router.get("api/v1/search") { _, _ -> Response in
            let phones = self.residentPhones.map { "\"\($0)\"" }.joined(separator: ",")
            let body = #"{"cases":[],"query":"x","residents":[{"phones":[\#(phones)]}],"tickets":[]}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        return router
    }

    /// Serves until the surrounding task is cancelled; `ready` gets the port.
    func serve(ready: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "fake-node")
        logger.logLevel = .critical
        let app = Application(
            router: router(),
            server: .http1WebSocketUpgrade { request, _, _ async in
                guard request.path == "/cti/v1", await !self.isDead else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await self.session(inbound, outbound)
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ready(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [])
    }

    private func session(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        var validator = CTISessionValidator()
        for try await message in inbound.messages(maxSize: 1 << 16) {
            guard case .text(let text) = message else { continue }
            switch validator.receive(frame: Array(text.utf8)) {
            case .failure:
                tally.refusedFrames += 1
            case .success(let inb):
                for frame in react(inb.event, &validator) { try await outbound.write(.text(frame)) }
            }
            if let n = dieAfterOffers, tally.offered >= n { isDead = true }
            if isDead {
                try await outbound.close(.goingAway, reason: "node died")
                return
            }
        }
    }

    private func react(_ event: CTIEvent, _ v: inout CTISessionValidator) -> [String] {
        func out(_ c: CTICommand) -> String { CTICodec.encode(v.outbound(c)) }
        switch event {
        case .hello(_, _, let calls):
            tally.hellos += 1
            tally.helloCalls += calls.count
            let resumed = calls.map { CTIResumedCall(gatewayCallId: $0.gatewayCallId, callId: $0.callId ?? CallID("\(site):r\($0.gatewayCallId)")) }
            for r in resumed { v.bind(gatewayCallId: r.gatewayCallId, to: r.callId) }
            tally.badFramesSent += 3
            let welcome = out(.welcome(site: SiteID(site), resumed: resumed))
            let bad1 = #"{"seq":\#(v.outboundSeq + 1),"type":"bridge","v":1}"#
            _ = v.outbound(.ack(ackSeq: 0))  // keep the node's numbering past the hand-written frame
            return [welcome, bad1,
                    out(.hangUp(callId: CallID("\(site):nobody"), gatewayCallId: "nobody-1", reason: nil)),
                    out(.protocolError(CTIProtocolError(.outOfOrder, "just testing", refSeq: 1)))]
        case .callOffered(let gw, let caller, _):
            tally.offered += 1
            tally.callers.append(caller)
            let n = tally.offered
            order[gw] = n
            let id = CallID("\(site):c\(n)")
            switch n % 4 {
            case 0: return [out(.voicemail(callId: id, gatewayCallId: gw, maxDurationMs: 5_000))]
            case 1: return [out(.enqueue(callId: id, gatewayCallId: gw, queue: QueueID("\(site).service"), priority: .normal)),
                            out(.bridge(callId: id, gatewayCallId: gw, agent: AgentID(bridgeAgent), endpoint: "sip:1@127.0.0.1"))]
            case 2: return [out(.enqueue(callId: id, gatewayCallId: gw, queue: QueueID("\(site).service"), priority: .normal))]
            default:
                return [out(.play(callId: id, gatewayCallId: gw, text: "报修请按3，人工服务请按0。", promptId: nil, announcement: false)),
                        out(.collect(callId: id, gatewayCallId: gw, digitsMax: 1, timeoutMs: 1_000, terminator: nil))]
            }
        case .dtmf(let gw, let id, _):
            tally.hungUpByNode += 1
            return [out(.hangUp(callId: id, gatewayCallId: gw, reason: "served"))]
        case .answered:
            tally.answered += 1
        case .hungUp(let gw, _, let by):
            if by == .caller, let n = order[gw], n % 4 == 2 { tally.abandoned += 1 }
        case .recordingReady(_, _, let rec):
            if rec.id.hasPrefix("vm-") { tally.voicemail += 1 } else { tally.callRecordings += 1 }
        case .bridged:
            break
        }
        return []
    }
}
