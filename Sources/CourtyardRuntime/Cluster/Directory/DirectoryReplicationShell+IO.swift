import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
import Metrics

// MARK: - Peers, inbound messages, directives

extension DirectoryReplicationShell {
    /// Brings the core's peers in line with a membership snapshot, like the ticket shell:
    /// a site is up while one of its lives is alive or suspect; a new life of an up site is
    /// a down-then-up (unacknowledged deltas re-sent, an anti-entropy round started).
    public func reconcile(members: [MemberInfo]) async {
        guard loaded, !stopped else { return }
        var up: [ReplicaID: Set<NodeID>] = [:]
        for info in members where info.site != site && info.isUp {
            up[info.site, default: []].insert(info.node)
            endpoints[info.site] = info.endpoint
        }
        var out: [ReplicationDirective<DirectoryItem>] = []
        for peer in Set(up.keys).union(upLives.keys).sorted() {
            let before = upLives[peer] ?? []
            let after = up[peer] ?? []
            if !before.isEmpty && (after.isEmpty || before.isDisjoint(with: after)) {
                out += instance.onPeerDown(peer)
            }
            if !after.isEmpty && (before.isEmpty || before.isDisjoint(with: after)) {
                do {
                    out += try instance.onPeerUp(peer, nowMs: clock.nowMs())
                } catch {
                    logger.error("directory replication peer refused", metadata: ["peer": "\(peer)", "error": "\(error)"])
                }
            }
            upLives[peer] = after.isEmpty ? nil : after
        }
        await execute(out)
    }

    /// Handles one inbound `replication.directory.*` message from the peer the transport
    /// authenticated; malformed ones (a bad payload, a record whose key or version does not
    /// match it, an invalid record) are logged and counted, never applied.
    public func receive(_ inbound: InboundMessage) async {
        stats.received += 1
        guard loaded, !stopped else { return } // the sender retransmits; anti-entropy repairs
        let message: ReplicationMessage<DirectoryItem>
        do {
            message = try ClusterWire.decodeDirectoryReplication(inbound.message)
        } catch {
            reject(from: inbound.from.site, "\(error)")
            return
        }
        if let why = Self.malformation(of: message) {
            reject(from: inbound.from.site, why)
            return
        }
        endpoints[inbound.from.site] = inbound.from.endpoint
        await execute(instance.onMessage(from: inbound.from.site, message, nowMs: clock.nowMs()))
    }

    static func malformation(of message: ReplicationMessage<DirectoryItem>) -> String? {
        let items: [DirectoryItem]
        switch message {
        case .delta(_, _, _, let carried): items = carried
        case .items(let carried): items = carried
        default: items = []
        }
        return items.lazy.compactMap(\.malformation).first
    }

    func reject(from peer: ReplicaID, _ why: String) {
        stats.rejected += 1
        Counter(label: "courtyard_directory_replication_rejected_total").increment()
        logger.warning("directory replication message rejected", metadata: ["from": "\(peer)", "error": "\(why)"])
    }

    // MARK: Directives

    func execute(_ directives: [ReplicationDirective<DirectoryItem>]) async {
        for directive in directives {
            switch directive {
            case .send(let peer, let message):
                await send(message, to: peer)
            case .persist(let items):
                await persist(items)
            case .scheduleTimer(let atMs):
                if timers.schedule(0, atMs: atMs) { wake.signal() }
            case .writeSatisfied, .writeFailed:
                break // local writes only: the core satisfies them at once
            case .rejected(let peer, let error):
                reject(from: peer, "\(error)")
            }
        }
    }

    private func send(_ message: ReplicationMessage<DirectoryItem>, to peer: ReplicaID) async {
        guard let endpoint = endpoints[peer] else {
            stats.sendFailures += 1
            return
        }
        do {
            try await transport.send(try ClusterWire.encode(message), to: endpoint, lane: .bulk)
            stats.sent += 1
        } catch {
            // Best effort: the core retransmits unacknowledged deltas and anti-entropy repairs.
            stats.sendFailures += 1
            logger.debug("directory replication send failed", metadata: ["to": "\(peer)", "error": "\(error)"])
        }
    }

    /// Persist before ack: the received records are applied in one transaction (last
    /// writer wins, so an older or repeated record changes nothing), then the core may
    /// acknowledge them.
    private func persist(_ items: [DirectoryItem]) async {
        do {
            _ = try await store.apply(DirectoryEntry.batch(of: items))
            stats.persistedRecords += items.count
            await execute(instance.onPersisted(items))
        } catch {
            stats.persistFailures += 1
            Counter(label: "courtyard_directory_replication_persist_failed_total").increment()
            logger.error("persisting replicated directory records failed",
                         metadata: ["error": "\(error)", "count": "\(items.count)"])
            await execute(instance.onPersistFailed(items))
        }
    }
}
