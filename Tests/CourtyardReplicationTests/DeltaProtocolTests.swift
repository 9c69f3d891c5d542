import CourtyardCRDT
@testable import CourtyardReplication
import Testing

/// The delta protocol driven by hand: one instance, messages in, directives out.
@Suite struct DeltaProtocolTests {
    typealias Instance = ReplicationInstance<TestItem>

    func node(_ name: String = "hq", peers: [String] = ["north-bay"],
              configure: (inout ReplicationConfig) -> Void = { _ in }) throws -> Instance {
        var config = ReplicationConfig(replica: rid(name))
        configure(&config)
        var n = try Instance(config: config, epoch: 7)
        for p in peers { _ = try n.onPeerUp(rid(p), nowMs: 0) }
        return n
    }

    func item(_ key: String, _ t: Int64, _ origin: String = "north-bay") -> TestItem {
        TestItem(key: key, itemID: eid(t, 0, origin), payload: "厨房水龙头漏水 \(t)")
    }

    func sends(_ ds: [ReplicationDirective<TestItem>]) -> [ReplicationMessage<TestItem>] {
        ds.compactMap { if case .send(_, let m) = $0 { m } else { nil } }
    }

    @Test func receivedDelta_isPersistedFirst_andAckedOnlyAfterPersistConfirmed() throws {
        var n = try node()
        let items = [item("t-1", 1), item("t-2", 2)]
        let out = n.onMessage(from: rid("north-bay"), .delta(epoch: 3, seq: 1, floor: 1, items: items), nowMs: 5)
        #expect(out == [.persist(items)])
        #expect(n.store.count == 0)  // not merged before it is durable
        #expect(n.onPersisted([items[0]]).isEmpty)  // half persisted: still no ack
        #expect(n.onPersisted([items[1]]) == [.send(to: rid("north-bay"), message: .ack(epoch: 3, seq: 1))])
        #expect(n.store.count == 2)
    }

    @Test func duplicateDelta_isReacked_withoutPersistingAgain() throws {
        var n = try node()
        let items = [item("t-1", 1)]
        let delta = ReplicationMessage<TestItem>.delta(epoch: 3, seq: 1, floor: 1, items: items)
        _ = n.onMessage(from: rid("north-bay"), delta, nowMs: 0)
        #expect(n.onMessage(from: rid("north-bay"), delta, nowMs: 1) == [.send(to: rid("north-bay"), message: .ack(epoch: 3, seq: 0))])
        _ = n.onPersisted(items)
        #expect(n.onMessage(from: rid("north-bay"), delta, nowMs: 2) == [.send(to: rid("north-bay"), message: .ack(epoch: 3, seq: 1))])
    }

    @Test func outOfOrderDelta_isApplied_andTheGapNacked() throws {
        var n = try node()
        let out = n.onMessage(from: rid("north-bay"), .delta(epoch: 3, seq: 3, floor: 1, items: [item("t-3", 3)]), nowMs: 0)
        #expect(sends(out) == [.nack(epoch: 3, from: 1, through: 2)])
        #expect(out.contains(.persist([item("t-3", 3)])))
    }

    @Test func senderFloor_releasesTheReceiverFromEvictedSequences() throws {
        var n = try node()
        _ = n.onMessage(from: rid("north-bay"), .delta(epoch: 3, seq: 9, floor: 9, items: [item("t-9", 9)]), nowMs: 0)
        #expect(n.onPersisted([item("t-9", 9)]) == [.send(to: rid("north-bay"), message: .ack(epoch: 3, seq: 9))])
    }

    @Test func newEpoch_restartsTheInboundSequence() throws {
        var n = try node()
        _ = n.onMessage(from: rid("north-bay"), .delta(epoch: 3, seq: 5, floor: 5, items: []), nowMs: 0)
        let out = n.onMessage(from: rid("north-bay"), .delta(epoch: 4, seq: 1, floor: 1, items: [item("t-1", 1)]), nowMs: 1)
        #expect(out == [.persist([item("t-1", 1)])])
    }

    @Test func ack_dropsBufferedDeltas_andStaleEpochAcksAreIgnored() throws {
        var n = try node()
        _ = try n.onLocalWrite([item("t-1", 1, "hq")], nowMs: 0)
        #expect(n.bufferedItems(for: rid("north-bay")) == 1)
        _ = n.onMessage(from: rid("north-bay"), .ack(epoch: 6, seq: 1), nowMs: 1)
        #expect(n.bufferedItems(for: rid("north-bay")) == 1)
        _ = n.onMessage(from: rid("north-bay"), .ack(epoch: 7, seq: 1), nowMs: 1)
        #expect(n.bufferedItems(for: rid("north-bay")) == 0)
    }

    @Test func unacknowledgedDelta_isRetransmittedOnTick() throws {
        var n = try node()
        var rng = SplitMix64(seed: 1)
        _ = try n.onLocalWrite([item("t-1", 1, "hq")], nowMs: 0)
        let early = sends(n.onTick(nowMs: 100, rng: &rng)).filter { $0.kind == "delta" }
        let late = sends(n.onTick(nowMs: 600, rng: &rng)).filter { $0.kind == "delta" }
        #expect(early.isEmpty)
        #expect(late == [.delta(epoch: 7, seq: 1, floor: 1, items: [item("t-1", 1, "hq")])])
    }

    // MARK: Untrusted input

    @Test func messageFromUnknownPeer_isRejected() throws {
        var n = try node()
        let out = n.onMessage(from: rid("mallory"), .items([item("t-1", 1)]), nowMs: 0)
        guard case .rejected(_, let e)? = out.first else { Issue.record("expected rejection"); return }
        #expect(e.kind == .unknownPeer)
        #expect(n.pendingPersistCount == 0)
    }

    @Test func malformedDeltas_areRejectedWithAClearMessage() throws {
        var n = try node { $0.messageItemsMax = 2 }
        let bad: [ReplicationMessage<TestItem>] = [
            .delta(epoch: 1, seq: 2, floor: 3, items: []),
            .delta(epoch: 1, seq: 0, floor: 0, items: []),
            .items([item("a", 1), item("b", 2), item("c", 3)]),
            .nack(epoch: 7, from: 5, through: 4),
            .digest(buckets: [1, 2, 3]),
            .ack(epoch: 7, seq: 99),
        ]
        for m in bad {
            let out = n.onMessage(from: rid("north-bay"), m, nowMs: 0)
            guard case .rejected(_, let e)? = out.first else { Issue.record("\(m.kind) accepted"); continue }
            #expect(e.kind == .malformedMessage)
            #expect(!e.message.isEmpty)
        }
        #expect(n.pendingPersistCount == 0)
    }

    @Test func oversizedLocalItem_isRefused() throws {
        var n = try node { $0.chunkBytesMax = 2_048 }
        let big = TestItem(key: "t", itemID: eid(1, 0, "hq"), payload: String(repeating: "漏", count: 1_000))
        #expect(throws: ReplicationError.self) { try n.onLocalWrite([big], nowMs: 0) }
        #expect(n.store.count == 0)
    }

    @Test func persistBackpressure_refusesDeltas_beyondPendingPersistMax() throws {
        var n = try node { $0.pendingPersistMax = 1 }
        let out = n.onMessage(from: rid("north-bay"), .delta(epoch: 1, seq: 1, floor: 1, items: [item("a", 1), item("b", 2)]), nowMs: 0)
        guard case .rejected(_, let e)? = out.first else { Issue.record("expected backpressure"); return }
        #expect(e.kind == .overloaded)
    }

    @Test func invalidConfig_isATypedError() {
        var config = ReplicationConfig(replica: rid("hq"))
        config.bucketCount = 100_000
        #expect(throws: ReplicationError.self) { try ReplicationInstance<TestItem>(config: config, epoch: 1) }
        config = ReplicationConfig(replica: rid("hq"), deltaFanOut: 0)
        #expect(throws: ReplicationError.self) { try config.validate() }
    }
}
