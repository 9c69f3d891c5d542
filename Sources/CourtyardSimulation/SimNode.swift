import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication

// MARK: - SimNode

/// One simulated site node: the shell around the pure cores (membership, replication, HLC)
/// with its disk, its clock, its view of the ticket space and its escalation duty. The
/// simulator interprets the cores' directives for it.
public struct SimNode: Sendable {
    public let index: Int
    public let site: ReplicaID
    public let endpoint: Endpoint
    /// Starts so far (1 for the first); timers of older lives are ignored.
    public internal(set) var life: Int = 1
    public internal(set) var up = true
    public internal(set) var membership: MembershipInstance
    public internal(set) var replication: ReplicationInstance<TicketEvent>
    public internal(set) var hlc: HybridLogicalClock
    public internal(set) var clock: SimClock
    public internal(set) var disk = SimDisk()
    /// Sites this node's replication currently treats as up.
    var peersUp: Set<Int> = []
    /// Folded tickets this node holds, refreshed on every change.
    var tickets: [TicketID: TicketState] = [:]
    /// Tickets whose SLA clock runs (escalation candidates).
    var open: Set<TicketID> = []
    /// Local writes waiting for their consistency level.
    var pendingWrites: [WriteID: PendingWrite] = [:]
    /// The last HLC stamp of this life (the HLC checker's memory).
    var lastStamp: HLCTimestamp = .zero
    var ticketSequence = 0
    /// Remote timestamps refused because they ran too far ahead of this clock.
    public internal(set) var hlcRefusals = 0

    struct PendingWrite: Sendable {
        let events: [TicketEvent]
        let level: ConsistencyLevel
        let copiesNeeded: Int
    }

    static let membershipSettings = MembershipSettings()

    static func replicationConfig(site: ReplicaID, hq: ReplicaID?) -> ReplicationConfig {
        var c = ReplicationConfig(replica: site, hq: hq, deltaFanOut: 2)
        // A coarser tick than production (100 ms) keeps simulated hours cheap; retransmits
        // and anti-entropy keep their production intervals.
        c.tickIntervalMs = 250
        return c
    }

    init(index: Int, site: ReplicaID, hq: ReplicaID?, clock: SimClock, incarnation: UInt64) throws {
        self.index = index
        self.site = site
        self.endpoint = Endpoint(host: site.rawValue, port: 7946)
        self.clock = clock
        self.hlc = HybridLogicalClock()
        membership = try MembershipInstance(myself: NodeID(site: site, endpoint: endpoint, incarnation: incarnation),
                                            settings: Self.membershipSettings)
        replication = try ReplicationInstance(config: Self.replicationConfig(site: site, hq: hq), epoch: 1)
    }

    /// This node's wall clock at virtual time `virtualMs`.
    func nowMs(_ virtualMs: Int64) -> Int64 { clock.nowMs(virtualMs: virtualMs) }

    // MARK: Ticket view

    /// Refolds the tickets under `keys` from the replica store.
    mutating func refresh(_ keys: some Sequence<TicketID>) {
        for key in Set(keys).sorted() {
            guard let state = TicketState.fold(replication.store.items(for: key)) else { continue }
            tickets[key] = state
            if EscalationPlanner.runningStatuses.contains(state.status) { open.insert(key) } else { open.remove(key) }
        }
    }

    /// Rebuilds the whole view (after a restart).
    mutating func rebuildView() {
        tickets = [:]
        open = []
        refresh(replication.store.sortedKeys)
    }

    /// Sites this node sees as alive or suspect (itself included), as site names.
    func sitesSeenAlive() -> Set<String> {
        var out: Set<String> = [site.rawValue]
        for u in membership.view where u.status.kind == .alive || u.status.kind == .suspect {
            out.insert(u.node.site.rawValue)
        }
        return out
    }
}

// MARK: - Rendezvous order

/// Highest-random-weight order of sites for a key: the ticket's home first, then the
/// others by a stable hash of (site, key). Who runs a ticket's escalation timer when its
/// home is down, and where a call fails over.
enum Rendezvous {
    static func order(home: Int, key: String, sites: [String]) -> [Int] {
        let others = sites.indices.filter { $0 != home }
        let scored = others.map { i -> (UInt64, Int) in
            var h = TraceHash()
            h.add(sites[i])
            h.add(key)
            return (h.value, i)
        }
        return [home] + scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.1)
    }
}
