import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication

// MARK: - Peers from membership

extension ReplicationShell {
    /// Brings the core's peers in line with a membership snapshot.
    ///
    /// Replication peers are sites, membership members are lives of nodes: a site is *up*
    /// when one of its lives is alive or suspect, and a *member* while one of its lives is
    /// not down or left (unreachable still counts: it may come back, and a write's quorum
    /// is counted over members, so an isolated node cannot satisfy a quorum alone). A new
    /// life of an up site (a quick restart) is a down-then-up for the core, which re-sends
    /// unacknowledged deltas and starts an anti-entropy round with it.
    ///
    /// Idempotent and order-free: it compares the snapshot with the last one applied, so a
    /// subscriber that lost events just applies the latest snapshot.
    public func reconcile(members: [MemberInfo], quorum: QuorumSide) async {
        guard loaded, !stopped else { return }
        quorumSide = quorum
        var up: [ReplicaID: Set<NodeID>] = [:]
        var member: Set<ReplicaID> = []
        for info in members where info.site != site {
            if info.isUp {
                up[info.site, default: []].insert(info.node)
                endpoints[info.site] = info.endpoint
            }
            if info.status.isMember { member.insert(info.site) }
        }
        // State changes first, all synchronously; the sends run after (they may interleave).
        var out: [ReplicationDirective<TicketEvent>] = []
        let sites = Set(up.keys).union(upLives.keys).union(member).union(memberSites).sorted()
        for peer in sites {
            let before = upLives[peer] ?? []
            let after = up[peer] ?? []
            if !before.isEmpty && (after.isEmpty || before.isDisjoint(with: after)) {
                out += instance.onPeerDown(peer)
            }
            if !after.isEmpty && (before.isEmpty || before.isDisjoint(with: after)) {
                out += peerUp(peer)
            }
            upLives[peer] = after.isEmpty ? nil : after
            if memberSites.contains(peer) && !member.contains(peer) {
                for outcome in waits.peerDown(peer) { resolve(outcome) }
            }
        }
        memberSites = member
        await execute(out)
    }

    private func peerUp(_ peer: ReplicaID) -> [ReplicationDirective<TicketEvent>] {
        do {
            return try instance.onPeerUp(peer, nowMs: clock.nowMs())
        } catch {
            logger.error("replication peer refused", metadata: ["peer": "\(peer)", "error": "\(error)"])
            return []
        }
    }
}
