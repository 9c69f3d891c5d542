import CourtyardCRDT
import CourtyardReplication

// MARK: - Waiting for a consistency level

extension ReplicationShell {
    /// One caller of `awaitReplication`, suspended until its outcome.
    struct Waiter {
        let continuation: CheckedContinuation<Result<Void, ReplicationWaitError>, Never>
        let level: ConsistencyLevel
        let events: [EventID]
    }

    /// Waits until the local events `ids` are durable on enough sites for `consistency`,
    /// or throws a typed error at `timeoutMs` at the latest.
    ///
    /// Counting follows `ConsistencyLevel`: this node is one copy (the events committed
    /// here before this call), and each other member site whose acknowledgements cover all
    /// of `ids` is another. Member sites are those with a life not down or left when the
    /// call starts; sites that leave the cluster meanwhile can no longer count.
    public func awaitReplication(of ids: [EventID], consistency: ConsistencyLevel,
                                 timeoutMs: Int64) async throws(ReplicationWaitError) {
        let unique = Array(Set(ids)).sorted()
        try checkWait(unique, consistency: consistency, timeoutMs: timeoutMs)
        if consistency == .local || consistency == .sites(1) { return }
        guard quorumSide == .majority else {
            throw ReplicationWaitError(.inMinority, level: consistency,
                                       "this node is on the minority side of a partition; \(consistency) writes are refused")
        }
        let unknown = unique.filter { !ledger.isTracked($0) }
        guard unknown.isEmpty else {
            throw ReplicationWaitError(.unknownEvents, level: consistency,
                                       "\(unknown.count) event ids are not tracked here, e.g. \(unknown[0])")
        }
        let id = WriteID(waitIDNext)
        waitIDNext += 1
        let deadlineMs = clock.nowMs() + timeoutMs
        let outcome: WriteOutcome?
        do {
            outcome = try waits.begin(id, level: consistency, alivePeers: memberSites, deadlineMs: deadlineMs)
        } catch {
            let kind: ReplicationWaitError.Kind = error.kind == .tooManyPendingWrites ? .overloaded : .invalidRequest
            throw ReplicationWaitError(kind, level: consistency, error.message)
        }
        if let outcome { return try Self.result(outcome).get() }
        for peer in memberSites.sorted() where unique.allSatisfy({ ledger.peers(holding: $0).contains(peer) }) {
            if let outcome = waits.ack(id, by: peer) { return try Self.result(outcome).get() }
        }
        schedule(.waitDeadline, atMs: deadlineMs)
        let result = await withCheckedContinuation { continuation in
            waiters[id] = Waiter(continuation: continuation, level: consistency, events: unique)
        }
        try result.get()
    }

    private func checkWait(_ ids: [EventID], consistency: ConsistencyLevel,
                           timeoutMs: Int64) throws(ReplicationWaitError) {
        func bad(_ m: String) -> ReplicationWaitError { ReplicationWaitError(.invalidRequest, level: consistency, m) }
        guard loaded, !stopped else {
            throw ReplicationWaitError(.stopped, level: consistency, "replication is not running")
        }
        guard !ids.isEmpty else { throw bad("no event ids to wait for") }
        guard ids.count <= settings.waitIdsMax else { throw bad("\(ids.count) event ids exceed \(settings.waitIdsMax)") }
        guard timeoutMs > 0, timeoutMs <= settings.waitTimeoutMsMax else {
            throw bad("timeoutMs must be 1...\(settings.waitTimeoutMsMax), got \(timeoutMs)")
        }
        if case .sites(let n) = consistency, n < 1 { throw bad("consistency sites(\(n)): n must be at least 1") }
    }

    // MARK: Crediting

    /// A peer's ack for this node's epoch: credit the events of the deltas it covers and
    /// complete the waits now covered by that peer.
    func creditAck(from peer: ReplicaID, seq: UInt64) {
        let credited = ledger.acked(upTo: seq, by: peer)
        guard !credited.isEmpty else { return }
        for id in waiters.keys.sorted() {
            guard let waiter = waiters[id],
                  waiter.events.allSatisfy({ ledger.peers(holding: $0).contains(peer) }),
                  let outcome = waits.ack(id, by: peer) else { continue }
            resolve(outcome)
        }
    }

    /// Hands an outcome to its waiter (if it is still waiting).
    func resolve(_ outcome: WriteOutcome) {
        let id: WriteID
        switch outcome {
        case .satisfied(let w), .failed(let w, _): id = w
        }
        waiters.removeValue(forKey: id)?.continuation.resume(returning: Self.result(outcome))
    }

    static func result(_ outcome: WriteOutcome) -> Result<Void, ReplicationWaitError> {
        switch outcome {
        case .satisfied: .success(())
        case .failed(_, let error): .failure(ReplicationWaitError(error))
        }
    }
}
