import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
@testable import CourtyardRuntime
import Logging
import Synchronization
import Testing

// MARK: - ClusterTestHarness

/// Runs real `ClusterNode`s (with a `TicketService` and an in-memory store each) over the
/// in-memory network and the manual clock. Scenario tests read like a script:
/// `try await h.start("north")`, `await h.crash("north")`, `await h.run(forMs: 2_000)`.
final class ClusterTestHarness {
    struct RunningNode {
        let site: ReplicaID
        let node: ClusterNode
        let faults: FaultSwitch
        let tickets: TicketService
        let store: InMemoryTicketStore
        /// This node's own directory, replicated, when started with one (else the shared one).
        let directoryStore: InMemoryDirectoryStore?
        let directory: DirectoryService
        let task: Task<Void, any Error>
    }

    let clock = ManualClock()
    let wall = ManualWallClock(nowMs: march2026Ms)
    let network = ClusterTestNetwork()
    let directory = InMemoryDirectoryStore()
    let seedEndpoint = Endpoint(host: "hq", port: 7946)
    private(set) var nodes: [String: RunningNode] = [:]
    private var seedNext: UInt64 = 1_000
    /// Virtual milliseconds moved per step.
    let stepMs: Int64 = 20

    static let membershipSettings: MembershipSettings = {
        var s = MembershipSettings()
        s.probeIntervalMs = 500
        s.probeTimeoutMs = 200
        s.suspicionTimeoutMinMs = 1_000
        s.suspicionTimeoutMaxMs = 3_000
        s.stableAfterMs = 1_000
        s.pushPullIntervalMs = 2_000
        s.joinRetryIntervalMs = 500
        return s
    }()

    var nowMs: Int64 { MillisecondClock.milliseconds(ManualClock.Instant(offset: .zero).duration(to: clock.now)) }

    /// Starts the node of `site` (on `site:7946`, joining through hq), with a fresh life.
    @discardableResult
    func start(_ site: String, code: String? = nil, store: InMemoryTicketStore = InMemoryTicketStore(),
               directoryStore: InMemoryDirectoryStore? = nil) throws -> RunningNode {
        seedNext += 1
        let random = SeededRandom(seed: seedNext)
        let environment = NodeEnvironment(clock: clock, wallClock: wall, random: random,
                                          logger: Logger(label: "cluster-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let identity = PeerIdentity(site: ReplicaID(site), endpoint: Endpoint(host: site, port: 7946),
                                    incarnation: random.next())
        let faults = FaultSwitch(wrapping: network.attach(identity), random: random)
        var configuration = ClusterNode.Configuration(
            seeds: [seedEndpoint], membership: Self.membershipSettings,
            replication: ReplicationShellSettings(config: ReplicationConfig(replica: ReplicaID(site))))
        configuration.replication.config.writeTimeoutMs = 2_000
        let node = try ClusterNode(configuration: configuration, transport: faults, store: store,
                                   directoryStore: directoryStore, environment: environment)
        let tickets = TicketService(configuration: .init(site: ReplicaID(site), siteCode: code ?? site.uppercased()),
                                    store: store, directory: directory, environment: environment,
                                    onCommitted: node.commitHook)
        let directory = DirectoryService(site: ReplicaID(site), store: directoryStore ?? self.directory, tickets: store,
                                         environment: environment, onCommitted: node.directoryCommitHook)
        let task = Task { try await node.run() }
        let running = RunningNode(site: ReplicaID(site), node: node, faults: faults, tickets: tickets, store: store,
                                  directoryStore: directoryStore, directory: directory, task: task)
        nodes[site] = running
        return running
    }

    func starting(_ sites: [String]) throws -> Self {
        for site in sites { try start(site) }
        return self
    }

    subscript(site: String) -> RunningNode {
        guard let node = nodes[site] else { preconditionFailure("no node \(site)") }
        return node
    }

    /// Stops the node abruptly: off the network, its tasks cancelled; its store survives.
    func crash(_ site: String) async {
        guard let running = nodes.removeValue(forKey: site) else { return }
        network.detach(running.node.myself.endpoint)
        running.task.cancel()
        _ = await running.task.result
    }

    func stopAll() async {
        for site in nodes.keys.sorted() { await crash(site) }
    }

    // MARK: Time

    /// Lets every woken task run until the network and the dispatchers are idle.
    func settle() async {
        var quiet = 0
        for _ in 0..<5_000 where quiet < 3 {
            for _ in 0..<4 { await Task.yield() }
            let busy = network.inFlight > 0 || nodes.values.contains { $0.node.dispatchStats.inFlight > 0 }
            quiet = busy ? 0 : quiet + 1
        }
    }

    /// Advances virtual time by `ms`, one step at a time, settling after each step.
    func run(forMs ms: Int64) async {
        var elapsed: Int64 = 0
        while elapsed < ms {
            clock.advance(by: .milliseconds(stepMs))
            wall.advance(byMs: stepMs)
            elapsed += stepMs
            await settle()
        }
    }

    /// Advances time until `condition` holds; returns the virtual ms it took, or nil when
    /// it did not hold within `withinMs`.
    func run(untilWithinMs withinMs: Int64, _ condition: () async -> Bool) async -> Int64? {
        await settle()
        var elapsed: Int64 = 0
        while true {
            if await condition() { return elapsed }
            guard elapsed < withinMs else { return nil }
            await run(forMs: stepMs)
            elapsed += stepMs
        }
    }

    // MARK: Views

    /// Whether `site` sees exactly `others` alive (besides itself), one life each.
    func sees(_ site: String, alive others: [String]) async -> Bool {
        let members = await self[site].node.members()
        let alive = members.filter { $0.kind == .alive && $0.site != ReplicaID(site) }.map(\.site.rawValue).sorted()
        return alive == others.sorted()
    }

    func allSeeEachOther() async -> Bool {
        let sites = nodes.keys.sorted()
        for site in sites where !(await sees(site, alive: sites.filter { $0 != site })) { return false }
        return true
    }

    /// Every event id in `store`, sorted.
    static func eventIDs(_ store: InMemoryTicketStore) async -> [EventID] {
        var ids: [EventID] = []
        var offset = 0
        while true {
            let page = (try? await store.tickets(TicketQuery(limit: TicketQuery.limitMax, offset: offset)))
                ?? TicketPage(tickets: [], total: 0)
            for ticket in page.tickets { ids += ((try? await store.events(of: ticket.id)) ?? []).map(\.id) }
            offset += page.tickets.count
            if page.tickets.isEmpty || offset >= page.total { break }
        }
        return ids.sorted()
    }

    /// Whether every running node's store holds the same non-empty event set, of `count` when given.
    func storesConverged(count: Int? = nil) async -> Bool {
        var sets: [[EventID]] = []
        for site in nodes.keys.sorted() { sets.append(await Self.eventIDs(self[site].store)) }
        guard let first = sets.first, !first.isEmpty else { return false }
        if let count, first.count != count { return false }
        return sets.allSatisfy { $0 == first }
    }

    /// Creates a ticket through `site`'s service; returns its id.
    @discardableResult
    func createTicket(at site: String, _ title: String = "厨房水龙头漏水") async throws -> TicketState {
        try await self[site].tickets.create(draft: repairDraft(title), actor: "agent-\(site)")
    }
}

// MARK: - Unit tests of the shells' parts

@Test func clusterWire_membershipMessage_roundTripsAndRefusesMismatchedType() throws {
    let a = NodeID(site: ReplicaID("hq"), endpoint: Endpoint(host: "hq", port: 7946), incarnation: 7)
    let b = NodeID(site: ReplicaID("north"), endpoint: Endpoint(host: "north", port: 7946), incarnation: 9)
    let message = MembershipMessage(from: a, to: b, kind: .ping(seq: 3), gossip: [MembershipUpdate(node: a, status: .alive(incarnation: 0))])
    let wire = try ClusterWire.encode(message)
    #expect(wire.type == "membership.ping")
    #expect(try ClusterWire.decodeMembership(wire) == message)
    var forged = wire
    forged.type = "membership.ack"
    #expect(throws: ClusterWireError.self) { try ClusterWire.decodeMembership(forged) }
    #expect(throws: ClusterWireError.self) { try ClusterWire.decodeMembership(WireMessage(type: "membership.ping", payload: Array("{".utf8))) }
}

@Test func clusterWire_allTypes_fitTheTransportTypeLimit() {
    #expect(ClusterWire.allTypes.count == 25)
    #expect(ClusterWire.allTypes.allSatisfy { $0.utf8.count <= WireMessage.typeBytesMax })
}

@Test func timerQueue_popsDueTimersInDueOrder_andDropsLatestBeyondCapacity() {
    var q = TimerQueue<String>(capacity: 3)
    let firstB = q.schedule("b", atMs: 20)
    let firstC = q.schedule("c", atMs: 30)
    let firstA = q.schedule("a", atMs: 10)
    #expect(firstB && !firstC && firstA)
    q.schedule("late", atMs: 99)
    #expect(q.dropped == 1)
    #expect(q.popDue(nowMs: 20) == ["a", "b"])
    #expect(q.nextDueMs == 30)
}

@Test func ackLedger_creditsEventsOfAckedSequencesOnly_andIgnoresRetransmissions() {
    let e1 = EventID(hlc: HLCTimestamp(wallMs: 1, logical: 0), origin: ReplicaID("hq"))
    let e2 = EventID(hlc: HLCTimestamp(wallMs: 2, logical: 0), origin: ReplicaID("hq"))
    var ledger = AckLedger(eventsMax: 10, seqsPerPeerMax: 10)
    ledger.track([e1, e2])
    ledger.sent(seq: 1, events: [e1], to: ReplicaID("north"))
    ledger.sent(seq: 2, events: [e2], to: ReplicaID("north"))
    ledger.sent(seq: 1, events: [e1], to: ReplicaID("north")) // a retransmission
    let first = ledger.acked(upTo: 1, by: ReplicaID("north"))
    #expect(first == [e1])
    #expect(ledger.peers(holding: e1) == [ReplicaID("north")])
    #expect(ledger.peers(holding: e2).isEmpty)
    let second = ledger.acked(upTo: 2, by: ReplicaID("north"))
    let again = ledger.acked(upTo: 2, by: ReplicaID("north"))
    #expect(second == [e2] && again.isEmpty)
}

// MARK: - The TicketService hook

final class CommittedRecorder: Sendable {
    private let state = Mutex<[EventID]>([])
    var ids: [EventID] { state.withLock { $0 } }
    func record(_ events: [TicketEvent]) { state.withLock { $0 += events.map(\.id) } }
}

@Test func ticketService_onCommitted_reportsCommittedEventsOnly_notFailedAppends() async throws {
    let harness = Harness()
    let recorder = CommittedRecorder()
    let service = TicketService(configuration: .init(site: ReplicaID("north-bay"), siteCode: "NB"),
                                store: harness.store, directory: harness.directory,
                                environment: harness.environment, onCommitted: { recorder.record($0) })
    let ticket = try await service.create(draft: repairDraft(), actor: "agent-1")
    #expect(recorder.ids == ticket.frontier.sorted())
    struct DiskFull: Error {}
    await harness.store.failNextAppend(with: DiskFull())
    await #expect(throws: ServiceError.self) {
        _ = try await service.append(ticket: ticket.id, body: .note(ProgressNote(text: "复查")), actor: "agent-1")
    }
    #expect(recorder.ids.count == 1, "a failed append must not be reported")
}
