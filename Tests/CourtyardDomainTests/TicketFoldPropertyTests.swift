import CourtyardCRDT
@testable import CourtyardDomain
import PropertyBased
import Testing

// MARK: - Seeded histories

/// SplitMix64, for the test's own choices (shuffles, picks) from one seed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

private let candidateBodies: [TicketEventBody] = [
    .assigned(Sample.assign("tech-1")), .assigned(Sample.assign("tech-2", "保安部")),
    .reassigned(Sample.assign("tech-3")), .reassigned(Sample.assign("tech-4", "绿化部")),
    .accepted, .arrived, Sample.note, Sample.suspended, .resumed, Sample.resolved,
    Sample.callback(5), Sample.callback(1, followUp: true),
    .childOpened(ChildLink(childID: TicketID(site: hq, hlc: HLCTimestamp(wallMs: 77)))),
    Sample.warned(1), Sample.escalated(1), Sample.warned(2), Sample.escalated(2), Sample.escalated(3),
    Sample.closed, Sample.cancelled,
]

/// Three sites work one ticket; each writes events valid in its own (possibly stale) view,
/// and now and then the views sync. Some writes ignore validity (a buggy node).
private func randomHistory(seed: UInt64) -> [TicketEvent] {
    var rng = SplitMix(state: seed)
    let sites = [northBay, hq, ReplicaID("south-gate")]
    let origin = TicketHistory()
    var views: [[TicketEvent]] = Array(repeating: origin.events, count: sites.count)
    var all = origin.events
    var nowMs = origin.startMs
    for _ in 0..<(8 + rng.below(25)) {
        nowMs += Int64(1 + rng.below(3)) * minuteMs
        let s = rng.below(sites.count)
        if rng.below(4) == 0 { views[s] = union(views[s], views[rng.below(sites.count)]) }
        guard let state = TicketState.fold(views[s]) else { continue }
        let buggy = rng.below(10) == 0
        for _ in 0..<6 {
            let body = candidateBodies[rng.below(candidateBodies.count)]
            guard buggy || (try? state.validate(body, actor: "tech-1")) != nil else { continue }
            let id = EventID(hlc: HLCTimestamp(wallMs: nowMs, logical: UInt32(s)), origin: sites[s])
            let e = TicketEvent(id: id, ticketID: origin.ticketID, actor: "tech-1", parents: state.frontier, body: body)
            views[s].append(e)
            all.append(e)
            break
        }
    }
    return all
}

private func union(_ a: [TicketEvent], _ b: [TicketEvent]) -> [TicketEvent] {
    let known = Set(a.map(\.id))
    return a + b.filter { !known.contains($0.id) }
}

/// The same events, shuffled, some twice.
private func redeliver(_ events: [TicketEvent], seed: UInt64) -> [TicketEvent] {
    var rng = SplitMix(state: seed ^ 0xDEAD_BEEF)
    var out = events + events.filter { _ in rng.below(3) == 0 }
    for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, rng.below(i + 1)) }
    return out
}

// MARK: - Properties

@Test func fold_anyDeliveryOrderWithDuplicates_givesTheSameState() async {
    await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
        let history = randomHistory(seed: seed)
        let reference = TicketState.fold(history)
        let again = TicketState.fold(redeliver(history, seed: seed))
        #expect(reference == again, "seed \(seed)")
        #expect(reference?.eventCount == history.count)
    }
}

@Test func fold_unionOfTwoReplicas_isCommutativeAndIdempotent() async {
    await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
        let history = randomHistory(seed: seed)
        var rng = SplitMix(state: seed)
        let a = history.filter { _ in rng.below(2) == 0 } + [history[0]]
        let b = history.filter { _ in rng.below(2) == 0 }
        #expect(TicketState.fold(a + b) == TicketState.fold(b + a + a))
    }
}

@Test func fold_historiesOfValidWritesInOneView_haveNoConflicts() async {
    await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
        // One site only, never buggy: a sequential history folds cleanly.
        var rng = SplitMix(state: seed)
        var h = TicketHistory()
        for minute in 1...20 {
            let state = h.state
            let fitting = candidateBodies.filter { (try? state.validate($0, actor: "tech-1")) != nil }
            guard !fitting.isEmpty else { break }
            h.add(fitting[rng.below(fitting.count)], atMinute: Int64(minute))
        }
        #expect(h.state.conflicts.isEmpty, "seed \(seed): \(h.state.conflicts)")
        #expect(h.state.frontier == [h.events.last!.id])
    }
}

@Test func randomHistories_exerciseConcurrencyAndBuggyWrites() {
    // Guards the generator: the order-independence property means little without conflicts.
    let states = (0..<200 as Range<UInt64>).compactMap { TicketState.fold(randomHistory(seed: $0 &* 7_919)) }
    let kinds = Set(states.flatMap { $0.conflicts.map(\.kind) })
    #expect(kinds.isSuperset(of: [TicketConflictKind.concurrentAssignment.rawValue,
                                  TicketConflictKind.concurrentTransition.rawValue,
                                  TicketConflictKind.invalidTransition.rawValue]), "\(kinds.sorted())")
    #expect(states.filter { $0.frontier.count > 1 }.count > 10)
}
