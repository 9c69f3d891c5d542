import CourtyardCRDT

/// The incoming half of a link from one peer: which of its delta sequences have arrived
/// and been persisted here, so that the ack never runs ahead of durability.
struct InboundLink: Sendable, Hashable {
    /// Every sequence up to here arrived and its items are persisted (or were skipped by the
    /// sender's floor). This is what we acknowledge.
    private(set) var contiguous: UInt64 = 0
    /// Sequences above `contiguous` that arrived, with the item ids still awaiting persistence.
    private var waiting: [UInt64: Set<EventID>] = [:]
    /// The sender's floor: sequences at or below it that never arrived are not waited for.
    private var skipThrough: UInt64 = 0

    enum Receipt: Equatable {
        /// Seen before: re-acknowledge, nothing else.
        case duplicate
        /// Accepted; `gap` names sequences still missing below it.
        case accepted(gap: ClosedRange<UInt64>?)
        /// Too far ahead of `contiguous`: refused, ask for the gap.
        case outOfWindow(gap: ClosedRange<UInt64>)
    }

    var waitingCount: Int { waiting.count }

    // MARK: Receiving

    /// Records delta `seq` whose not-yet-persisted items are `pending`.
    mutating func receive(seq: UInt64, floor: UInt64, pending: Set<EventID>, window: UInt64) -> Receipt {
        if floor > 0 { skipThrough = max(skipThrough, floor - 1) }
        if seq <= contiguous || waiting[seq] != nil {
            advance()
            return .duplicate
        }
        guard seq - contiguous <= window else {
            return .outOfWindow(gap: (contiguous + 1)...(seq - 1))
        }
        waiting[seq] = pending
        advance()
        return .accepted(gap: missing(below: seq))
    }

    /// Items were persisted; returns whether `contiguous` moved (an ack is due).
    mutating func persisted(_ ids: Set<EventID>) -> Bool {
        let before = contiguous
        for seq in waiting.keys.sorted() where !waiting[seq, default: []].isDisjoint(with: ids) {
            waiting[seq]?.subtract(ids)
        }
        advance()
        return contiguous != before
    }

    /// Persisting failed: forget the sequences that waited on `ids`, so a retransmission
    /// is processed afresh.
    mutating func persistFailed(_ ids: Set<EventID>) {
        for seq in waiting.keys.sorted() where !waiting[seq, default: []].isDisjoint(with: ids) {
            waiting[seq] = nil
        }
    }

    /// Moves `contiguous` over persisted sequences and over the sender's skipped range,
    /// never past a sequence whose items still await persistence.
    private mutating func advance() {
        while true {
            let next = contiguous + 1
            if let w = waiting[next] {
                guard w.isEmpty else { return }
                waiting[next] = nil
                contiguous = next
                continue
            }
            guard next <= skipThrough else { return }
            // Jump (not step) over the skipped range: a floor may be far ahead.
            let lowestWaiting = waiting.keys.min() ?? .max
            contiguous = min(skipThrough, lowestWaiting - 1)
        }
    }

    private func missing(below seq: UInt64) -> ClosedRange<UInt64>? {
        guard seq > contiguous + 1 else { return nil }
        var first = contiguous + 1
        while first < seq, waiting[first] != nil || first <= skipThrough { first += 1 }
        return first < seq ? first...(seq - 1) : nil
    }
}
