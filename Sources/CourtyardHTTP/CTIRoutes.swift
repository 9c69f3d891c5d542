import CourtyardCallCenter
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

// MARK: - GET /cti/v1 (WebSocket): the telephony gateway protocol (docs/cti.md)

/// Serves gateways: each text frame is checked by the connection's `CTISessionValidator`
/// and routed to the node's `CallCenter`; commands go back in order through a bounded
/// queue. Refused frames are answered with `protocolError`; fatal ones close the socket.
struct CTIRoutes {
    /// Frames queued per gateway before a slow reader is disconnected.
    static let outboundQueueMax = 1_024

    let center: CallCenter
    let counter = LinkCounter()

    func register(on router: Router<BasicWebSocketRequestContext>) {
        router.ws("cti/v1") { inbound, outbound, context in
            await serve(inbound: inbound, outbound: outbound, logger: context.logger)
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let link = CTIConnectionLink(linkID: counter.take(), queueMax: Self.outboundQueueMax)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in link.frames {
                    do { try await outbound.write(.text(frame)) } catch { break }
                }
            }
            let reason = await read(inbound, link: link, logger: logger)
            link.finish()
            await group.waitForAll()
            try? await outbound.close(reason == nil ? .normalClosure : .policyViolation, reason: reason)
        }
    }

    /// Reads frames until the gateway leaves or a fatal error; returns the close reason.
    private func read(_ inbound: WebSocketInboundStream, link: CTIConnectionLink, logger: Logger) async -> String? {
        var messages = inbound.messages(maxSize: CTIProtocol.frameBytesMax).makeAsyncIterator()
        while true {
            let message: WebSocketMessage?
            do { message = try await messages.next() } catch {
                link.send([.protocolError(CTIProtocolError(.frameTooLarge, "frame exceeds \(CTIProtocol.frameBytesMax) bytes or is malformed"))])
                return "frame refused"
            }
            guard let message else { return nil }
            let bytes: [UInt8] = switch message {
            case .text(let s): Array(s.utf8)
            case .binary(let b): Array(buffer: b)
            }
            switch link.receive(bytes) {
            case .failure(let refused):
                link.send(numbered: refused.reply)
                if refused.closeAfterReply { return refused.error.code.rawValue }
            case .success(let inb):
                if let reason = await route(inb, link: link) { return reason }
            }
            if link.overflowed {
                logger.warning("gateway too slow: outbound queue full", metadata: ["gateway": "\(link.gatewayId)"])
                return "outbound queue full"
            }
        }
    }

    /// Routes an accepted event; returns a close reason for a refused hello.
    private func route(_ inb: CTIInbound, link: CTIConnectionLink) async -> String? {
        switch inb.event {
        case .hello(let gatewayId, let token, let calls):
            link.setGatewayId(gatewayId)
            guard await center.gatewayHello(gatewayId: gatewayId, token: token, calls: calls, link: link) else {
                link.authenticationFailed(refSeq: inb.seq)
                return "authentication failed"
            }
            for c in calls { if let id = c.callId { link.bind(gatewayCallId: c.gatewayCallId, to: id) } }
        case .callOffered(let g, let caller, let dialled):
            let id = await center.gatewayCallOffered(gatewayCallId: g, caller: caller, dialled: dialled, link: link)
            link.bind(gatewayCallId: g, to: id)
        default:
            if let error = await center.gatewayEvent(inb.event, seq: inb.seq, link: link) {
                link.send([.protocolError(error)])
            }
        }
        return nil
    }
}
