import CourtyardCRDT
import Testing

private let a = ReplicaID("hq"), b = ReplicaID("north-bay"), c = ReplicaID("west-gate")

private func stamp(_ ms: Int64, _ logical: UInt32 = 0, _ origin: ReplicaID) -> EventID {
    EventID(hlc: HLCTimestamp(wallMs: ms, logical: logical), origin: origin)
}

@Suite("CRDT semantics")
struct SemanticsTests {
    // MARK: AWORSet

    @Test func aworSet_concurrentAddAndRemove_addWins() {
        var x = AWORSet<String>()
        x.insert("漏水", by: a)
        var y = x                      // both replicas have seen the add
        y.remove("漏水")                // b removes what it saw…
        x.insert("漏水", by: a)         // …while a adds it again concurrently
        #expect(x.merging(y).contains("漏水"))
        #expect(y.merging(x).contains("漏水"))
    }

    @Test func aworSet_concurrentAddOnOtherReplica_survivesRemoveDelta() {
        var x = AWORSet<String>(), y = AWORSet<String>()
        let added = x.insert("停水", by: a)
        y.merge(added)
        let removed = y.remove("停水")
        x.insert("停水", by: a) // re-add not seen by y
        x.merge(removed)
        #expect(x.contains("停水"))
    }

    @Test func aworSet_removeAfterObservedAdd_removes() {
        var x = AWORSet<String>(), y = AWORSet<String>()
        y.merge(x.insert("电梯", by: a))
        x.merge(y.remove("电梯"))
        #expect(!x.contains("电梯") && !y.contains("电梯"))
        #expect(x == y)
    }

    @Test func aworSet_removeOfAbsentElement_returnsBottomDelta() {
        var x = AWORSet<Int>()
        #expect(x.remove(7).isBottom)
    }

    @Test func aworSet_prune_forgetsRemovedReplicaButKeepsDotsOfItsLiveElements() {
        var x = AWORSet<Int>(), y = AWORSet<Int>()
        x.merge(y.insert(1, by: c))   // (c,1), removed below
        x.merge(y.insert(2, by: c))   // (c,2), still present when c leaves
        x.insert(3, by: a)
        x.remove(1)
        x.prune(replica: c)
        #expect(x.sorted == [2, 3])
        #expect(x.context.vector[c] == 0)
        #expect(x.context.cloud == [Dot(replica: c, counter: 2)], "only the live element's dot is kept")
        x.prune(replica: c)
        #expect(x.sorted == [2, 3], "prune is idempotent")
        // Removing it later works, and a merge with the unpruned replica cannot resurrect it.
        x.remove(2)
        #expect(!x.merging(y).contains(2))
    }

    // MARK: ORMap

    @Test func orMap_concurrentUpdateAndRemove_keepsKeyWithUpdate() {
        var x = ORMap<String, GCounter>()
        x.apply("NB-1", by: a) { $0.increment(by: 1, replica: a) }
        var y = x
        y.remove("NB-1")
        x.apply("NB-1", by: a) { $0.increment(by: 2, replica: a) }
        let merged = x.merging(y)
        #expect(merged["NB-1"]?.value == 3)
        #expect(merged == y.merging(x))
    }

    @Test func orMap_removeAfterObservedUpdate_hidesKey() {
        var x = ORMap<String, GCounter>(), y = ORMap<String, GCounter>()
        y.merge(x.apply("NB-1", by: a) { $0.increment(by: 1, replica: a) })
        x.merge(y.remove("NB-1"))
        #expect(x["NB-1"] == nil && !x.contains("NB-1") && x.isEmpty)
    }

    @Test func orMap_whenBodyThrows_leavesMapUnchanged() {
        struct Refused: Error {}
        var x = ORMap<String, GCounter>()
        #expect(throws: Refused.self) {
            try x.apply("NB-1", by: a) { (_: inout GCounter) throws(Refused) -> GCounter in throw Refused() }
        }
        #expect(x.isBottom)
    }

    @Test func orMap_keys_areSorted() {
        var x = ORMap<String, GCounter>()
        for key in ["c", "a", "b"] { x.apply(key, by: a) { $0.increment(replica: a) } }
        #expect(x.keys == ["a", "b", "c"])
    }

    // MARK: LWW

    @Test func lwwRegister_tieOnEqualHLC_brokenByOrigin() {
        let hlc = HLCTimestamp(wallMs: 1_000, logical: 2)
        let fromA = LWWRegister("张三", at: EventID(hlc: hlc, origin: a))
        let fromB = LWWRegister("李四", at: EventID(hlc: hlc, origin: b))
        #expect(fromA.merging(fromB).value == "李四") // "north-bay" > "hq"
        #expect(fromB.merging(fromA).value == "李四")
    }

    @Test func lwwRegister_laterHLCWins_andStaleWriteLoses() {
        var r = LWWRegister<String>()
        r.assign("new", at: stamp(2_000, 0, a))
        r.assign("stale", at: stamp(1_000, 5, c))
        #expect(r.value == "new")
        #expect(r.stamp == stamp(2_000, 0, a))
    }

    @Test func lwwRegister_sameStampDifferentValues_convergesDeterministically() {
        let s = stamp(1, 0, a)
        let x = LWWRegister("x", at: s), y = LWWRegister("y", at: s)
        #expect(x.merging(y) == y.merging(x))
    }

    @Test func lwwMap_removeThenLaterWrite_andTombstonePruning() {
        var m = LWWMap<String, String>()
        m.set("phone", to: "13800000000", at: stamp(1, 0, a))
        m.set("name", to: "王五", at: stamp(1, 0, a))
        m.remove("phone", at: stamp(2, 0, b))
        #expect(m["phone"] == nil && m.count == 1 && m.keys == ["name"])
        var concurrent = LWWMap<String, String>()
        concurrent.set("phone", to: "old", at: stamp(1, 5, c))
        #expect(m.merging(concurrent)["phone"] == nil, "the later remove wins")
        m.pruneTombstones(before: HLCTimestamp(wallMs: 3))
        #expect(m.stamp(for: "phone") == nil && m["name"] == "王五")
    }

    // MARK: Counters

    @Test func pnCounter_valueIsIncrementsMinusDecrements() {
        var x = PNCounter(), y = PNCounter()
        x.increment(by: 5, replica: a)
        y.decrement(by: 3, replica: b)
        y.increment(by: 2, replica: b)
        #expect(x.merging(y).value == 4)
        y.decrement(by: 10, replica: b)
        #expect(x.merging(y).value == -6)
    }

    @Test func gCounter_valueSumsReplicasAndSaturates() {
        var g = GCounter()
        g.increment(by: 3, replica: a)
        g.increment(by: 4, replica: b)
        #expect(g.value == 7 && g[a] == 3)
        g.increment(by: .max, replica: a)
        g.increment(by: .max, replica: b)
        g.increment(by: .max, replica: c)
        #expect(g.value == 3 * Dot.counterMax, "each entry saturates at Dot.counterMax")
        g.increment(by: .max, replica: ReplicaID("d"))
        #expect(g.value == .max, "the sum saturates at UInt64.max")
        var p = PNCounter()
        p.increment(by: .max, replica: a)
        p.increment(by: .max, replica: b)
        #expect(p.value == .max)
    }

    @Test func gCounter_prune_dropsRemovedReplicaContribution() {
        var g = GCounter()
        g.increment(by: 3, replica: a)
        g.increment(by: 4, replica: c)
        g.prune(replica: c)
        #expect(g.value == 3 && g.counts.replicas == [a])
    }

    // MARK: Event sets

    @Test func eventSet_iteratesInIDOrderWhateverTheInsertOrder() {
        let ids = [stamp(3, 0, a), stamp(1, 0, b), stamp(2, 1, a), stamp(2, 1, c), stamp(2, 0, b)]
        var events = EventSet<NoteEvent>()
        for id in ids { events.insert(NoteEvent(id: id, text: "备注")) }
        #expect(events.map(\.id) == ids.sorted())
        #expect(events.sortedIDs == ids.sorted())
        #expect(events.count == 5)
    }

    @Test func eventSet_subtractingIDs_yieldsWhatAPeerMisses() {
        let e1 = NoteEvent(id: stamp(1, 0, a), text: "报修"), e2 = NoteEvent(id: stamp(2, 0, a), text: "派工")
        let events = EventSet([e1, e2])
        #expect(events.subtracting(ids: [e1.id]).sortedElements == [e2])
    }

    @Test func eventSet_conflictingPayloadsUnderOneID_convergeDeterministically() {
        let id = stamp(1, 0, a)
        let x = EventSet([NoteEvent(id: id, text: "甲")]), y = EventSet([NoteEvent(id: id, text: "乙")])
        #expect(x.merging(y) == y.merging(x))
        #expect(x.merging(y).count == 1)
    }

    @Test func gSet_sortedAndUnion() {
        var s = GSet<Int>()
        s.insert(3)
        let merged = s.merging(GSet([1, 3, 2]))
        #expect(merged.sorted == [1, 2, 3])
    }
}
