import CourtyardCRDT

// MARK: - AckLedger

/// Which peers have persisted which local events, learned from the replication protocol
/// itself: a peer's `ack(seq)` for this node's epoch means it persisted every delta up to
/// `seq` (persist before ack), so the events those deltas carried are durable there.
///
/// Bounded on both sides: at most `eventsMax` tracked events (oldest forgotten first) and
/// `seqsPerPeerMax` remembered sequences per peer (oldest forgotten first; their events are
/// then never credited by that peer, which makes a wait time out rather than lie).
struct AckLedger: Sendable {
    let eventsMax: Int
    let seqsPerPeerMax: Int

    private var ackedBy: [EventID: Set<ReplicaID>] = [:]
    /// Tracked events in arrival order, for eviction; `head` is the oldest live slot.
    private var order: [EventID] = []
    private var head = 0
    /// Per peer, sent delta sequences (ascending) with the tracked events they carried.
    private var sentSeqs: [ReplicaID: [(seq: UInt64, events: [EventID])]] = [:]

    init(eventsMax: Int, seqsPerPeerMax: Int) {
        self.eventsMax = max(1, eventsMax)
        self.seqsPerPeerMax = max(1, seqsPerPeerMax)
    }

    var trackedCount: Int { ackedBy.count }

    /// Starts tracking local events (committed here).
    mutating func track(_ ids: [EventID]) {
        for id in ids where ackedBy[id] == nil {
            ackedBy[id] = []
            order.append(id)
        }
        while ackedBy.count > eventsMax, head < order.count {
            ackedBy[order[head]] = nil
            head += 1
        }
        if head > 1_024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    func isTracked(_ id: EventID) -> Bool { ackedBy[id] != nil }

    /// The peers known to hold `id` durably.
    func peers(holding id: EventID) -> Set<ReplicaID> { ackedBy[id] ?? [] }

    /// A delta `seq` carrying `events` went to `peer`. Retransmissions (a sequence already
    /// recorded or older than the newest) change nothing.
    mutating func sent(seq: UInt64, events: [EventID], to peer: ReplicaID) {
        let tracked = events.filter { ackedBy[$0] != nil }
        guard !tracked.isEmpty else { return }
        var list = sentSeqs[peer] ?? []
        guard list.last.map({ $0.seq < seq }) ?? true else { return }
        list.append((seq, tracked))
        if list.count > seqsPerPeerMax { list.removeFirst(list.count - seqsPerPeerMax) }
        sentSeqs[peer] = list
    }

    /// `peer` persisted everything up to `seq`; returns the events newly credited to it.
    mutating func acked(upTo seq: UInt64, by peer: ReplicaID) -> [EventID] {
        guard var list = sentSeqs[peer], let first = list.first, first.seq <= seq else { return [] }
        var credited: [EventID] = []
        let n = list.firstIndex { $0.seq > seq } ?? list.count
        for entry in list.prefix(n) {
            for id in entry.events where ackedBy[id] != nil {
                if ackedBy[id]?.insert(peer).inserted == true { credited.append(id) }
            }
        }
        list.removeFirst(n)
        sentSeqs[peer] = list.isEmpty ? nil : list
        return credited
    }
}
