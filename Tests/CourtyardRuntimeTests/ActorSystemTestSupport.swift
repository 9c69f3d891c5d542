import CourtyardCallCenter
import CourtyardCRDT
import CourtyardMembership
import CourtyardRuntime
import Distributed
import Logging
import Synchronization

// MARK: - Manual clock

/// A `Clock` that moves only when a test advances it; sleepers wake in (deadline, arrival)
/// order. Tests wait for sleepers to be parked (`waitForSleepers`) instead of sleeping.
final class TestClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (due, watchers) = state.withLock { s -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if deadline <= s.now { return (true, []) }
                    s.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (false, Self.takeSatisfiedWatchers(&s))
                }
                watchers.forEach { $0.resume() }
                if due { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let due = state.withLock { s -> [CheckedContinuation<Void, any Error>] in
            s.now = s.now.advanced(by: duration)
            let now = s.now
            let ids = s.sleepers.filter { $0.value.deadline <= now }
                .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }.map(\.key)
            return ids.compactMap { s.sleepers.removeValue(forKey: $0)?.continuation }
        }
        due.forEach { $0.resume() }
    }

    /// Returns once at least `count` sleepers are parked.
    func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if s.sleepers.count >= count { return true }
                s.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private static func takeSatisfiedWatchers(_ s: inout State) -> [CheckedContinuation<Void, Never>] {
        let n = s.sleepers.count
        let ready = s.watchers.filter { $0.count <= n }.map(\.continuation)
        s.watchers.removeAll { $0.count <= n }
        return ready
    }
}

// MARK: - Cluster of nodes over an in-memory network

struct TestNode: Sendable {
    let identity: PeerIdentity
    let system: ClusterActorSystem
    let environment: NodeEnvironment
    let site: SiteNodeActor
    /// The system holds local actors weakly: the node keeps the ones tests create alive.
    let keeper = ActorKeeper()
}

final class ActorKeeper: Sendable {
    private let actors = Mutex<[any DistributedActor]>([])

    func keep(_ actor: any DistributedActor) {
        actors.withLock { $0.append(actor) }
    }
}

/// Nodes `a`, `b`, `c`... on one `InMemoryNetwork`, all sharing one `TestClock`.
struct TestCluster: Sendable {
    let network: InMemoryNetwork
    let clock: TestClock
    let wall: ManualWallClock
    let nodes: [TestNode]

    subscript(_ i: Int) -> TestNode { nodes[i] }

    /// Builds the nodes, runs their systems for the duration of `body`, then stops them.
    static func with(nodes count: Int = 2, settings: ClusterActorSystemSettings = ClusterActorSystemSettings(),
                     network: InMemoryNetwork = InMemoryNetwork(),
                     snapshot: (@Sendable (ReplicaID) async throws -> SiteSnapshot)? = nil,
                     reports: (@Sendable (ReplicaID) -> SiteCallReporter?)? = nil,
                     attachments: (@Sendable (ReplicaID) -> (any AttachmentStore)?)? = nil,
                     _ body: @Sendable (TestCluster) async throws -> Void) async throws {
        let clock = TestClock()
        let wall = ManualWallClock(nowMs: march2026Ms)
        let nodes = try (0..<count).map { i in
            try makeNode(index: i, network: network, clock: clock, wall: wall, settings: settings, snapshot: snapshot,
                         reports: reports, attachments: attachments)
        }
        let cluster = TestCluster(network: network, clock: clock, wall: wall, nodes: nodes)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes {
                group.addTask { await node.system.run() }
            }
            defer { group.cancelAll() }
            try await body(cluster)
        }
    }

    private static func makeNode(index: Int, network: InMemoryNetwork, clock: TestClock, wall: ManualWallClock,
                                 settings: ClusterActorSystemSettings,
                                 snapshot: (@Sendable (ReplicaID) async throws -> SiteSnapshot)?,
                                 reports: (@Sendable (ReplicaID) -> SiteCallReporter?)?,
                                 attachments: (@Sendable (ReplicaID) -> (any AttachmentStore)?)?) throws -> TestNode {
        let name = ["a", "b", "c", "d", "e"][index]
        let identity = PeerIdentity(site: ReplicaID("site-\(name)"), endpoint: Endpoint(host: "node-\(name)", port: 7000),
                                    incarnation: UInt64(1000 + index))
        let environment = NodeEnvironment(clock: clock, wallClock: wall, random: SeededRandom(seed: UInt64(index + 1)),
                                          logger: Logger(label: "test.\(name)"))
        let system = ClusterActorSystem(transport: network.makeTransport(identity: identity), environment: environment,
                                        settings: settings)
        system.allowGenericSubstitution(Int.self)
        system.allowRemoteError(RepairRefused.self)
        let provider = snapshot.map { take in { @Sendable () async throws -> SiteSnapshot in try await take(identity.site) } }
        let site = try SiteNodeActor.make(in: system, environment: environment,
                                          counts: { ["openTickets": 3, "agentsOnline": index] }, snapshot: provider,
                                          reports: reports?(identity.site), attachments: attachments?(identity.site))
        return TestNode(identity: identity, system: system, environment: environment, site: site)
    }
}

// MARK: - Test actors

struct WorkOrderSummary: Codable, Sendable, Hashable {
    var number: String
    var title: String
    var priority: Int
    var tags: [String]
    var assignee: String?
}

struct PlainFailure: Error, CustomStringConvertible {
    var description: String
}

/// A Codable error the test nodes allow to be rebuilt on the caller's side.
struct RepairRefused: Error, Codable, Hashable {
    var ticket: String
    var reason: String
}

/// A remote actor with functions of many shapes.
distributed actor EchoActor {
    typealias ActorSystem = ClusterActorSystem

    static let path = "/test/echo"

    private let clock: TestClock

    init(actorSystem: ClusterActorSystem, clock: TestClock) {
        self.actorSystem = actorSystem
        self.clock = clock
    }

    distributed func echo(_ text: String) -> String { text }
    distributed func add(_ a: Int, _ b: Int) -> Int { a + b }
    distributed func summarize(_ order: WorkOrderSummary, reassignTo: String?) -> WorkOrderSummary {
        var out = order
        out.assignee = reassignTo
        out.tags.append("已派单")
        return out
    }
    distributed func reversed(_ values: [Int]) -> [Int] { values.reversed() }
    distributed func find(_ key: Int?) -> String? { key.map { "工单-\($0)" } }
    distributed func generic<T: Codable & Sendable>(_ value: T) -> [T] { [value, value] }
    distributed func nothing() {}
    distributed func fail(_ message: String) throws -> Int { throw PlainFailure(description: message) }
    distributed func refuse(_ ticket: String) throws { throw RepairRefused(ticket: ticket, reason: "无人值班") }
    /// Never returns until cancelled: a callee that hangs (waits on the test clock).
    distributed func hang() async throws -> Int {
        try await clock.sleep(until: clock.now.advanced(by: .seconds(1_000_000)), tolerance: nil)
        return 0
    }
}

extension TestNode {
    @discardableResult
    func makeEcho(clock: TestClock) throws -> EchoActor {
        let echo = try system.makeActor(path: EchoActor.path) { EchoActor(actorSystem: system, clock: clock) }
        keeper.keep(echo)
        return echo
    }

    func echoProxy(on other: TestNode) throws -> EchoActor {
        try EchoActor.resolve(id: system.id(of: EchoActor.path, on: other.identity), using: system)
    }

    func siteProxy(on other: TestNode) throws -> SiteNodeActor {
        try SiteNodeActor.resolve(node: other.identity, using: system)
    }
}

/// The `RemoteCallError` kind thrown by `body`, or nil if it threw something else or nothing.
func remoteErrorKind(_ body: () async throws -> Void) async -> RemoteCallError.Kind? {
    do {
        try await body()
        return nil
    } catch let error as RemoteCallError {
        return error.kind
    } catch {
        return nil
    }
}
