import CourtyardCRDT
import CourtyardRuntime
import Logging
import NIOCore
import NIOSSL

/// The last handler of a peer connection's pipeline (after TLS and the frame codec). It
/// drives a `HandshakeStateMachine`, carries out its actions, and once the peer is
/// authenticated hands every message to `deliver` with the peer's identity. Any refusal
/// (handshake, bad frame, TLS error, timeout) is logged with its reason, counted, and
/// closes the connection; none of them reaches past this connection.
final class PeerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = TransportFrame
    typealias OutboundOut = TransportFrame

    private var machine: HandshakeStateMachine
    private let established: EventLoopPromise<PeerIdentity>
    private let deliver: @Sendable (InboundMessage) -> Void
    private let statistics: TransportStatistics
    private let handshakeTimeout: TimeAmount
    private var logger: Logger
    private var timeout: Scheduled<Void>?
    private var promiseCompleted = false

    init(machine: HandshakeStateMachine, established: EventLoopPromise<PeerIdentity>,
         handshakeTimeout: TimeAmount, statistics: TransportStatistics, logger: Logger,
         deliver: @escaping @Sendable (InboundMessage) -> Void) {
        self.machine = machine
        self.established = established
        self.handshakeTimeout = handshakeTimeout
        self.statistics = statistics
        self.logger = logger
        self.deliver = deliver
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { perform(machine.secureChannelReady(), context) }
        logger[metadataKey: "remote"] = "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")"
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeTimeout) { [self] in
            guard machine.peer == nil else { return }
            perform(machine.failed(HandshakeRefusal(.timeout, "no handshake within \(handshakeTimeout)")), context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
        failPromise(HandshakeRefusal(.protocolViolation, "connection closed before the handshake completed"))
    }

    /// The TCP connection is up. NIOSSL buffers the dialer's hello until the TLS handshake
    /// has completed, so nothing leaves unencrypted and the peer certificate is verified
    /// before any reply arrives.
    func channelActive(context: ChannelHandlerContext) {
        perform(machine.secureChannelReady(), context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let action = machine.received(frame.message, certificateSite: peerCertificateSite(context))
        if case .deliver(let message) = action, let peer = machine.peer {
            statistics.frameIn(frame.lane)
            deliver(InboundMessage(from: peer, lane: frame.lane, message: message))
            return
        }
        perform(action, context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let refusal: HandshakeRefusal
        if let frameError = error as? FrameError {
            refusal = HandshakeRefusal(.badFrame, frameError.description)
        } else if error is NIOSSLError || error is BoringSSLError {
            refusal = HandshakeRefusal(.tls, "\(error)")
        } else {
            refusal = HandshakeRefusal(.tls, "connection error: \(error)")
        }
        perform(machine.failed(refusal), context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failPromise(HandshakeRefusal(.protocolViolation, "connection closed before the handshake completed"))
        context.fireChannelInactive()
    }

    // MARK: Actions

    private func perform(_ action: HandshakeStateMachine.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .sendHello(let hello):
            context.writeAndFlush(wrapOutboundOut(TransportFrame(lane: .control, message: hello.message())), promise: nil)
        case .established(let peer, let reply):
            timeout?.cancel()
            if let reply {
                context.writeAndFlush(wrapOutboundOut(TransportFrame(lane: .control, message: reply.message())), promise: nil)
            }
            logger.debug("peer authenticated", metadata: ["peer": "\(peer)"])
            if !promiseCompleted {
                promiseCompleted = true
                established.succeed(peer)
            }
        case .deliver:
            break // handled in channelRead
        case .refuse(let refusal):
            statistics.refused(refusal.kind)
            logger.warning("connection refused", metadata: ["reason": "\(refusal.kind.rawValue)",
                                                            "detail": "\(refusal.message)"])
            failPromise(refusal)
            context.close(promise: nil)
        case .none:
            break
        }
    }

    private func failPromise(_ refusal: HandshakeRefusal) {
        guard !promiseCompleted else { return }
        promiseCompleted = true
        established.fail(refusal)
    }

    /// The site named by the peer's verified certificate (nil without one).
    private func peerCertificateSite(_ context: ChannelHandlerContext) -> ReplicaID? {
        guard let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate(),
              let der = try? certificate.toDERBytes() else { return nil }
        return CertificateSite.site(derEncoded: der)
    }
}
