import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication

// MARK: - Fault plan

extension Simulator {
    mutating func inject(_ action: FaultAction) {
        record("fault", "\(action)")
        let end: (Int64) -> Int64 = { [nowMs] in nowMs + $0 }
        switch action {
        case .partition(let a, let b, let d):
            for x in a { for y in b { network.cut(x, y, untilMs: end(d)); network.cut(y, x, untilMs: end(d)) } }
            checker.networkFault(fromMs: nowMs, toMs: end(d))
        case .oneWay(let from, let to, let d):
            for x in from { for y in to { network.cut(x, y, untilMs: end(d)) } }
            checker.networkFault(fromMs: nowMs, toMs: end(d))
        case .clog(let a, let b, let d):
            network.clog(a, b, untilMs: end(d))
            network.clog(b, a, untilMs: end(d))
            checker.networkFault(fromMs: nowMs, toMs: end(d))
        case .flap(let a, let b, let period, let d):
            var t = nowMs
            while t < end(d) {
                queue.push(atMs: t, .fault(.partition([a], [b], durationMs: max(1, period / 2))))
                t += max(period, 2)
            }
            checker.networkFault(fromMs: nowMs, toMs: end(d))
        case .crash(let i, let down):
            crash(i, downMs: down)
        case .rollingRestart(let gap, let down):
            for i in nodes.indices { queue.push(atMs: nowMs + Int64(i) * gap, .fault(.crash(i, downMs: down))) }
        case .skew(let i, let ms):
            nodes[i].clock.setSkew(ms)
            checker.clockFault(ms)
        case .jump(let i, let ms):
            nodes[i].clock.jump(ms)
            checker.clockFault(ms)
        case .diskError(let i, let d):
            nodes[i].disk.failing = true
            queue.push(atMs: end(d), .endFault(site: i, .error))
        case .diskFull(let i, let d):
            nodes[i].disk.full = true
            queue.push(atMs: end(d), .endFault(site: i, .full))
        }
    }

    mutating func endDiskFault(_ i: Int, _ kind: DiskFaultKind) {
        switch kind {
        case .error: nodes[i].disk.failing = false
        case .full: nodes[i].disk.full = false
        }
        record("fault-end", "\(siteIDs[i]) disk \(kind)")
    }

    /// Fault points consulted once a simulated minute per site.
    mutating func runMinuteFaultPoints() {
        for i in nodes.indices {
            var r = rng
            if faultPoints.fires(.clockJump, site: i, rng: &r) {
                let ms = r.int(in: -3_000...3_000)
                nodes[i].clock.jump(ms)
                checker.clockFault(ms)
                record("buggify", "\(siteIDs[i]) clock.jump \(ms)")
            }
            let crashNow = faultPoints.fires(.nodeCrash, site: i, rng: &r)
            let down = r.int(in: 10_000...60_000)
            rng = r
            if crashNow && nodes[i].up {
                record("buggify", "\(siteIDs[i]) node.crash")
                crash(i, downMs: down)
            }
        }
    }

    // MARK: Crash and restart

    /// The node stops at once: unsynced writes are lost in part, the tail may be torn.
    mutating func crash(_ i: Int, downMs: Int64) {
        guard nodes[i].up else { return }
        let unsynced = nodes[i].disk.unsynced.count
        var r = rng
        let kept = unsynced > 0 ? r.below(unsynced + 1) : 0
        let torn = faultPoints.fires(.diskTornTail, site: i, rng: &r) || (unsynced > 0 && r.chance(0.25))
        rng = r
        let lost = nodes[i].disk.crash(keptUnsynced: kept, torn: torn)
        nodes[i].up = false
        callCenterStopped(i)
        stats.crashes += 1
        checker.crashed(nodes[i].membership.myself, atMs: nowMs)
        record("crash", "\(siteIDs[i]) life=\(nodes[i].life) lost=\(lost) torn=\(torn)")
        queue.push(atMs: nowMs + max(downMs, 1), .restart(site: i))
    }

    /// A new life: recover from the disk, restore the HLC, rebuild the cores, rejoin.
    mutating func restart(_ i: Int) {
        guard !nodes[i].up else { return }
        let life = nodes[i].life + 1
        let durable = nodes[i].disk.durable
        do {
            let site = siteIDs[i]
            let own = UInt64(durable.filter { $0.id.origin == site }.count)
            let hq = scenario.hq.map { ReplicaID($0) }
            nodes[i].replication = try ReplicationInstance(config: SimNode.replicationConfig(site: site, hq: hq),
                                                           epoch: UInt64(life), items: durable, localSequence: own)
            let incarnation = (rng.next() << 16) | UInt64(life & 0xFFFF)
            nodes[i].membership = try MembershipInstance(
                myself: NodeID(site: site, endpoint: nodes[i].endpoint, incarnation: incarnation),
                settings: SimNode.membershipSettings)
        } catch {
            violate("internal", "restart of \(siteIDs[i]) failed: \(error)")
            return
        }
        nodes[i].hlc = HybridLogicalClock()
        if plant != .forgetHLCOnRestart, let newest = durable.map(\.id.hlc).max() {
            nodes[i].hlc.restore(atLeast: newest)
        }
        nodes[i].life = life
        nodes[i].up = true
        nodes[i].lastStamp = .zero
        nodes[i].peersUp = []
        nodes[i].pendingWrites = [:]
        nodes[i].ticketSequence = durable.filter { $0.id.origin == siteIDs[i] && $0.body.kind == "created" }.count
        nodes[i].rebuildView()
        resetCallCenter(i)
        boot(i)
    }

    // MARK: Heal and quiesce

    /// The end of chaos: heal every link and disk, restart every stopped node, stop calls.
    mutating func quiesce() {
        chaos = false
        network.healAll()
        checker.networkFault(fromMs: nowMs, toMs: nowMs + 1)
        for i in nodes.indices {
            nodes[i].disk.failing = false
            nodes[i].disk.full = false
            if !nodes[i].up { restart(i) }
        }
        faultPoints = FaultPoints(siteCount: nodes.count)
        record("quiesce", "healed; \(scenario.quiesceMs / 1_000)s to settle")
    }

    mutating func finish() {
        if options.statusLines { status() }
        for v in checker.finalChecks(nodes: nodes, sites: scenario.sites, endMs: nowMs, writesStopMs: writesStopMs) { violate(v.checker, v.message) }
        record("finish", "violations=\(checker.violations.count)")
        finished = true
    }

    // MARK: Status lines

    /// One line per site: up or down, life, open tickets, replication queue, members seen,
    /// and the call center: calls waiting in the ACD, agents available/on a call/logged in.
    mutating func status() {
        let stamp = SimTime.minutes(nowMs)
        for node in nodes {
            let acd = cc.centers[node.index].acd
            let waiting = node.up ? acd.calls.values.filter { $0.phase == .waiting }.count : 0
            let states = node.up ? acd.agents.values.map(\.state.kind) : []
            let agents = "\(states.filter { $0 == .available }.count)/\(states.filter { $0 == .onCall }.count)/\(states.count)"
            let seen = node.up ? node.sitesSeenAlive().count : 0
            let queueLength = node.replication.writes.pendingCount
                + node.replication.peers.reduce(0) { $0 + node.replication.bufferedItems(for: $1) }
            let site = node.site.rawValue.padding(toLength: 10)
            statusLines.append("[\(stamp)] \(site) \(node.up ? "up  " : "DOWN") life=\(node.life) open=\(node.open.count) tickets=\(node.tickets.count) queue=\(queueLength) members=\(seen)/\(nodes.count) skew=\(node.clock.skewMs)ms waiting=\(waiting) agents=\(agents)")
        }
        if nowMs + scenario.statusEveryMs < scenario.durationMs + scenario.quiesceMs {
            queue.push(atMs: nowMs + scenario.statusEveryMs, .status)
        }
    }
}

extension String {
    func padding(toLength n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
