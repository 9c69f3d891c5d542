// MARK: - TimerQueue

/// Due times of a shell's timers: a min-ordered queue of (due ms, insertion order, timer).
///
/// The cores never cancel timers (a stale one is recognised and ignored), so the queue only
/// adds and pops. It is bounded: beyond `capacity` the latest-due entry is dropped and
/// counted, which is safe for the cores (every periodic timer reschedules itself from the
/// earliest ones, and a lost stale timer changes nothing).
struct TimerQueue<Timer: Sendable>: Sendable {
    private struct Entry: Sendable {
        let dueMs: Int64
        let order: UInt64
        let timer: Timer
    }

    /// Sorted by (dueMs, order): small queues (tens of entries), so insertion is a scan.
    private var entries: [Entry] = []
    private var orderNext: UInt64 = 0
    let capacity: Int
    /// Timers dropped because the queue was full.
    private(set) var dropped = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { entries.count }
    var nextDueMs: Int64? { entries.first?.dueMs }

    /// Adds `timer` due at `dueMs`; returns true when it became the earliest.
    @discardableResult
    mutating func schedule(_ timer: Timer, atMs dueMs: Int64) -> Bool {
        orderNext += 1
        let entry = Entry(dueMs: dueMs, order: orderNext, timer: timer)
        let index = entries.firstIndex { $0.dueMs > dueMs } ?? entries.count
        entries.insert(entry, at: index)
        if entries.count > capacity {
            entries.removeLast()
            dropped += 1
        }
        return index == 0
    }

    /// Removes and returns the timers due at or before `nowMs`, earliest first.
    mutating func popDue(nowMs: Int64) -> [Timer] {
        let n = entries.firstIndex { $0.dueMs > nowMs } ?? entries.count
        let due = entries.prefix(n).map(\.timer)
        entries.removeFirst(n)
        return due
    }

    mutating func removeAll() {
        entries.removeAll()
    }
}
