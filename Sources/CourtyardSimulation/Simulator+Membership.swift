import CourtyardCRDT
import CourtyardMembership

// MARK: - Membership shell

extension Simulator {
    /// Starts node `i`'s current life: protocol timers, join through every other site,
    /// the replication tick and the escalation sweep.
    mutating func boot(_ i: Int) {
        let now = nodes[i].nowMs(nowMs)
        var r = rng
        var out = nodes[i].membership.start(nowMs: now, rng: &r)
        rng = r
        let seeds = nodes.filter { $0.index != i }.map(\.endpoint)
        out += nodes[i].membership.onJoin(seeds: seeds, nowMs: now)
        checker.lifeStarted(nodes[i].membership.myself)
        executeMembership(out, at: i)
        let life = nodes[i].life
        queue.push(atMs: nowMs + rng.int(in: 1...250), .replicationTick(site: i, life: life))
        queue.push(atMs: nowMs + rng.int(in: 1...Self.sweepIntervalMs), .escalationSweep(site: i, life: life))
        bootCallCenter(i)
        record("boot", "\(siteIDs[i]) life=\(life) \(nodes[i].membership.myself)")
    }

    mutating func deliverMembership(to i: Int, from: Int, _ m: MembershipMessage) {
        guard nodes[i].up, !network.isCut(from, i, atMs: nowMs) else {
            stats.messagesLost += 1
            return
        }
        stats.messagesDelivered += 1
        record("deliver", "m \(siteIDs[from])>\(siteIDs[i]) \(Self.label(m))")
        do {
            let out = try nodes[i].membership.receive(m, nowMs: nodes[i].nowMs(nowMs))
            executeMembership(out, at: i)
        } catch {
            record("refused", "m \(siteIDs[i]) \(error)")
        }
    }

    mutating func executeMembership(_ directives: [MembershipDirective], at i: Int) {
        for d in directives {
            switch d {
            case .send(let to, let m), .pushPull(let to, let m):
                sendMembership(m, from: i, toSite: to.site)
            case .sendToEndpoint(let e, let m):
                sendMembership(m, from: i, toSite: ReplicaID(e.host))
            case .scheduleTimer(let t, let atMs):
                let at = max(nowMs, nodes[i].clock.virtualMs(physicalMs: atMs))
                queue.push(atMs: at, .membershipTimer(site: i, life: nodes[i].life, t))
            case .statusChanged(let member, let from, let to):
                statusChanged(at: i, member: member, from: from, to: to)
                if !nodes[i].up { return }
            case .quorumChanged(let side):
                record("quorum", "\(siteIDs[i]) \(side)")
            }
        }
    }

    mutating func sendMembership(_ m: MembershipMessage, from i: Int, toSite: ReplicaID) {
        guard let to = siteIDs.firstIndex(of: toSite) else { return }
        var extra: Int64 = 0
        var r = rng
        if faultPoints.fires(.netDelaySpike, site: i, rng: &r) { extra = r.int(in: 2_000...8_000) }
        switch network.route(from: i, to: to, nowMs: nowMs, extraDelayMs: extra, rng: &r) {
        case .lostInPartition, .dropped:
            stats.messagesLost += 1
        case .deliver(let times):
            for t in times { queue.push(atMs: t, .membershipDeliver(to: to, from: i, m)) }
        }
        rng = r
    }

    /// A member's status changed in node `i`'s view: tell replication, the checkers, and
    /// restart this node when it learns it was declared down.
    mutating func statusChanged(at i: Int, member: NodeID, from: MemberStatus?, to: MemberStatus) {
        record("status", "\(siteIDs[i]) sees \(member) \(from.map { "\($0.kind)" } ?? "new")->\(to.kind)")
        if to.kind == .down {
            checker.declaredDown(member, by: nodes[i].membership.myself, atMs: nowMs, network: network,
                                 sites: scenario.sites)
        }
        if member == nodes[i].membership.myself {
            if to.kind == .down { selfDowned(i) }
            return
        }
        guard let peer = siteIDs.firstIndex(of: member.site), peer != i else { return }
        let now = nodes[i].nowMs(nowMs)
        if to.kind == .alive {
            nodes[i].peersUp.insert(peer)
            do {
                let out = try nodes[i].replication.onPeerUp(siteIDs[peer], nowMs: now)
                executeReplication(out, at: i)
            } catch {
                record("refused", "peerUp \(siteIDs[i]) \(error)")
            }
        } else if to.kind != .suspect {
            let stillAlive = nodes[i].membership.view.contains {
                $0.node.site == member.site && ($0.status.kind == .alive || $0.status.kind == .suspect)
            }
            if !stillAlive && nodes[i].peersUp.remove(peer) != nil {
                executeReplication(nodes[i].replication.onPeerDown(siteIDs[peer]), at: i)
            }
        }
    }

    /// The cluster declared this life down: the process stops and starts as a new life.
    mutating func selfDowned(_ i: Int) {
        record("self-down", "\(siteIDs[i]) life=\(nodes[i].life) restarts as a new life")
        checker.lifeEnded(nodes[i].membership.myself)
        nodes[i].up = false
        callCenterStopped(i)
        _ = nodes[i].disk.crash(keptUnsynced: Int.max, torn: false)
        queue.push(atMs: nowMs + 1_000, .restart(site: i))
    }

    static func label(_ m: MembershipMessage) -> String {
        let kind: String
        switch m.kind {
        case .ping(let s): kind = "ping \(s)"
        case .pingRequest(let s, let t): kind = "pingReq \(s) \(t.site)"
        case .ack(let s): kind = "ack \(s)"
        case .nack(let s): kind = "nack \(s)"
        case .pushPull(let snap): kind = "pushPull \(snap.members.count)"
        case .pushPullReply(let snap): kind = "pushPullReply \(snap.members.count)"
        case .gossip: kind = "gossip"
        }
        return "\(kind) +\(m.gossip.count)"
    }
}
