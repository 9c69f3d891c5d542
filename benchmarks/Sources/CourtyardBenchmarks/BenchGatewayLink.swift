import CourtyardCallCenter
import CourtyardRuntime
import Synchronization

// MARK: - An in-process gateway connection

/// The gateway side of the end-to-end benchmark: a `CTIGatewayLink` (what the /cti/v1
/// WebSocket route hands the call center) that delivers each command to the caller task of
/// its call instead of a socket. No JSON framing or network: the benchmark measures the node.
final class BenchGatewayLink: CTIGatewayLink {
    static let id = "gw-bench"
    static let token = "bench-token"

    let linkID: UInt64 = 1
    let gatewayId = BenchGatewayLink.id
    private let calls = Mutex<[String: AsyncStream<CTICommand>.Continuation]>([:])
    private let seq = Mutex<UInt64>(0)

    /// Opens the command stream of one gateway call; close it when the call is over.
    func open(_ gatewayCallId: String) -> AsyncStream<CTICommand> {
        let (stream, continuation) = AsyncStream<CTICommand>.makeStream()
        calls.withLock { $0[gatewayCallId] = continuation }
        return stream
    }

    func close(_ gatewayCallId: String) {
        calls.withLock { $0.removeValue(forKey: gatewayCallId) }?.finish()
    }

    func send(_ commands: [CTICommand]) {
        for command in commands {
            guard let g = command.benchGatewayCallId else { continue }
            _ = calls.withLock { $0[g] }?.yield(command)
        }
    }

    /// The `seq` of the next event, as a gateway numbers its frames.
    func nextSeq() -> UInt64 { seq.withLock { $0 += 1; return $0 } }
}

extension CTICommand {
    /// The gateway call a command is about; nil for connection-level commands.
    var benchGatewayCallId: String? {
        switch self {
        case .play(_, let g, _, _, _), .collect(_, let g, _, _, _), .enqueue(_, let g, _, _), .bridge(_, let g, _, _, _),
             .cancelBridge(_, let g, _), .voicemail(_, let g, _), .transfer(_, let g, _), .hangUp(_, let g, _): g
        case .welcome, .ack, .protocolError: nil
        }
    }
}
