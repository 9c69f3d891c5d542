import CourtyardCRDT

/// The outgoing half of a link to one peer: deltas with sequence numbers awaiting the
/// peer's acknowledgement, bounded in items and bytes.
///
/// When an append would overflow the bounds, the oldest entries are dropped and their keys
/// handed to full-state fallback (`fallbackKeys`); when that set is full too, the peer is
/// marked for a full anti-entropy round (`needsFullSync`). Nothing is silently lost.
struct DeltaBuffer<Item: ReplicatedItem>: Sendable {
    struct Entry: Sendable {
        let seq: UInt64
        let items: [Item]
        let bytes: Int
        /// Writes whose level waits on this peer persisting this entry.
        let writes: [WriteID]
        /// Whether this is the last entry of its writes: its acknowledgement completes them.
        let completesWrites: Bool
        /// When it was last sent; nil = never (the peer was down).
        var sentAtMs: Int64?
        /// Times sent: each retransmission waits twice as long as the one before.
        var sends = 0
    }

    private(set) var nextSeq: UInt64 = 1
    private(set) var entries: [Entry] = []
    private(set) var itemCount = 0
    private(set) var byteCount = 0
    /// Highest sequence the peer acknowledged.
    private(set) var acked: UInt64 = 0
    var fallbackKeys: Set<Item.Key> = []
    var needsFullSync = false

    /// The lowest sequence still buffered: the receiver need not wait for anything below.
    var floor: UInt64 { entries.first?.seq ?? nextSeq }

    // MARK: Appending

    /// Buffers `items` as the next delta, evicting the oldest entries to stay in bounds.
    /// Returns the new entry and the evicted ones (their writes can no longer count on
    /// this peer's acknowledgement).
    mutating func append(_ items: [Item], bytes: Int, writes: [WriteID], completesWrites: Bool,
                         nowMs: Int64?, itemsMax: Int, bytesMax: Int,
                         fallbackKeysMax: Int) -> (entry: Entry, evicted: [Entry]) {
        var evicted: [Entry] = []
        while !entries.isEmpty, itemCount + items.count > itemsMax || byteCount + bytes > bytesMax {
            evicted.append(evictOldest(fallbackKeysMax: fallbackKeysMax))
        }
        let entry = Entry(seq: nextSeq, items: items, bytes: bytes, writes: writes,
                          completesWrites: completesWrites, sentAtMs: nowMs, sends: nowMs == nil ? 0 : 1)
        nextSeq += 1
        entries.append(entry)
        itemCount += items.count
        byteCount += bytes
        return (entry, evicted)
    }

    private mutating func evictOldest(fallbackKeysMax: Int) -> Entry {
        let old = entries.removeFirst()
        itemCount -= old.items.count
        byteCount -= old.bytes
        addFallback(keys: old.items.map(\.key), max: fallbackKeysMax)
        return old
    }

    /// Schedules full-state pushes of `keys`, or a full anti-entropy round when too many wait.
    mutating func addFallback(keys: [Item.Key], max: Int) {
        for key in keys where !fallbackKeys.contains(key) {
            if fallbackKeys.count < max {
                fallbackKeys.insert(key)
            } else {
                needsFullSync = true
            }
        }
    }

    // MARK: Acknowledgements

    /// Drops entries up to `seq`; returns them (their writes are now persisted at the peer).
    mutating func ack(_ seq: UInt64) -> [Entry] {
        guard seq > acked else { return [] }
        acked = seq
        var done: [Entry] = []
        while let first = entries.first, first.seq <= seq {
            done.append(entries.removeFirst())
            itemCount -= first.items.count
            byteCount -= first.bytes
        }
        return done
    }

    /// Marks entries (by index) as sent now.
    mutating func markSent(_ indices: [Int], nowMs: Int64) {
        for i in indices {
            entries[i].sentAtMs = nowMs
            entries[i].sends += 1
        }
    }

    /// Indices of entries due for (re)sending: never sent, or last sent at least their
    /// backoff ago — `retransmitMs` after the first send, doubling with each retransmission
    /// up to `retransmitMsMax` (a peer behind a partition it is not yet declared down for
    /// is not flooded). `retransmitMs` 0 makes everything due (a peer just came up).
    func due(nowMs: Int64, retransmitMs: Int64, retransmitMsMax: Int64 = .max, limit: Int) -> [Int] {
        var out: [Int] = []
        for (i, e) in entries.enumerated() where out.count < limit {
            if let t = e.sentAtMs {
                let shift = min(max(e.sends - 1, 0), 20)
                let wait = min(retransmitMsMax, retransmitMs << shift)
                if nowMs - t < wait { continue }
            }
            out.append(i)
        }
        return out
    }

    /// Indices of buffered entries with sequence in `range`.
    func indices(in range: ClosedRange<UInt64>) -> [Int] {
        entries.indices.filter { range.contains(entries[$0].seq) }
    }
}
