import CourtyardCRDT
import CourtyardMembership
import Synchronization

/// A process-local network of `InMemoryTransport`s keyed by endpoint: the transport of tests,
/// of the cluster shells' tests, and later of the actor simulator.
///
/// Semantics (chosen to match what the protocols above must survive):
/// - Every link (sender → receiver, lane) has a bounded queue; a full queue refuses the send
///   with `.backpressure` instead of waiting.
/// - Delivery is FIFO per link and deterministic: messages leave a receiver's queues in the
///   order they were sent, control lane before bulk (control never waits behind bulk).
/// - A partition (`cut`, `partition`) and a crash lose messages silently, as a real network
///   does: the sender learns nothing and must rely on its own timeouts. A send to an endpoint
///   that has no node at all fails with `.unreachable` (connection refused).
/// - A crashed node neither sends nor receives; its queued inbound messages are lost.
///   `recover` lets it run again (a paused process); `makeTransport` for the same endpoint
///   replaces it (a restart, usually with a new incarnation), ending the old inbound stream.
public final class InMemoryNetwork: Sendable {
    /// Limits of the simulated links.
    public struct Settings: Sendable, Hashable {
        /// Messages queued per link (sender → receiver, lane) before sends are refused.
        public var linkQueueCapacity: Int
        /// The largest payload accepted, like a transport's frame limit.
        public var payloadBytesMax: Int

        public init(linkQueueCapacity: Int = 1024, payloadBytesMax: Int = 1 << 20) {
            precondition(linkQueueCapacity > 0 && payloadBytesMax > 0)
            self.linkQueueCapacity = linkQueueCapacity
            self.payloadBytesMax = payloadBytesMax
        }
    }

    /// What happened to the messages offered to the network, for tests and metrics.
    public struct Statistics: Sendable, Hashable {
        public var delivered = 0
        public var droppedCrashed = 0
        public var droppedPartitioned = 0
        public var refusedBackpressure = 0
        public var refusedUnreachable = 0
        public var refusedInvalid = 0
    }

    /// One direction of a link.
    public struct Link: Sendable, Hashable {
        public var from: Endpoint
        public var to: Endpoint

        public init(from: Endpoint, to: Endpoint) {
            self.from = from
            self.to = to
        }
    }

    public let settings: Settings
    private let state: Mutex<NetworkState>

    public init(settings: Settings = Settings()) {
        self.settings = settings
        state = Mutex(NetworkState())
    }

    // MARK: Nodes

    /// A transport for the node `identity`, registered at its endpoint. A node already there
    /// is replaced: its inbound stream ends and its sends are dropped.
    public func makeTransport(identity: PeerIdentity) -> InMemoryTransport {
        let (generation, stale) = state.withLock { s -> (UInt64, CheckedContinuation<InboundMessage?, Never>?) in
            let stale = s.mailboxes[identity.endpoint]?.waiter?.continuation
            s.nextGeneration += 1
            s.mailboxes[identity.endpoint] = Mailbox(identity: identity, generation: s.nextGeneration)
            s.crashed.remove(identity.endpoint)
            return (s.nextGeneration, stale)
        }
        stale?.resume(returning: nil)
        return InMemoryTransport(network: self, identity: identity, generation: generation)
    }

    /// Stops the node at `endpoint`: its sends and deliveries stop and its queued inbound
    /// messages are lost.
    public func crash(_ endpoint: Endpoint) {
        state.withLock { s in
            s.crashed.insert(endpoint)
            if var box = s.mailboxes[endpoint] {
                s.statistics.droppedCrashed += box.control.count + box.bulk.count
                box.control.removeAll()
                box.bulk.removeAll()
                box.queuedPerLink.removeAll()
                s.mailboxes[endpoint] = box
            }
        }
    }

    /// Lets a crashed (paused) node send and receive again.
    public func recover(_ endpoint: Endpoint) {
        _ = state.withLock { $0.crashed.remove(endpoint) }
    }

    public func isCrashed(_ endpoint: Endpoint) -> Bool {
        state.withLock { $0.crashed.contains(endpoint) }
    }

    // MARK: Partitions

    /// Cuts one direction: messages from `from` to `to` are lost (a one-way partition).
    /// Messages already queued on the cut direction are lost with it.
    public func cut(from: Endpoint, to: Endpoint) {
        state.withLock { s in
            s.cuts.insert(Link(from: from, to: to))
            s.dropQueuedOnCuts(at: to)
        }
    }

    /// Cuts both directions between every endpoint of `side` and every endpoint of `other`;
    /// messages in flight between them are lost.
    public func partition(_ side: [Endpoint], from other: [Endpoint]) {
        state.withLock { s in
            for a in side {
                for b in other where a != b {
                    s.cuts.insert(Link(from: a, to: b))
                    s.cuts.insert(Link(from: b, to: a))
                }
            }
            for endpoint in Set(side + other).sorted() { s.dropQueuedOnCuts(at: endpoint) }
        }
    }

    /// Restores both directions between `a` and `b`.
    public func heal(_ a: Endpoint, _ b: Endpoint) {
        state.withLock { s in
            s.cuts.remove(Link(from: a, to: b))
            s.cuts.remove(Link(from: b, to: a))
        }
    }

    /// Restores every link.
    public func healAll() {
        state.withLock { $0.cuts.removeAll() }
    }

    // MARK: Observation

    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Messages waiting at `endpoint` (both lanes).
    public func queuedCount(at endpoint: Endpoint) -> Int {
        state.withLock { s in s.mailboxes[endpoint].map { $0.control.count + $0.bulk.count } ?? 0 }
    }

    // MARK: Transport entry points

    func enqueue(_ message: WireMessage, from sender: PeerIdentity, generation: UInt64,
                 to endpoint: Endpoint, lane: TransportLane) throws(TransportError) {
        let outcome = state.withLock { s in
            s.enqueue(message, from: sender, generation: generation, to: endpoint, lane: lane, settings: settings)
        }
        switch outcome {
        case .queued, .dropped:
            return
        case .handedOver(let waiter, let inbound):
            waiter.resume(returning: inbound)
        case .refused(let error):
            throw error
        }
    }

    /// The next message for the node `generation` at `endpoint`; nil once that node was
    /// replaced or the consuming task is cancelled.
    func next(for endpoint: Endpoint, generation: UInt64) async -> InboundMessage? {
        let token = state.withLock { s -> UInt64 in
            s.nextWaiterToken += 1
            return s.nextWaiterToken
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<InboundMessage?, Never>) in
                let immediate = state.withLock { s -> InboundMessage?? in
                    if Task.isCancelled { return .some(nil) }
                    return s.takeOrWait(endpoint: endpoint, generation: generation,
                                        waiter: Waiter(token: token, continuation: continuation))
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s in s.removeWaiter(endpoint: endpoint, token: token) }
            waiter?.resume(returning: nil)
        }
    }
}

// MARK: - Transport

/// One node's view of an `InMemoryNetwork`.
public struct InMemoryTransport: MessageTransport {
    public let identity: PeerIdentity
    public let inbound: AsyncStream<InboundMessage>
    private let network: InMemoryNetwork
    private let generation: UInt64

    init(network: InMemoryNetwork, identity: PeerIdentity, generation: UInt64) {
        self.network = network
        self.identity = identity
        self.generation = generation
        let endpoint = identity.endpoint
        inbound = AsyncStream(unfolding: { await network.next(for: endpoint, generation: generation) })
    }

    public func send(_ message: WireMessage, to endpoint: Endpoint, lane: TransportLane) async throws(TransportError) {
        try network.enqueue(message, from: identity, generation: generation, to: endpoint, lane: lane)
    }
}

// MARK: - State

private struct Waiter {
    var token: UInt64
    var continuation: CheckedContinuation<InboundMessage?, Never>
}

private struct LinkLane: Hashable {
    var from: Endpoint
    var lane: TransportLane
}

private struct Mailbox {
    var identity: PeerIdentity
    var generation: UInt64
    var control = FIFOQueue<InboundMessage>()
    var bulk = FIFOQueue<InboundMessage>()
    /// Only counted and looked up, never iterated.
    var queuedPerLink: [LinkLane: Int] = [:]
    var waiter: Waiter?
}

private enum EnqueueOutcome {
    case queued
    case dropped
    case handedOver(CheckedContinuation<InboundMessage?, Never>, InboundMessage)
    case refused(TransportError)
}

private struct NetworkState {
    var mailboxes: [Endpoint: Mailbox] = [:]
    var crashed: Set<Endpoint> = []
    var cuts: Set<InMemoryNetwork.Link> = []
    var nextGeneration: UInt64 = 0
    var nextWaiterToken: UInt64 = 0
    var statistics = InMemoryNetwork.Statistics()

    mutating func enqueue(_ message: WireMessage, from sender: PeerIdentity, generation: UInt64, to endpoint: Endpoint,
                          lane: TransportLane, settings: InMemoryNetwork.Settings) -> EnqueueOutcome {
        let typeBytes = message.type.utf8.count
        guard typeBytes > 0, typeBytes <= WireMessage.typeBytesMax else {
            statistics.refusedInvalid += 1
            return .refused(TransportError(.invalidMessage, "message type must be 1...\(WireMessage.typeBytesMax) bytes"))
        }
        guard message.payload.count <= settings.payloadBytesMax else {
            statistics.refusedInvalid += 1
            return .refused(TransportError(.invalidMessage,
                                           "payload of \(message.payload.count) bytes exceeds \(settings.payloadBytesMax)"))
        }
        // A crashed or replaced sender is a dead process: nothing leaves it.
        guard !crashed.contains(sender.endpoint), mailboxes[sender.endpoint]?.generation == generation else {
            statistics.droppedCrashed += 1
            return .dropped
        }
        guard var box = mailboxes[endpoint] else {
            statistics.refusedUnreachable += 1
            return .refused(TransportError(.unreachable, "no node at \(endpoint)"))
        }
        if crashed.contains(endpoint) {
            statistics.droppedCrashed += 1
            return .dropped
        }
        if cuts.contains(InMemoryNetwork.Link(from: sender.endpoint, to: endpoint)) {
            statistics.droppedPartitioned += 1
            return .dropped
        }
        let key = LinkLane(from: sender.endpoint, lane: lane)
        let queued = box.queuedPerLink[key, default: 0]
        guard queued < settings.linkQueueCapacity else {
            statistics.refusedBackpressure += 1
            return .refused(TransportError(.backpressure, "\(lane) queue \(sender.endpoint) → \(endpoint) is full"))
        }
        let inbound = InboundMessage(from: sender, lane: lane, message: message)
        if let waiter = box.waiter {
            // The consumer is idle, so both queues are empty: hand the message over directly.
            box.waiter = nil
            mailboxes[endpoint] = box
            statistics.delivered += 1
            return .handedOver(waiter.continuation, inbound)
        }
        box.queuedPerLink[key] = queued + 1
        switch lane {
        case .control: box.control.append(inbound)
        case .bulk: box.bulk.append(inbound)
        }
        mailboxes[endpoint] = box
        return .queued
    }

    /// `.some(message)` to deliver now, `.some(nil)` to end the stream, nil after parking `waiter`.
    mutating func takeOrWait(endpoint: Endpoint, generation: UInt64, waiter: Waiter) -> InboundMessage?? {
        guard var box = mailboxes[endpoint], box.generation == generation else { return .some(nil) }
        if !crashed.contains(endpoint) {
            if let next = box.control.popFirst() ?? box.bulk.popFirst() {
                let key = LinkLane(from: next.from.endpoint, lane: next.lane)
                let remaining = box.queuedPerLink[key, default: 1] - 1
                box.queuedPerLink[key] = remaining > 0 ? remaining : nil
                mailboxes[endpoint] = box
                statistics.delivered += 1
                return .some(next)
            }
        }
        box.waiter = waiter
        mailboxes[endpoint] = box
        return nil
    }

    /// Loses the messages queued at `endpoint` on links that are now cut.
    mutating func dropQueuedOnCuts(at endpoint: Endpoint) {
        guard var box = mailboxes[endpoint] else { return }
        let isCut = { (m: InboundMessage) in self.cuts.contains(InMemoryNetwork.Link(from: m.from.endpoint, to: endpoint)) }
        let lost = box.control.removeAll(where: isCut) + box.bulk.removeAll(where: isCut)
        for message in lost {
            let key = LinkLane(from: message.from.endpoint, lane: message.lane)
            let remaining = box.queuedPerLink[key, default: 1] - 1
            box.queuedPerLink[key] = remaining > 0 ? remaining : nil
        }
        statistics.droppedPartitioned += lost.count
        mailboxes[endpoint] = box
    }

    mutating func removeWaiter(endpoint: Endpoint, token: UInt64) -> CheckedContinuation<InboundMessage?, Never>? {
        guard var box = mailboxes[endpoint], let waiter = box.waiter, waiter.token == token else { return nil }
        box.waiter = nil
        mailboxes[endpoint] = box
        return waiter.continuation
    }
}

// MARK: - FIFO

/// An array-backed queue with amortised O(1) pops.
struct FIFOQueue<Element> {
    private var storage: [Element] = []
    private var head = 0

    var count: Int { storage.count - head }

    mutating func append(_ element: Element) { storage.append(element) }

    mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        let element = storage[head]
        head += 1
        if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }

    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }

    /// Removes the elements matching `predicate`, keeping the order of the rest; returns the removed.
    mutating func removeAll(where predicate: (Element) -> Bool) -> [Element] {
        var kept: [Element] = []
        var removed: [Element] = []
        for element in storage[head...] {
            if predicate(element) { removed.append(element) } else { kept.append(element) }
        }
        storage = kept
        head = 0
        return removed
    }
}
