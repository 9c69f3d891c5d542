// MARK: - Gossip: merging what others say

extension MembershipInstance {
    /// Merges piggybacked updates (already validated) into this node's view.
    public mutating func onGossip(_ updates: [MembershipUpdate], nowMs: Int64) -> [MembershipDirective] {
        guard isActive else { return [] }
        var out: [MembershipDirective] = []
        apply(updates, nowMs: nowMs, out: &out)
        resolve(nowMs: nowMs, out: &out)
        return out
    }

    mutating func apply(_ updates: [MembershipUpdate], nowMs: Int64, out: inout [MembershipDirective]) {
        for update in updates { apply(update, nowMs: nowMs, out: &out) }
    }

    /// Merges one update by status precedence; news is re-gossiped.
    mutating func apply(_ update: MembershipUpdate, nowMs: Int64, out: inout [MembershipDirective]) {
        let node = update.node
        if node == myself {
            applyAboutMyself(update.status, out: &out)
        } else if node.isOtherLife(of: myself) {
            // A previous life of this node: whatever others think, it is over.
            let known = members[node]?.status ?? .down
            let merged = known.merged(with: update.status, confirmersMax: confirmersMax)
                .merged(with: .down, confirmersMax: confirmersMax)
            if merged != members[node]?.status { setStatus(node, merged, nowMs: nowMs, out: &out) }
        } else if let known = members[node]?.status {
            let merged = known.merged(with: update.status, confirmersMax: confirmersMax)
            if merged != known { setStatus(node, merged, nowMs: nowMs, out: &out) }
        } else {
            if update.status.isMember { replaceOtherLives(of: node, nowMs: nowMs, out: &out) }
            setStatus(node, update.status, nowMs: nowMs, out: &out)
        }
    }

    var confirmersMax: Int { settings.suspicionConfirmationsExpected + 1 }

    /// Somebody says something about this node: refute a suspicion with a higher
    /// incarnation (Lifeguard counts that against local health), accept being downed.
    private mutating func applyAboutMyself(_ status: MemberStatus, out: inout [MembershipDirective]) {
        guard case .alive(let mine) = selfStatus else { return }
        switch status {
        case .suspect(let i, _), .unreachable(let i):
            guard i >= mine, i < UInt64.max else { return }
            selfStatus = .alive(incarnation: i + 1)
            health.apply(1)
            gossip.enqueue(MembershipUpdate(node: myself, status: selfStatus))
        case .down:
            selfStatus = .down
            probe = nil
            relays = [:]
            out.append(.statusChanged(member: myself, from: .alive(incarnation: mine), to: .down))
        case .alive, .left:
            break // only this node raises its incarnation or leaves
        }
    }

    /// A new life of a member appeared on the same endpoint: the old life is down.
    private mutating func replaceOtherLives(of node: NodeID, nowMs: Int64, out: inout [MembershipDirective]) {
        let older = members.filter { $0.key.isOtherLife(of: node) && $0.value.status.isMember }.keys.sorted()
        for old in older { setStatus(old, .down, nowMs: nowMs, out: &out) }
    }

    /// Records `status` for `node` (not this node), reports a change of kind, queues the
    /// fact for gossip and keeps the suspicion timer in step.
    mutating func setStatus(_ node: NodeID, _ status: MemberStatus, nowMs: Int64, out: inout [MembershipDirective]) {
        let old = members[node]
        guard old != nil || makeRoom() else { return } // full of live members: drop news of strangers
        var member = old ?? Member(status: status)
        member.status = status
        member.tombstonedAtMs = status.isTerminal ? (member.tombstonedAtMs ?? nowMs) : nil
        if case .suspect = status {
            let started = member.suspicionStartedMs ?? nowMs
            let deadline = started + settings.suspicionTimeoutMs(confirmations: status.confirmationCount)
            member.suspicionStartedMs = started
            if deadline != member.suspicionDeadlineMs {
                member.suspicionDeadlineMs = deadline
                out.append(.scheduleTimer(.suspicionTimeout(node), atMs: deadline))
            }
        } else {
            member.suspicionStartedMs = nil
            member.suspicionDeadlineMs = nil
        }
        members[node] = member
        if old == nil && status.isMember { schedule.add(node) }
        if old?.status.kind != status.kind {
            out.append(.statusChanged(member: node, from: old?.status, to: status))
        }
        gossip.enqueue(MembershipUpdate(node: node, status: status))
    }

    // MARK: Tombstones

    /// Makes room for one more member (this node counts as one): evicts the oldest
    /// tombstone if the table is full. False when the table is full of live members.
    private mutating func makeRoom() -> Bool {
        guard members.count >= settings.membersMax - 1 else { return true }
        let oldest = members.compactMap { entry in entry.value.tombstonedAtMs.map { (entry.key, $0) } }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let (node, _) = oldest else { return false }
        forget(node)
        return true
    }

    /// Forgets tombstones older than `tombstoneRetentionMs`.
    mutating func pruneTombstones(nowMs: Int64) {
        let expired = members.filter { entry in
            entry.value.tombstonedAtMs.map { nowMs - $0 >= settings.tombstoneRetentionMs } ?? false
        }.keys.sorted()
        for node in expired { forget(node) }
    }

    private mutating func forget(_ node: NodeID) {
        members[node] = nil
        gossip.remove(node)
    }

    // MARK: Suspicion

    /// This node's probe of `node` failed: suspect it, or confirm an existing suspicion.
    mutating func suspect(_ node: NodeID, nowMs: Int64, out: inout [MembershipDirective]) {
        guard let status = members[node]?.status else { return }
        switch status {
        case .alive(let i):
            setStatus(node, .suspect(incarnation: i, confirmers: [myself]), nowMs: nowMs, out: &out)
        case .suspect(let i, let confirmers) where !confirmers.contains(myself):
            let more = MemberStatus.union(confirmers, [myself], countMax: confirmersMax)
            if more != confirmers { setStatus(node, .suspect(incarnation: i, confirmers: more), nowMs: nowMs, out: &out) }
        case .suspect, .unreachable, .down, .left:
            break
        }
    }

    /// A suspicion may have expired: if it still stands and its (possibly shortened)
    /// deadline has passed, the member is unreachable.
    public mutating func onSuspicionTimeout(node: NodeID, nowMs: Int64) -> [MembershipDirective] {
        guard isActive, let member = members[node], case .suspect(let i, _) = member.status,
              let deadline = member.suspicionDeadlineMs, nowMs >= deadline else { return [] }
        var out: [MembershipDirective] = []
        setStatus(node, .unreachable(incarnation: i), nowMs: nowMs, out: &out)
        resolve(nowMs: nowMs, out: &out)
        return out
    }
}
