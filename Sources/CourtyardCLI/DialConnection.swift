import CourtyardCallCenter
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore

// MARK: - What the run loop hears

/// Inputs of the dial run loop: connection changes, frames, simulated agents, the clock.
enum DialInput: Sendable {
    case opened(slot: Int, generation: Int, writer: WebSocketOutboundWriter)
    case frame(slot: Int, generation: Int, bytes: [UInt8])
    case closed(slot: Int, generation: Int, reason: String)
    case agentsReady(homes: [AgentID: SiteID], notes: [String])
    /// Ctrl-C: end the calls in progress and print the summary.
    case interrupt
    case tick
}

// MARK: - One WebSocket connection to a node

enum DialConnection {
    /// Largest frame read from a node; larger ones than the protocol allows still arrive, so
    /// the codec refuses them by name (`frameTooLarge`) instead of the socket failing.
    static let readBytesMax = 4 * CTIProtocol.frameBytesMax

    /// Connects to `url`, reports `opened` with the writer, every frame, then `closed`.
    static func run(url: String, slot: Int, generation: Int, sink: AsyncStream<DialInput>.Continuation) async {
        var logger = Logger(label: "courtyard.dial")
        logger.logLevel = .critical
        var reason = "closed by the node"
        do {
            let close = try await WebSocketClient.connect(
                url: url, configuration: WebSocketClientConfiguration(maxFrameSize: readBytesMax), logger: logger
            ) { inbound, outbound, _ in
                sink.yield(.opened(slot: slot, generation: generation, writer: outbound))
                for try await message in inbound.messages(maxSize: readBytesMax) {
                    switch message {
                    case .text(let s): sink.yield(.frame(slot: slot, generation: generation, bytes: Array(s.utf8)))
                    case .binary(let b): sink.yield(.frame(slot: slot, generation: generation, bytes: Array(b.readableBytesView)))
                    }
                }
            }
            if let close { reason = "closed by the node (\(close.closeCode))" }
        } catch {
            reason = "\(error)"
        }
        sink.yield(.closed(slot: slot, generation: generation, reason: String(reason.prefix(200))))
    }
}

// MARK: - Timers of the run loop

/// Pending timers in due order (ties in the order they were set, so runs are stable).
struct DialTimerQueue<Item: Sendable>: Sendable {
    private var items: [(atMs: Int64, order: Int, item: Item)] = []
    private var order = 0

    var count: Int { items.count }

    mutating func add(_ item: Item, atMs: Int64) {
        order += 1
        let key = (atMs, order)
        var lo = 0, hi = items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if (items[mid].atMs, items[mid].order) < key { lo = mid + 1 } else { hi = mid }
        }
        items.insert((atMs, order, item), at: lo)
    }

    /// Removes and returns every item due at `nowMs`, in order.
    mutating func popDue(nowMs: Int64) -> [Item] {
        let n = items.prefix { $0.atMs <= nowMs }.count
        guard n > 0 else { return [] }
        let due = items[..<n].map(\.item)
        items.removeFirst(n)
        return due
    }
}
