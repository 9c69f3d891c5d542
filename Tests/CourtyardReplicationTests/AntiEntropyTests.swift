import CourtyardCRDT
@testable import CourtyardReplication
import Testing

@Suite struct AntiEntropyTests {
    typealias Instance = ReplicationInstance<TestItem>
    typealias Message = ReplicationMessage<TestItem>

    func pair(_ configure: (inout ReplicationConfig) -> Void = { _ in }) throws -> (Instance, Instance) {
        var ca = ReplicationConfig(replica: rid("hq"))
        var cb = ReplicationConfig(replica: rid("north-bay"))
        configure(&ca)
        configure(&cb)
        return (try Instance(config: ca, epoch: 1), try Instance(config: cb, epoch: 1))
    }

    func item(_ key: String, _ t: Int64, _ origin: String) -> TestItem {
        TestItem(key: key, itemID: eid(t, 0, origin), payload: "电梯故障 \(key)")
    }

    /// Delivers messages between two instances, persisting at once, until none are left;
    /// returns every message sent.
    func pump(_ a: inout Instance, _ b: inout Instance, start: [(ReplicaID, Message)]) -> [Message] {
        var inFlight = start
        var sent: [Message] = []
        var rounds = 0
        while !inFlight.isEmpty, rounds < 10_000 {
            rounds += 1
            let (to, message) = inFlight.removeFirst()
            sent.append(message)
            let from = to == a.config.replica ? b.config.replica : a.config.replica
            var out = to == a.config.replica ? a.onMessage(from: from, message, nowMs: 0) : b.onMessage(from: from, message, nowMs: 0)
            var i = 0
            while i < out.count {
                switch out[i] {
                case .send(let dest, let m): inFlight.append((dest, m))
                case .persist(let items):
                    out += to == a.config.replica ? a.onPersisted(items) : b.onPersisted(items)
                default: break
                }
                i += 1
            }
        }
        return sent
    }

    @Test func digestRound_sendsOnlyTheDifferingItems() throws {
        var (a, b) = try pair()
        let shared = (0..<50).map { item("t-\($0)", Int64($0), "hq") }
        _ = try a.onLocalWrite(shared, nowMs: 0)
        _ = try b.onLocalWrite(shared, nowMs: 0)
        _ = try a.onLocalWrite([item("t-7", 100, "hq")], nowMs: 0)
        _ = try b.onLocalWrite([item("t-new", 101, "north-bay")], nowMs: 0)
        _ = try a.onPeerUp(rid("north-bay"), nowMs: 0)
        _ = try b.onPeerUp(rid("hq"), nowMs: 0)
        let sent = pump(&a, &b, start: [(rid("north-bay"), a.digestMessage())])
        #expect(a.store.allItems == b.store.allItems)
        #expect(a.store.count == 52)
        let itemsMoved = sent.reduce(0) { n, m in if case .items(let xs) = m { n + xs.count } else { n } }
        #expect(itemsMoved == 2)
        #expect(a.store.bucketHashes == b.store.bucketHashes)
    }

    @Test func emptyNode_catchesUp_inChunksWithinTheByteBound() throws {
        var net = try SimNetwork(["hq", "north-bay"], seed: 21) {
            $0.chunkBytesMax = 2_048
            $0.bufferItemsMax = 2   // deltas overflow at once: anti-entropy does the work
            $0.fallbackKeysMax = 1
            $0.antiEntropyChunksMax = 4
        }
        net.partition(["north-bay"], from: ["hq"])
        for i in 0..<60 { try net.write(at: "hq", keys: ["t-\(i % 20)", "t-\(i % 20 + 20)"]) }
        try net.heal()
        let converged = net.runUntilConverged(maxMs: 60_000)
        #expect(converged)
        #expect(net["north-bay"].store.count == 120)
        #expect(net.violations.isEmpty, "\(net.violations.prefix(3))")
        #expect(net.maxMessageBytes <= 2_048)
        #expect(net.messageCounts["exchange", default: 0] + net.messageCounts["digestReply", default: 0] > 0)
        #expect(net.messageCounts["items", default: 0] > 1)
    }

    @Test func bigKey_isExchangedInPieces_withinTheByteBound() throws {
        var (a, b) = try pair { $0.chunkBytesMax = 1_600; $0.bucketCount = 16; $0.antiEntropyChunksMax = 64 }
        let many = (0..<120).map { item("t-big", Int64($0), "hq") }
        _ = try a.onLocalWrite(many, nowMs: 0)
        _ = try b.onLocalWrite(Array(many.prefix(60)), nowMs: 0)
        _ = try a.onPeerUp(rid("north-bay"), nowMs: 0)
        _ = try b.onPeerUp(rid("hq"), nowMs: 0)
        var sent: [Message] = []
        for _ in 0..<20 where a.store.allItems != b.store.allItems {
            sent += pump(&a, &b, start: [(rid("north-bay"), a.digestMessage()), (rid("hq"), b.digestMessage())])
        }
        #expect(a.store.allItems == b.store.allItems)
        #expect(sent.allSatisfy { $0.estimatedBytes <= 1_600 })
        #expect(sent.filter { $0.kind == "exchange" }.count > 1)
    }
}
