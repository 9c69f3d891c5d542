import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication

// MARK: - Replication shell

extension Simulator {
    mutating func deliverReplication(to i: Int, from: Int, _ m: ReplicationMessage<TicketEvent>) {
        guard nodes[i].up, !network.isCut(from, i, atMs: nowMs) else {
            stats.messagesLost += 1
            return
        }
        stats.messagesDelivered += 1
        record("deliver", "r \(siteIDs[from])>\(siteIDs[i]) \(Self.label(m))")
        let out = nodes[i].replication.onMessage(from: siteIDs[from], m, nowMs: nodes[i].nowMs(nowMs))
        executeReplication(out, at: i)
    }

    mutating func executeReplication(_ directives: [ReplicationDirective<TicketEvent>], at i: Int) {
        for d in directives {
            switch d {
            case .send(let to, let m):
                if plant == .skipAntiEntropy, case .digest = m { continue }
                sendReplication(m, from: i, toSite: to)
            case .persist(let items):
                persist(items, at: i)
            case .scheduleTimer(let atMs):
                let at = max(nowMs + 1, nodes[i].clock.virtualMs(physicalMs: atMs))
                queue.push(atMs: at, .replicationTick(site: i, life: nodes[i].life))
            case .writeSatisfied(let w):
                writeSatisfied(w, at: i)
            case .writeFailed(let w, let error):
                record("write-failed", "\(siteIDs[i]) \(w) \(error)")
                nodes[i].pendingWrites[w] = nil
            case .rejected(let from, let error):
                record("rejected", "\(siteIDs[i]) from \(from): \(error)")
            }
        }
    }

    mutating func sendReplication(_ m: ReplicationMessage<TicketEvent>, from i: Int, toSite: ReplicaID) {
        guard let to = siteIDs.firstIndex(of: toSite) else { return }
        var r = rng
        var extra: Int64 = 0
        if faultPoints.fires(.netDelaySpike, site: i, rng: &r) { extra = r.int(in: 2_000...8_000) }
        switch network.route(from: i, to: to, nowMs: nowMs, extraDelayMs: extra, rng: &r) {
        case .lostInPartition, .dropped:
            stats.messagesLost += 1
        case .deliver(let times):
            for t in times { queue.push(atMs: t, .replicationDeliver(to: to, from: i, m)) }
        }
        rng = r
    }

    // MARK: Persistence

    /// Received items to make durable: append now, sync after the disk's latency, and only
    /// then tell the core (which acknowledges). The `ack-before-persist` plant tells the
    /// core at once.
    mutating func persist(_ items: [TicketEvent], at i: Int) {
        var r = rng
        let writeError = faultPoints.fires(.diskWriteError, site: i, rng: &r)
        let slow = faultPoints.fires(.diskSlowSync, site: i, rng: &r)
        var delay = r.int(in: 1...5)
        if slow { delay += r.int(in: 200...2_000) }
        rng = r
        do {
            if writeError { throw SimDisk.Failure.ioError }
            try nodes[i].disk.append(items)
        } catch {
            record("persist-failed", "\(siteIDs[i]) \(items.count) items: \(error)")
            executeReplication(nodes[i].replication.onPersistFailed(items), at: i)
            return
        }
        let early = plant == .ackBeforePersist
        if early {
            delay += 300
            afterPersist(items, at: i)
        }
        queue.push(atMs: nowMs + delay, .persistDone(site: i, life: nodes[i].life, items, ackedEarly: early))
    }

    mutating func persistDone(_ i: Int, _ life: Int, _ items: [TicketEvent], ackedEarly: Bool) {
        guard isLive(i, life) else { return }
        do {
            try nodes[i].disk.sync()
        } catch {
            record("sync-failed", "\(siteIDs[i]) \(error)")
            if !ackedEarly { executeReplication(nodes[i].replication.onPersistFailed(items), at: i) }
            return
        }
        if !ackedEarly { afterPersist(items, at: i) }
    }

    /// The items are (believed) durable: merge the clock, tell the core, refresh the view.
    mutating func afterPersist(_ items: [TicketEvent], at i: Int) {
        if let newest = items.map(\.id.hlc).max() {
            do {
                let stamp = try nodes[i].hlc.receive(newest, physicalMs: nodes[i].nowMs(nowMs))
                checkStamp(stamp, at: i)
            } catch {
                nodes[i].hlcRefusals += 1
                stats.hlcRefusals += 1
                record("hlc-refused", "\(siteIDs[i]) \(error)")
            }
        }
        record("persisted", "\(siteIDs[i]) \(items.count)")
        executeReplication(nodes[i].replication.onPersisted(items), at: i)
        nodes[i].refresh(items.map(\.ticketID))
    }

    // MARK: Local writes

    /// A fresh HLC stamp at node `i`, checked by the HLC checker.
    mutating func stamp(at i: Int) -> HLCTimestamp? {
        do {
            let t = try nodes[i].hlc.now(physicalMs: nodes[i].nowMs(nowMs))
            checkStamp(t, at: i)
            return t
        } catch {
            record("hlc-error", "\(siteIDs[i]) \(error)")
            return nil
        }
    }

    mutating func checkStamp(_ t: HLCTimestamp, at i: Int) {
        if t <= nodes[i].lastStamp {
            violate("hlc", "\(siteIDs[i]) HLC went backwards: \(t) after \(nodes[i].lastStamp)")
        }
        nodes[i].lastStamp = max(nodes[i].lastStamp, t)
    }

    /// Commits `events` on node `i`'s disk and hands them to replication at `level`.
    /// Returns false when the disk refused (the caller hears an error; nothing is acknowledged).
    @discardableResult
    mutating func writeLocal(_ events: [TicketEvent], level: ConsistencyLevel, at i: Int) -> Bool {
        do {
            try nodes[i].disk.commit(events)
        } catch {
            stats.writesRefused += 1
            record("write-refused", "\(siteIDs[i]) \(error)")
            return false
        }
        var problems: [String] = []
        for e in events { checker.eventIssued(e, atMs: nowMs, violate: { problems.append($0) }) }
        for p in problems { violate("hlc", p) }
        let alive = nodes[i].replication.alivePeers.count
        let copies: Int
        switch level {
        case .local: copies = 1
        case .quorum: copies = (alive + 1) / 2 + 1
        case .all: copies = alive + 1
        case .sites(let n): copies = n
        }
        do {
            let (w, out) = try nodes[i].replication.onLocalWrite(events, consistency: level, nowMs: nodes[i].nowMs(nowMs))
            nodes[i].pendingWrites[w] = SimNode.PendingWrite(events: events, level: level, copiesNeeded: copies)
            stats.eventsWritten += events.count
            record("write", "\(siteIDs[i]) \(w) \(level) \(events.map { "\($0.body.kind) \($0.id)" }.joined(separator: ","))")
            nodes[i].refresh(events.map(\.ticketID))
            executeReplication(out, at: i)
        } catch {
            record("write-error", "\(siteIDs[i]) \(error)")
        }
        return true
    }

    /// A write reached its level: the durability checker counts durable copies now.
    mutating func writeSatisfied(_ w: WriteID, at i: Int) {
        guard let p = nodes[i].pendingWrites.removeValue(forKey: w) else { return }
        record("write-ok", "\(siteIDs[i]) \(w) \(p.level)")
        for e in p.events {
            let key = EventIDKey(e)
            let copies = nodes.filter { $0.disk.holdsDurably(key) }.count
            if copies < p.copiesNeeded {
                violate("durability", "\(key.description) acknowledged at \(p.level) with \(copies) durable copies; \(p.copiesNeeded) needed")
            }
            checker.acknowledged(e, level: p.level)
        }
    }

    static func label(_ m: ReplicationMessage<TicketEvent>) -> String {
        switch m {
        case .delta(let e, let s, let f, let items): "delta \(e)/\(s) floor \(f) \(items.map { "\($0.id)" }.joined(separator: ","))"
        case .ack(let e, let s): "ack \(e)/\(s)"
        case .nack(let e, let a, let b): "nack \(e)/\(a)-\(b)"
        case .items(let items): "items \(items.map { "\($0.id)" }.joined(separator: ","))"
        case .digest(let b): "digest \(b.count)"
        case .digestReply(let b, let k): "digestReply \(b.count) \(k.count)"
        case .exchange(let k): "exchange \(k.count)"
        case .request(let k): "request \(k.count)"
        }
    }
}
