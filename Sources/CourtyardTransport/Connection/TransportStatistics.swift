import CourtyardRuntime
import Metrics
import Synchronization

/// Counts what the transport did, both as swift-metrics counters (for Prometheus) and as a
/// local snapshot (for tests and `courtyard status`):
///
/// - `courtyard_transport_frames_in_total{lane}`, `courtyard_transport_frames_out_total{lane}`
/// - `courtyard_transport_refused_total{reason}` (a `HandshakeRefusal.Kind`)
/// - `courtyard_transport_dropped_total{lane,reason}` (backpressure, unreachable, shutdown, inbound_full)
public final class TransportStatistics: Sendable {
    public struct Snapshot: Sendable, Hashable {
        public var framesIn: [TransportLane: Int] = [:]
        public var framesOut: [TransportLane: Int] = [:]
        public var refused: [HandshakeRefusal.Kind: Int] = [:]
        public var dropped: [String: Int] = [:]
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func frameIn(_ lane: TransportLane) {
        Counter(label: "courtyard_transport_frames_in_total", dimensions: [("lane", "\(lane)")]).increment()
        state.withLock { $0.framesIn[lane, default: 0] += 1 }
    }

    func framesOut(_ lane: TransportLane, count: Int) {
        guard count > 0 else { return }
        Counter(label: "courtyard_transport_frames_out_total", dimensions: [("lane", "\(lane)")]).increment(by: count)
        state.withLock { $0.framesOut[lane, default: 0] += count }
    }

    func refused(_ kind: HandshakeRefusal.Kind) {
        Counter(label: "courtyard_transport_refused_total", dimensions: [("reason", kind.rawValue)]).increment()
        state.withLock { $0.refused[kind, default: 0] += 1 }
    }

    func dropped(_ lane: TransportLane, reason: String, count: Int = 1) {
        guard count > 0 else { return }
        Counter(label: "courtyard_transport_dropped_total",
                dimensions: [("lane", "\(lane)"), ("reason", reason)]).increment(by: count)
        state.withLock { $0.dropped[reason, default: 0] += count }
    }
}
