import CourtyardCRDT

/// The causal structure of one ticket's events: who saw whom, through `parents`.
///
/// Events are indexed by their position in `EventID` order. A sound clock gives every event
/// a larger id than its parents (a receive advances the HLC), so each causal past is built
/// from earlier positions only; a parent link that points forward in id order is impossible
/// for a sound writer and is ignored, which also rules out cycles. Parents that were not
/// delivered are remembered, not guessed: the event's past is then partial.
struct TicketCausality {
    /// Strict causal past of each event, as a bitset over positions.
    private var past: [[UInt64]]
    /// Whether an event names a parent that is not in the set.
    private(set) var missingParents: [Bool]
    /// Events no other event names as a parent (the frontier), ascending.
    private(set) var maximal: [Int]

    init(_ events: [TicketEvent]) {
        let n = events.count
        let words = (n + 63) / 64
        var position: [EventID: Int] = [:]
        position.reserveCapacity(n)
        for (i, e) in events.enumerated() { position[e.id] = i }

        past = []
        past.reserveCapacity(n)
        missingParents = Array(repeating: false, count: n)
        var isParent = Array(repeating: false, count: n)
        for (i, e) in events.enumerated() {
            var bits = [UInt64](repeating: 0, count: words)
            for parent in e.parents {
                guard let j = position[parent] else {
                    missingParents[i] = true
                    continue
                }
                isParent[j] = true
                guard j < i else { continue }
                bits[j / 64] |= 1 << UInt64(j % 64)
                for w in 0..<words { bits[w] |= past[j][w] }
            }
            past.append(bits)
        }
        maximal = (0..<n).filter { !isParent[$0] }
    }

    /// Whether event `j` is in the causal past of event `i`.
    func happenedBefore(_ j: Int, _ i: Int) -> Bool {
        past[i][j / 64] & (1 << UInt64(j % 64)) != 0
    }

    /// Neither saw the other.
    func concurrent(_ a: Int, _ b: Int) -> Bool {
        a != b && !happenedBefore(a, b) && !happenedBefore(b, a)
    }
}
