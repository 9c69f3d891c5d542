import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import CourtyardSimulation
import Synchronization

// MARK: - SimClusterNetwork

/// The network of an actor-simulation run: `MessageTransport`s whose deliveries are
/// scheduled on the run's virtual time with seeded delay, loss, duplication and reordering,
/// plus directed cuts (symmetric and one-way partitions), clogged links and crashed nodes.
///
/// Like a real network, a cut or a crash loses messages silently (in flight ones too); a
/// send to an endpoint where no process listens is refused (`.unreachable`); each link has
/// a bounded number of messages in flight, past which sends are refused (`.backpressure`).
public final class SimClusterNetwork: Sendable {
    public struct Link: Hashable, Sendable {
        public var from: Endpoint
        public var to: Endpoint
    }

    public struct Statistics: Sendable, Hashable {
        public var sent = 0
        public var delivered = 0
        public var dropped = 0
        public var duplicated = 0
        public var lostInPartition = 0
        public var lostToCrash = 0
        public var refused = 0
        /// Messages lost (dropped, partitioned, to a crash) per wire type.
        public var lostByType: [String: Int] = [:]
    }

    struct Registration {
        var identity: PeerIdentity
        var generation: UInt64
        var continuation: AsyncStream<InboundMessage>.Continuation
    }

    struct State {
        var settings: LinkSettings
        var nodes: [Endpoint: Registration] = [:]
        var nextGeneration: UInt64 = 0
        var cuts: Set<Link> = []
        var clogUntilNs: [Link: Int64] = [:]
        var inFlight: [Link: Int] = [:]
        var stats = Statistics()
    }

    let scheduler: SimScheduler
    let state: Mutex<State>
    /// Messages in flight per link before sends are refused.
    public let inFlightPerLinkMax: Int
    /// The largest payload accepted (a transport's frame limit).
    public let payloadBytesMax: Int
    /// Inbound messages buffered per node before the oldest are kept and new ones dropped.
    public let inboundQueueMax: Int

    public init(scheduler: SimScheduler, settings: LinkSettings, inFlightPerLinkMax: Int = 2_048,
                payloadBytesMax: Int = 1 << 20, inboundQueueMax: Int = 8_192) {
        self.scheduler = scheduler
        state = Mutex(State(settings: settings))
        self.inFlightPerLinkMax = inFlightPerLinkMax
        self.payloadBytesMax = payloadBytesMax
        self.inboundQueueMax = inboundQueueMax
    }

    public var statistics: Statistics { state.withLock { $0.stats } }

    // MARK: Nodes

    /// Registers a node life at its endpoint; a previous life there is replaced (its
    /// inbound stream ends).
    public func attach(_ identity: PeerIdentity) -> SimTransport {
        let (stream, continuation) = AsyncStream.makeStream(of: InboundMessage.self,
                                                           bufferingPolicy: .bufferingOldest(inboundQueueMax))
        let (generation, stale) = state.withLock { s -> (UInt64, AsyncStream<InboundMessage>.Continuation?) in
            s.nextGeneration += 1
            let stale = s.nodes[identity.endpoint]?.continuation
            s.nodes[identity.endpoint] = Registration(identity: identity, generation: s.nextGeneration,
                                                      continuation: continuation)
            return (s.nextGeneration, stale)
        }
        stale?.finish()
        return SimTransport(network: self, identity: identity, generation: generation, inbound: stream)
    }

    /// The process at `endpoint` dies: nothing more reaches it and its sends stop.
    public func crash(_ endpoint: Endpoint) {
        let stale = state.withLock { s in s.nodes.removeValue(forKey: endpoint)?.continuation }
        stale?.finish()
    }

    // MARK: Faults

    /// Cuts `from → to` (one direction); messages in flight on it are lost at delivery.
    public func cut(from: Endpoint, to: Endpoint) {
        state.withLock { _ = $0.cuts.insert(Link(from: from, to: to)) }
    }

    public func mend(from: Endpoint, to: Endpoint) {
        state.withLock { _ = $0.cuts.remove(Link(from: from, to: to)) }
    }

    /// Holds messages `from → to` until `untilNs` (a clogged link: delayed, not lost).
    public func clog(from: Endpoint, to: Endpoint, untilNs: Int64) {
        state.withLock { $0.clogUntilNs[Link(from: from, to: to)] = untilNs }
    }

    public func healAll() {
        state.withLock { s in
            s.cuts.removeAll()
            s.clogUntilNs.removeAll()
        }
    }

    public func isCut(from: Endpoint, to: Endpoint) -> Bool {
        state.withLock { $0.cuts.contains(Link(from: from, to: to)) }
    }
}
