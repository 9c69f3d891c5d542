import CourtyardRuntime

/// The outgoing queues to one peer: one bounded FIFO per lane. The writer always takes
/// control frames before bulk frames, so membership and acks never wait behind
/// replication or recordings. A full lane refuses the message (the caller gets
/// `.backpressure`) rather than growing.
public struct LaneQueues: Sendable {
    public let controlMax: Int
    public let bulkMax: Int
    private var control = FIFO()
    private var bulk = FIFO()

    public init(controlMax: Int, bulkMax: Int) {
        precondition(controlMax > 0 && bulkMax > 0, "lane queues must hold at least one message")
        self.controlMax = controlMax
        self.bulkMax = bulkMax
    }

    public var isEmpty: Bool { control.count == 0 && bulk.count == 0 }
    public var count: Int { control.count + bulk.count }

    public func count(_ lane: TransportLane) -> Int {
        switch lane {
        case .control: control.count
        case .bulk: bulk.count
        }
    }

    /// Appends `message` to `lane`; false (nothing queued) when that lane is full.
    public mutating func enqueue(_ message: WireMessage, lane: TransportLane) -> Bool {
        switch lane {
        case .control:
            guard control.count < controlMax else { return false }
            control.append(message)
        case .bulk:
            guard bulk.count < bulkMax else { return false }
            bulk.append(message)
        }
        return true
    }

    /// Up to `max` frames to write next: all queued control frames first, then bulk.
    public mutating func nextBatch(max: Int) -> [TransportFrame] {
        var batch: [TransportFrame] = []
        while batch.count < max, let m = control.popFirst() { batch.append(TransportFrame(lane: .control, message: m)) }
        while batch.count < max, let m = bulk.popFirst() { batch.append(TransportFrame(lane: .bulk, message: m)) }
        return batch
    }

    /// Empties both lanes; returns how many messages each held (for the drop metric).
    public mutating func removeAll() -> (control: Int, bulk: Int) {
        defer { control = FIFO(); bulk = FIFO() }
        return (control.count, bulk.count)
    }
}

// MARK: FIFO

/// An array with a moving head: O(1) amortised append and pop, compacted when half empty.
private struct FIFO: Sendable {
    private var items: [WireMessage] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func append(_ m: WireMessage) { items.append(m) }

    mutating func popFirst() -> WireMessage? {
        guard head < items.count else { return nil }
        let m = items[head]
        head += 1
        if head >= 64 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return m
    }
}
