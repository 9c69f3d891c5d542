import CourtyardCRDT

// MARK: - GossipQueue

/// Updates waiting to be piggybacked, each sent a bounded number of times (SWIM §4.1).
///
/// Holds at most one update per member (the newest fact supersedes the older one). The
/// least-sent updates go first, newer before older at equal count, so fresh news spreads
/// fastest; a message takes as many as fit both the count and the byte budget, measured
/// in the canonical JSON of `CRDTCodec`.
struct GossipQueue: Hashable, Sendable {
    private struct Entry: Hashable, Sendable {
        var update: MembershipUpdate
        var bytes: Int
        var transmits: Int
        var stamp: UInt64
    }

    private var entries: [NodeID: Entry] = [:]
    private var stampNext: UInt64 = 0

    /// Updates currently queued.
    var count: Int { entries.count }

    /// Queues `update`, replacing any queued update about the same member.
    mutating func enqueue(_ update: MembershipUpdate) {
        stampNext += 1
        let bytes = (try? CRDTCodec.encode(update).count) ?? Int.max
        entries[update.node] = Entry(update: update, bytes: bytes, transmits: 0, stamp: stampNext)
    }

    /// Picks the updates for one message and counts them as sent.
    ///
    /// - Parameters:
    ///   - countMax: updates per message at most.
    ///   - bytesMax: canonical-JSON bytes of the resulting array at most.
    ///   - retransmitLimit: an update sent this many times leaves the queue.
    ///   - pinned: an update that goes first whether queued or not (what this node holds
    ///     about the recipient when it suspects it: the recipient learns at once and can
    ///     refute — Lifeguard's buddy system). A queued update about the same member is
    ///     counted as sent instead of repeated.
    mutating func take(countMax: Int, bytesMax: Int, retransmitLimit: Int,
                       pinned: MembershipUpdate?) -> [MembershipUpdate] {
        var chosen: [MembershipUpdate] = []
        var bytes = 2 // "[" and "]"
        func fits(_ size: Int) -> Bool {
            chosen.count < countMax && size < Int.max && bytes + size + (chosen.isEmpty ? 0 : 1) <= bytesMax
        }
        func add(_ update: MembershipUpdate, size: Int) {
            bytes += size + (chosen.isEmpty ? 0 : 1) // a comma between elements
            chosen.append(update)
        }
        if let pinned, let size = try? CRDTCodec.encode(pinned).count, fits(size) {
            add(pinned, size: size)
            countSent(pinned.node, retransmitLimit: retransmitLimit)
        }
        let ordered = entries.values.sorted { a, b in
            if a.transmits != b.transmits { return a.transmits < b.transmits }
            return a.stamp > b.stamp
        }
        for entry in ordered where entry.update.node != pinned?.node && fits(entry.bytes) {
            add(entry.update, size: entry.bytes)
            countSent(entry.update.node, retransmitLimit: retransmitLimit)
        }
        return chosen
    }

    private mutating func countSent(_ node: NodeID, retransmitLimit: Int) {
        guard var entry = entries[node] else { return }
        entry.transmits += 1
        entries[node] = entry.transmits >= retransmitLimit ? nil : entry
    }

    /// Forgets the queued update about `node` (its member was pruned).
    mutating func remove(_ node: NodeID) {
        entries[node] = nil
    }
}
