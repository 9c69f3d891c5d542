import CourtyardCRDT
import CourtyardMembership
import Metrics
import Synchronization

// MARK: - FaultSwitch

/// A `MessageTransport` wrapper that drops traffic by rule: symmetric or one-way
/// partitions from sites or endpoints, and probabilistic loss drawn from the injected
/// random source (so a seeded run drops the same messages).
///
/// Dropped sends return normally, as lost datagrams would; the protocols above retry.
/// Outbound rules naming a site need the site of the destination endpoint: the switch
/// learns it from authenticated inbound traffic and from `learn(site:endpoint:)` (the
/// cluster node feeds it membership).
public final class FaultSwitch: MessageTransport {
    /// Messages dropped so far.
    public struct Counts: Sendable, Hashable {
        public var outboundDropped = 0
        public var inboundDropped = 0
    }

    private struct State {
        var rules: [FaultRule] = []
        var sites: [Endpoint: ReplicaID] = [:]
        var counts = Counts()
    }

    /// Rules held at most.
    public static let rulesMax = 256
    /// Endpoint-to-site entries remembered at most (one per member is plenty).
    public static let sitesMax = 4_096

    public let base: any MessageTransport
    private let random: any RandomSource
    private let state = Mutex(State())
    private let pump: InboundFilterPump

    public init(wrapping base: any MessageTransport, random: any RandomSource) {
        self.base = base
        self.random = random
        self.pump = InboundFilterPump(base.inbound)
    }

    public var identity: PeerIdentity { base.identity }

    // MARK: Rules

    /// The rules in force, in the order added.
    public var rules: [FaultRule] { state.withLock { $0.rules } }

    /// Replaces every rule; throws when more than `rulesMax`.
    public func setRules(_ rules: [FaultRule]) throws(FaultSwitchError) {
        guard rules.count <= Self.rulesMax else { throw FaultSwitchError(rules.count) }
        state.withLock { $0.rules = rules }
    }

    /// Adds a rule; throws when `rulesMax` are in force.
    public func add(_ rule: FaultRule) throws(FaultSwitchError) {
        try state.withLock { (s: inout State) throws(FaultSwitchError) in
            guard s.rules.count < Self.rulesMax else { throw FaultSwitchError(s.rules.count + 1) }
            s.rules.append(rule)
        }
    }

    /// Removes every rule: the network heals.
    public func clear() { state.withLock { $0.rules = [] } }

    public var counts: Counts { state.withLock { $0.counts } }

    /// Records that `site` listens at `endpoint`, for outbound rules naming sites.
    public func learn(site: ReplicaID, endpoint: Endpoint) {
        state.withLock { s in
            if s.sites[endpoint] == nil && s.sites.count >= Self.sitesMax { return }
            s.sites[endpoint] = site
        }
    }

    // MARK: Transport

    public func send(_ message: WireMessage, to endpoint: Endpoint, lane: TransportLane) async throws(TransportError) {
        if shouldDrop(site: nil, endpoint: endpoint, inbound: false) { return }
        try await base.send(message, to: endpoint, lane: lane)
    }

    public var inbound: AsyncStream<InboundMessage> {
        let pump = self.pump
        return AsyncStream { [weak self] in
            while let next = await pump.next() {
                guard let self else { return next }
                self.learn(site: next.from.site, endpoint: next.from.endpoint)
                if !self.shouldDrop(site: next.from.site, endpoint: next.from.endpoint, inbound: true) { return next }
            }
            return nil
        }
    }

    /// Whether a message to or from the peer is dropped (and counts it).
    func shouldDrop(site: ReplicaID?, endpoint: Endpoint, inbound: Bool) -> Bool {
        let drop = state.withLock { s -> Bool in
            let peerSite = site ?? s.sites[endpoint]
            let permille = s.rules.filter { $0.matches(site: peerSite, endpoint: endpoint, inbound: inbound) }
                .map(\.dropPermille).max() ?? 0
            guard permille > 0 else { return false }
            let dropped = permille >= 1_000 || Int(random.next(upperBound: 1_000)) < permille
            if dropped {
                if inbound { s.counts.inboundDropped += 1 } else { s.counts.outboundDropped += 1 }
            }
            return dropped
        }
        if drop { Counter(label: "courtyard_fault_dropped_total", dimensions: [("way", inbound ? "in" : "out")]).increment() }
        return drop
    }
}

/// Too many fault rules.
public struct FaultSwitchError: Error, Hashable, Sendable, CustomStringConvertible {
    public let count: Int
    init(_ count: Int) { self.count = count }
    public var description: String { "\(count) fault rules exceed the limit of \(FaultSwitch.rulesMax)" }
}

// MARK: - InboundFilterPump

/// Holds the wrapped transport's inbound iterator for the switch's single consumer.
private actor InboundFilterPump {
    private var iterator: AsyncStream<InboundMessage>.AsyncIterator

    init(_ stream: AsyncStream<InboundMessage>) {
        iterator = stream.makeAsyncIterator()
    }

    func next() async -> InboundMessage? {
        var it = iterator
        let value = await it.next(isolation: self)
        iterator = it
        return value
    }
}
