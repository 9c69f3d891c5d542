import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import CourtyardSimulation

// MARK: - SimTransport

/// One node life's transport on the simulated network.
public struct SimTransport: MessageTransport {
    let network: SimClusterNetwork
    public let identity: PeerIdentity
    let generation: UInt64
    public let inbound: AsyncStream<InboundMessage>

    public func send(_ message: WireMessage, to endpoint: Endpoint, lane: TransportLane) async throws(TransportError) {
        try network.send(message, from: identity, generation: generation, to: endpoint, lane: lane)
    }
}

// MARK: - Sending and delivery

extension SimClusterNetwork {
    func send(_ message: WireMessage, from sender: PeerIdentity, generation: UInt64, to endpoint: Endpoint,
              lane: TransportLane) throws(TransportError) {
        guard message.payload.count <= payloadBytesMax, message.type.utf8.count <= WireMessage.typeBytesMax else {
            state.withLock { $0.stats.refused += 1 }
            throw TransportError(.invalidMessage, "message \(message.type) exceeds the frame limit")
        }
        let link = Link(from: sender.endpoint, to: endpoint)
        let nowNs = scheduler.nowNs
        let plan = try state.withLock { s throws(TransportError) -> [Int64]? in
            guard s.nodes[sender.endpoint]?.generation == generation else {
                throw TransportError(.closed, "this node life has ended")
            }
            guard let receiver = s.nodes[endpoint] else {
                s.stats.refused += 1
                throw TransportError(.unreachable, "nothing listens at \(endpoint)")
            }
            _ = receiver
            guard s.inFlight[link, default: 0] < inFlightPerLinkMax else {
                s.stats.refused += 1
                throw TransportError(.backpressure, "link \(sender.endpoint) → \(endpoint) is full")
            }
            s.stats.sent += 1
            if s.cuts.contains(link) {
                s.stats.lostInPartition += 1
                s.stats.lostByType[message.type, default: 0] += 1
                return nil
            }
            if chance(s.settings.dropRate) {
                s.stats.dropped += 1
                s.stats.lostByType[message.type, default: 0] += 1
                return nil
            }
            var times = [nowNs + delayNs(s.settings, clogUntilNs: s.clogUntilNs[link], nowNs: nowNs)]
            if chance(s.settings.duplicateRate) {
                s.stats.duplicated += 1
                times.append(nowNs + delayNs(s.settings, clogUntilNs: s.clogUntilNs[link], nowNs: nowNs))
            }
            s.inFlight[link, default: 0] += times.count
            return times
        }
        guard let plan else { return }
        let inbound = InboundMessage(from: sender, lane: lane, message: message)
        for atNs in plan {
            scheduler.schedule(atNs: atNs) { [self] in deliver(inbound, on: link) }
        }
    }

    private func deliver(_ inbound: InboundMessage, on link: Link) {
        let continuation = state.withLock { s -> AsyncStream<InboundMessage>.Continuation? in
            s.inFlight[link, default: 1] -= 1
            if s.inFlight[link] == 0 { s.inFlight[link] = nil }
            guard let receiver = s.nodes[link.to] else {
                s.stats.lostToCrash += 1
                return nil
            }
            if s.cuts.contains(link) {
                s.stats.lostInPartition += 1
                return nil
            }
            s.stats.delivered += 1
            return receiver.continuation
        }
        guard let continuation else { return }
        scheduler.trace("deliver", "\(link.from)>\(link.to) \(inbound.message.type) \(inbound.message.payload.count)")
        continuation.yield(inbound)
    }

    /// A seeded coin with probability `p` (no draw when `p` is 0, so a fault-free run's
    /// draws do not depend on the rates).
    private func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        return Double(scheduler.draw() >> 11) / Double(1 << 53) < p
    }

    private func delayNs(_ settings: LinkSettings, clogUntilNs: Int64?, nowNs: Int64) -> Int64 {
        let span = UInt64(max(0, settings.delayMaxMs - settings.delayMinMs) + 1)
        var ms = settings.delayMinMs + Int64(scheduler.draw() % span)
        if chance(settings.slowRate) { ms += settings.slowDelayMs }
        let delay = ms * 1_000_000
        if let clogUntilNs, clogUntilNs > nowNs { return clogUntilNs - nowNs + delay }
        return delay
    }
}
