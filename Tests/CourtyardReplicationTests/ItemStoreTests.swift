import CourtyardCRDT
import CourtyardDomain
@testable import CourtyardReplication
import Testing

@Suite struct ItemStoreTests {
    func item(_ key: String, _ t: Int64, _ origin: String = "hq") -> TestItem {
        TestItem(key: key, itemID: eid(t, 0, origin), payload: "p\(t)")
    }

    @Test func stableHash_isFNV1a_beforeMixing() {
        var h = StableHash()
        h.combine(bytes: Array("a".utf8))
        #expect(h.value == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.of(bytes: Array("a".utf8)) == StableHash.mix(0xaf63_dc4c_8601_ec8c))
    }

    @Test func digests_doNotDependOnInsertionOrder() {
        let items = (0..<200).map { item("t-\($0 % 37)", Int64($0), $0 % 2 == 0 ? "hq" : "north-bay") }
        var rng = SplitMix64(seed: 9)
        var shuffled = items
        for i in shuffled.indices.reversed() where i > 0 {
            shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        var a = ItemStore<TestItem>(bucketCount: 16)
        var b = ItemStore<TestItem>(bucketCount: 16)
        for x in items { a.insert(x) }
        for x in shuffled { b.insert(x) }
        #expect(a.bucketHashes == b.bucketHashes)
        #expect(a.allItems == b.allItems)
        #expect(a.keyHash("t-3") == b.keyHash("t-3"))
    }

    @Test func oneMissingItem_changesItsKeyAndBucketHash_only() {
        var a = ItemStore<TestItem>(bucketCount: 16)
        var b = ItemStore<TestItem>(bucketCount: 16)
        for i in 0..<50 { a.insert(item("t-\(i % 10)", Int64(i))); b.insert(item("t-\(i % 10)", Int64(i))) }
        a.insert(item("t-4", 999))
        #expect(a.keyHash("t-4") != b.keyHash("t-4"))
        let differing = (0..<16).filter { a.bucketHashes[$0] != b.bucketHashes[$0] }
        #expect(differing == [a.bucket(of: "t-4")])
        #expect(a.keyHash("absent") == 0)
    }

    @Test func duplicateInsert_changesNothing() {
        var s = ItemStore<TestItem>(bucketCount: 4)
        let first = s.insert(item("t", 1))
        let before = s.bucketHashes
        let second = s.insert(item("t", 1))
        #expect(first && !second)
        #expect(s.bucketHashes == before && s.count == 1)
    }

    @Test func latestOnlyRetention_keepsTheGreatestVersion_inAnyOrder() {
        typealias Record = VersionedRecord<Resident>
        let site = rid("north-bay")
        let old = Record(key: "resident:r1", version: eid(5, 0, "hq"),
                         record: Resident(id: "r1", site: site, name: "张三", phones: ["13800138000"]))
        let new = Record(key: "resident:r1", version: eid(9, 0, "north-bay"),
                         record: Resident(id: "r1", site: site, name: "张三丰", phones: ["13800138000"]))
        var a = ItemStore<Record>(bucketCount: 4)
        var b = ItemStore<Record>(bucketCount: 4)
        a.insert(old); a.insert(new)
        b.insert(new); b.insert(old)
        #expect(a.allItems == [new] && b.allItems == [new])
        #expect(a.bucketHashes == b.bucketHashes)
        #expect(!a.wouldAccept(eid(6, 0, "hq"), key: "resident:r1"))
        #expect(a.wouldAccept(eid(10, 0, "hq"), key: "resident:r1"))
    }

    @Test func ticketEvents_replicateAsItemsUnderTheirTicket() throws {
        let ticket = TicketID(site: rid("north-bay"), hlc: HLCTimestamp(wallMs: 1_700_000_000_000))
        let events = [
            TicketEvent(id: eid(1_700_000_000_001, 0, "north-bay"), ticketID: ticket, actor: "agent:李娜", parents: [], body: .accepted),
            TicketEvent(id: eid(1_700_000_000_002, 0, "hq"), ticketID: ticket, actor: "tech:王师傅", parents: [], body: .arrived),
        ]
        var config = ReplicationConfig(replica: rid("hq"))
        config.chunkBytesMax = 4_096
        var hq = try ReplicationInstance<TicketEvent>(config: config, epoch: 1)
        _ = try hq.onPeerUp(rid("north-bay"), nowMs: 0)
        let out = hq.onMessage(from: rid("north-bay"), .delta(epoch: 1, seq: 1, floor: 1, items: events), nowMs: 0)
        #expect(out == [.persist(events)])
        _ = hq.onPersisted(events)
        #expect(hq.store.items(for: ticket) == events)
        #expect(events.allSatisfy { $0.estimatedBytes == (try? CRDTCodec.encode($0).count) })
    }
}
