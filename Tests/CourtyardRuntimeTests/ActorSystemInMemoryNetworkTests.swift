import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Testing

/// The in-memory network the actor system, the cluster shells and the simulator run on.
@Suite struct ActorSystemInMemoryNetworkTests {
    static func peer(_ name: String) -> PeerIdentity {
        PeerIdentity(site: ReplicaID(name), endpoint: Endpoint(host: name, port: 7000), incarnation: 1)
    }

    static func message(_ text: String) -> WireMessage {
        WireMessage(type: "test.note", payload: Array(text.utf8))
    }

    static func texts(_ inbound: inout AsyncStream<InboundMessage>.Iterator, count: Int) async -> [String] {
        var out: [String] = []
        for _ in 0..<count {
            guard let next = await inbound.next() else { break }
            out.append(String(decoding: next.message.payload, as: UTF8.self))
        }
        return out
    }

    @Test func delivery_isFIFOPerLink_andNamesTheSender() async throws {
        let network = InMemoryNetwork()
        let a = network.makeTransport(identity: Self.peer("a"))
        let b = network.makeTransport(identity: Self.peer("b"))
        for i in 0..<20 { try await a.send(Self.message("m\(i)"), to: b.identity.endpoint, lane: .control) }
        var inbound = b.inbound.makeAsyncIterator()
        #expect(await Self.texts(&inbound, count: 20) == (0..<20).map { "m\($0)" })
        try await a.send(Self.message("last"), to: b.identity.endpoint, lane: .bulk)
        let last = await inbound.next()
        #expect(last?.from == a.identity)
        #expect(last?.lane == .bulk)
    }

    @Test func controlLane_isDeliveredBeforeQueuedBulk() async throws {
        let network = InMemoryNetwork()
        let a = network.makeTransport(identity: Self.peer("a"))
        let b = network.makeTransport(identity: Self.peer("b"))
        try await a.send(Self.message("bulk1"), to: b.identity.endpoint, lane: .bulk)
        try await a.send(Self.message("bulk2"), to: b.identity.endpoint, lane: .bulk)
        try await a.send(Self.message("ack"), to: b.identity.endpoint, lane: .control)
        var inbound = b.inbound.makeAsyncIterator()
        #expect(await Self.texts(&inbound, count: 3) == ["ack", "bulk1", "bulk2"])
    }

    @Test func fullLinkQueue_refusesWithBackpressure_untilTheReceiverDrains() async throws {
        let network = InMemoryNetwork(settings: .init(linkQueueCapacity: 2))
        let a = network.makeTransport(identity: Self.peer("a"))
        let c = network.makeTransport(identity: Self.peer("c"))
        let b = network.makeTransport(identity: Self.peer("b"))
        try await a.send(Self.message("1"), to: b.identity.endpoint, lane: .control)
        try await a.send(Self.message("2"), to: b.identity.endpoint, lane: .control)
        await #expect(throws: TransportError(.backpressure, "control queue a:7000 → b:7000 is full")) {
            try await a.send(Self.message("3"), to: b.identity.endpoint, lane: .control)
        }
        // Other links and lanes have their own queues.
        try await a.send(Self.message("bulk"), to: b.identity.endpoint, lane: .bulk)
        try await c.send(Self.message("from c"), to: b.identity.endpoint, lane: .control)
        var inbound = b.inbound.makeAsyncIterator()
        _ = await inbound.next()
        try await a.send(Self.message("3"), to: b.identity.endpoint, lane: .control)
        #expect(await Self.texts(&inbound, count: 4) == ["2", "from c", "3", "bulk"])
        #expect(network.statistics.refusedBackpressure == 1)
    }

    @Test func partition_losesMessagesBothWays_andHealRestoresDelivery() async throws {
        let network = InMemoryNetwork()
        let a = network.makeTransport(identity: Self.peer("a"))
        let b = network.makeTransport(identity: Self.peer("b"))
        try await a.send(Self.message("in flight"), to: b.identity.endpoint, lane: .control)
        network.partition([a.identity.endpoint], from: [b.identity.endpoint])
        try await a.send(Self.message("lost"), to: b.identity.endpoint, lane: .control)
        try await b.send(Self.message("lost too"), to: a.identity.endpoint, lane: .control)
        #expect(network.queuedCount(at: a.identity.endpoint) == 0)
        network.heal(a.identity.endpoint, b.identity.endpoint)
        try await a.send(Self.message("after heal"), to: b.identity.endpoint, lane: .control)
        var inbound = b.inbound.makeAsyncIterator()
        // The message queued before the partition was lost with it.
        #expect(await Self.texts(&inbound, count: 1) == ["after heal"])
        #expect(network.statistics.droppedPartitioned == 3)
    }

    @Test func oneWayCut_losesOnlyThatDirection() async throws {
        let network = InMemoryNetwork()
        let a = network.makeTransport(identity: Self.peer("a"))
        let b = network.makeTransport(identity: Self.peer("b"))
        network.cut(from: a.identity.endpoint, to: b.identity.endpoint)
        try await a.send(Self.message("lost"), to: b.identity.endpoint, lane: .control)
        try await b.send(Self.message("arrives"), to: a.identity.endpoint, lane: .control)
        #expect(network.queuedCount(at: b.identity.endpoint) == 0)
        var inbound = a.inbound.makeAsyncIterator()
        #expect(await Self.texts(&inbound, count: 1) == ["arrives"])
    }

    @Test func crashedNode_neitherReceivesNorSends_untilRecovered() async throws {
        let network = InMemoryNetwork()
        let a = network.makeTransport(identity: Self.peer("a"))
        let b = network.makeTransport(identity: Self.peer("b"))
        try await a.send(Self.message("queued"), to: b.identity.endpoint, lane: .control)
        network.crash(b.identity.endpoint)
        #expect(network.queuedCount(at: b.identity.endpoint) == 0)
        try await a.send(Self.message("to the dead"), to: b.identity.endpoint, lane: .control)
        try await b.send(Self.message("from the dead"), to: a.identity.endpoint, lane: .control)
        #expect(network.queuedCount(at: a.identity.endpoint) == 0)
        #expect(network.statistics.droppedCrashed == 3)
        network.recover(b.identity.endpoint)
        try await a.send(Self.message("welcome back"), to: b.identity.endpoint, lane: .control)
        var inbound = b.inbound.makeAsyncIterator()
        #expect(await Self.texts(&inbound, count: 1) == ["welcome back"])
    }

    @Test func send_toUnknownEndpointOrInvalidMessage_isRefusedWithTypedError() async throws {
        let network = InMemoryNetwork(settings: .init(payloadBytesMax: 8))
        let a = network.makeTransport(identity: Self.peer("a"))
        let b = network.makeTransport(identity: Self.peer("b"))
        await #expect(throws: TransportError(.unreachable, "no node at nowhere:7000")) {
            try await a.send(Self.message("x"), to: Endpoint(host: "nowhere", port: 7000), lane: .control)
        }
        let invalid: [WireMessage] = [
            WireMessage(type: "", payload: []),
            WireMessage(type: String(repeating: "t", count: WireMessage.typeBytesMax + 1), payload: []),
            WireMessage(type: "test.note", payload: Array(repeating: 0, count: 9)),
        ]
        var kinds: [TransportError.Kind?] = []
        for message in invalid {
            do {
                try await a.send(message, to: b.identity.endpoint, lane: .control)
                kinds.append(nil)
            } catch {
                kinds.append(error.kind)
            }
        }
        #expect(kinds == [.invalidMessage, .invalidMessage, .invalidMessage])
    }

    @Test func restartOnTheSameEndpoint_endsTheOldStream_andTheNewNodeReceives() async throws {
        let network = InMemoryNetwork()
        let a = network.makeTransport(identity: Self.peer("a"))
        let old = network.makeTransport(identity: Self.peer("b"))
        let waiting = Task {
            var inbound = old.inbound.makeAsyncIterator()
            return await inbound.next()
        }
        var restarted = Self.peer("b")
        restarted.incarnation = 2
        // Whether or not the old consumer is parked yet, its stream ends.
        let new = network.makeTransport(identity: restarted)
        #expect(await waiting.value == nil)
        try await old.send(Self.message("from old life"), to: a.identity.endpoint, lane: .control)
        #expect(network.queuedCount(at: a.identity.endpoint) == 0)
        try await a.send(Self.message("hello"), to: new.identity.endpoint, lane: .control)
        var inbound = new.inbound.makeAsyncIterator()
        #expect(await inbound.next()?.message == Self.message("hello"))
    }

    @Test func cancellingTheConsumer_endsItsWait() async {
        let network = InMemoryNetwork()
        let b = network.makeTransport(identity: Self.peer("b"))
        let consumer = Task {
            var inbound = b.inbound.makeAsyncIterator()
            return await inbound.next()
        }
        consumer.cancel()
        #expect(await consumer.value == nil)
    }
}
