import CourtyardCRDT

/// The outcome of a tracked write.
public enum WriteOutcome: Hashable, Sendable {
    case satisfied(WriteID)
    case failed(WriteID, WriteError)
}

/// Tracks writes waiting for their consistency level: which peers may still acknowledge,
/// which have, and the deadline.
///
/// A pure value: acknowledgements and time (`nowMs`) come in, outcomes go out, each write
/// exactly once.
public struct WriteTracker: Sendable, Hashable {
    struct Pending: Sendable, Hashable {
        let level: ConsistencyLevel
        let needed: Int
        /// Peers that may still acknowledge (alive at the write, not yet acknowledged).
        var candidates: Set<ReplicaID>
        var acked: Set<ReplicaID> = []
        let deadlineMs: Int64
    }

    private var pending: [WriteID: Pending] = [:]
    public let pendingMax: Int

    public init(pendingMax: Int) {
        self.pendingMax = pendingMax
    }

    public var pendingCount: Int { pending.count }
    public func isPending(_ id: WriteID) -> Bool { pending[id] != nil }

    // MARK: Events

    /// Starts tracking; returns the outcome at once when the level needs no peer (or can
    /// never be reached with the peers alive now).
    public mutating func begin(
        _ id: WriteID, level: ConsistencyLevel, alivePeers: Set<ReplicaID>, deadlineMs: Int64
    ) throws(ReplicationError) -> WriteOutcome? {
        guard let needed = level.peerAcksNeeded(alivePeers: alivePeers.count) else {
            if case .sites(let n) = level, n < 1 {
                throw ReplicationError(.invalidConsistency, "consistency sites(\(n)): n must be at least 1")
            }
            return .failed(id, WriteError(kind: .notEnoughReplicas, level: level,
                                          acks: alivePeers.count, acksNeeded: siteAcks(level)))
        }
        if needed == 0 { return .satisfied(id) }
        guard pending.count < pendingMax else {
            throw ReplicationError(.tooManyPendingWrites, "\(pending.count) writes already wait for acknowledgements (limit \(pendingMax))")
        }
        pending[id] = Pending(level: level, needed: needed, candidates: alivePeers, deadlineMs: deadlineMs)
        return nil
    }

    /// A peer acknowledged (persisted) the write.
    public mutating func ack(_ id: WriteID, by peer: ReplicaID) -> WriteOutcome? {
        guard var p = pending[id], p.candidates.remove(peer) != nil else { return nil }
        p.acked.insert(peer)
        if p.acked.count >= p.needed {
            pending[id] = nil
            return .satisfied(id)
        }
        pending[id] = p
        return nil
    }

    /// The peer can no longer acknowledge this write (its delta was dropped from the
    /// buffer); fails the write when its level is now out of reach.
    public mutating func drop(_ id: WriteID, peer: ReplicaID) -> WriteOutcome? {
        guard var p = pending[id], p.candidates.remove(peer) != nil else { return nil }
        if p.acked.count + p.candidates.count < p.needed {
            pending[id] = nil
            return .failed(id, WriteError(kind: .notEnoughReplicas, level: p.level,
                                          acks: p.acked.count + p.candidates.count, acksNeeded: p.needed))
        }
        pending[id] = p
        return nil
    }

    /// A peer went down: writes that can no longer reach their level fail now.
    public mutating func peerDown(_ peer: ReplicaID) -> [WriteOutcome] {
        var out: [WriteOutcome] = []
        for id in pending.keys.sorted() {
            if let outcome = drop(id, peer: peer) { out.append(outcome) }
        }
        return out
    }

    /// Writes whose deadline is at or before `nowMs` fail.
    public mutating func expire(nowMs: Int64) -> [WriteOutcome] {
        var out: [WriteOutcome] = []
        for id in pending.keys.sorted() {
            guard let p = pending[id], p.deadlineMs <= nowMs else { continue }
            pending[id] = nil
            out.append(.failed(id, WriteError(kind: .timedOut, level: p.level, acks: p.acked.count, acksNeeded: p.needed)))
        }
        return out
    }

    private func siteAcks(_ level: ConsistencyLevel) -> Int {
        if case .sites(let n) = level { return max(n - 1, 0) }
        return 0
    }
}
