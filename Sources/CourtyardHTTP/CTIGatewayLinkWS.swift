import CourtyardCallCenter
import CourtyardRuntime
import Synchronization

// MARK: - One gateway connection

/// The call center's view of one gateway WebSocket: it numbers commands with the
/// connection's `CTISessionValidator` and queues their frames on a bounded outbound queue
/// drained by the connection's writer. A gateway that reads too slowly overflows its own
/// queue and is disconnected (it reconnects and resumes its calls); it never slows the
/// call center or another gateway.
final class CTIConnectionLink: CTIGatewayLink {
    private struct State {
        var validator = CTISessionValidator()
        var gatewayId = ""
        var overflowed = false
        var closed = false
    }

    let linkID: UInt64
    /// Frames waiting to be written, oldest first.
    let frames: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let state = Mutex(State())

    init(linkID: UInt64, queueMax: Int) {
        self.linkID = linkID
        (frames, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(max(1, queueMax)))
    }

    var gatewayId: String { state.withLock { $0.gatewayId } }
    var overflowed: Bool { state.withLock { $0.overflowed } }

    func setGatewayId(_ id: String) { state.withLock { $0.gatewayId = id } }

    /// Decodes and checks one inbound frame.
    func receive(_ frame: [UInt8]) -> Result<CTIInbound, CTIOutboundError> {
        state.withLock { $0.validator.receive(frame: frame) }
    }

    func bind(gatewayCallId: String, to call: CallID) {
        state.withLock { $0.validator.bind(gatewayCallId: gatewayCallId, to: call) }
    }

    func send(_ commands: [CTICommand]) {
        state.withLock { s in
            for c in commands { enqueue(s.validator.outbound(c), &s) }
        }
    }

    /// Sends an already numbered frame (protocol errors from the validator).
    func send(numbered out: CTIOutbound) {
        state.withLock { s in enqueue(out, &s) }
    }

    func authenticationFailed(refSeq: UInt64?) {
        state.withLock { s in enqueue(s.validator.authenticationFailed(refSeq: refSeq), &s) }
    }

    /// No more frames: the writer drains what is queued and stops.
    func finish() {
        state.withLock { $0.closed = true }
        continuation.finish()
    }

    private func enqueue(_ out: CTIOutbound, _ s: inout State) {
        guard !s.closed else { return }
        if case .dropped = continuation.yield(CTICodec.encode(out)) {
            s.overflowed = true
            s.closed = true
            continuation.finish()
        }
    }
}

/// Hands out connection ids.
final class LinkCounter: Sendable {
    private let next = Mutex<UInt64>(0)
    func take() -> UInt64 { next.withLock { $0 += 1; return $0 } }
}
