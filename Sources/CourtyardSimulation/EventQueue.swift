// MARK: - EventQueue

/// The simulator's agenda: a binary min-heap ordered by (time, sequence). The sequence is
/// the insertion counter, so events at the same instant run in the order they were
/// scheduled — never in a hash order.
public struct EventQueue<Payload: Sendable>: Sendable {
    public struct Entry: Sendable {
        public let atMs: Int64
        public let seq: UInt64
        public let payload: Payload
        func precedes(_ o: Entry) -> Bool { atMs != o.atMs ? atMs < o.atMs : seq < o.seq }
    }

    private var heap: [Entry] = []
    private var seqNext: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    public var nextTimeMs: Int64? { heap.first?.atMs }

    public mutating func push(atMs: Int64, _ payload: Payload) {
        heap.append(Entry(atMs: atMs, seq: seqNext, payload: payload))
        seqNext += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    public mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l].precedes(heap[m]) { m = l }
            if r < heap.count && heap[r].precedes(heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
