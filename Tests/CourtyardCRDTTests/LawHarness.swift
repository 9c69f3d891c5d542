import CourtyardCRDT
import PropertyBased
import Testing

// A generic harness for the CRDT laws: it runs a random history of mutations and full-state
// syncs across 2–4 replicas, collects every delta, and checks join laws, delta equivalence,
// delivery-order independence and canonical encoding on the result.

// MARK: - Replicas and randomness

let sites: [ReplicaID] = ["r0", "r1", "r2", "r3"].map { ReplicaID($0) }

/// SplitMix64: a seeded generator for delivery orders (tests stay replayable from the seed).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Histories

/// One step: `replica` performs mutation `kind` (0...2) with `arg` (0...5), or, for kind 3,
/// merges the full state of replica `arg`.
typealias Step = (replica: Int, kind: Int, arg: Int)

/// A replica count, a history and a seed for delivery orders.
let historyGen = zip(
    Gen.int(in: 2...4),
    zip(Gen.int(in: 0...3), Gen.int(in: 0...3), Gen.int(in: 0...5)).array(of: 0...24),
    Gen.uint64()
)

/// Applies mutation `kind` with `arg` on behalf of `replica`, stamped `stamp`; returns the delta.
typealias Mutator<T: CRDT> = (_ state: inout T, _ replica: ReplicaID, _ kind: Int, _ arg: Int, _ stamp: EventID) -> T

struct History<T: CRDT> {
    var states: [T]
    var deltas: [T]
}

/// Runs `steps` over `replicaCount` replicas, each with its own HLC fed a physical clock that
/// jumps back and forth, checking after each mutation that `before ⊔ delta == after`.
func simulate<T: CRDT>(
    replicaCount: Int, steps: [(Int, Int, Int)], _ mutate: Mutator<T>
) throws -> History<T> {
    var states = Array(repeating: T(), count: replicaCount)
    var clocks = Array(repeating: HybridLogicalClock(), count: replicaCount)
    var deltas: [T] = []
    for (replica, kind, arg) in steps {
        let r = replica % replicaCount
        if kind == 3 {
            states[r].merge(states[arg % replicaCount])
            continue
        }
        let hlc = try clocks[r].now(physicalMs: 1_000 + Int64(arg) * 10)
        let before = states[r]
        let delta = mutate(&states[r], sites[r], kind, arg, EventID(hlc: hlc, origin: sites[r]))
        #expect(before.merging(delta) == states[r], "merging the delta must have the mutation's effect")
        deltas.append(delta)
    }
    return History(states: states, deltas: deltas)
}

// MARK: - Laws

/// Checks every law on a history: commutative, associative, idempotent join with the bottom
/// neutral; joined deltas equal joined states; any delivery order with duplicates converges;
/// encoding round-trips and equal states encode to identical bytes.
func checkLaws<T: CRDT>(_ history: History<T>, seed: UInt64) throws {
    let s = history.states
    let (a, b, c) = (s[0], s[1], s[s.count - 1])
    #expect(a.merging(b) == b.merging(a), "commutative")
    #expect(a.merging(b).merging(c) == a.merging(b.merging(c)), "associative")
    #expect(a.merging(a) == a, "idempotent")
    #expect(a.merging(T()) == a && T().merging(a) == a, "bottom is neutral")

    let full = T.join(s)
    #expect(T.join(history.deltas) == full, "joined deltas equal joined full states")

    var rng = SplitMix64(seed: seed)
    var delivery = history.deltas + history.deltas.filter { _ in rng.next() % 3 == 0 }
    delivery.shuffle(using: &rng)
    let reordered = T.join(delivery)
    #expect(reordered == full, "any delivery order with duplicates converges")
    var replica = s[Int(rng.next() % UInt64(s.count))]
    for delta in delivery { replica.merge(delta) }
    #expect(replica == full, "a replica receiving every delta in any order converges")

    let bytes = try CRDTCodec.encode(full)
    #expect(try CRDTCodec.decode(T.self, from: bytes) == full, "full state round-trips")
    #expect(try CRDTCodec.encode(reordered) == bytes, "equal states encode to identical bytes")
    #expect(try CRDTCodec.encode(replica) == bytes, "equal states encode to identical bytes")
    for state in s + history.deltas {
        #expect(try CRDTCodec.decode(T.self, from: CRDTCodec.encode(state)) == state, "state round-trips")
    }
}

/// Runs `checkLaws` on `count` random histories of mutator `mutate`.
func propertyCheckLaws<T: CRDT>(
    _ type: T.Type, count: Int = 40, sourceLocation: SourceLocation = #_sourceLocation,
    _ mutate: @escaping Mutator<T>
) async {
    await propertyCheck(count: count, input: historyGen, perform: { replicaCount, steps, seed in
        let history: History<T> = try simulate(replicaCount: replicaCount, steps: steps, mutate)
        try checkLaws(history, seed: seed)
    }, sourceLocation: sourceLocation)
}
