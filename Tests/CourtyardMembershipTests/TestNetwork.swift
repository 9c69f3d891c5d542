import CourtyardCRDT
import CourtyardMembership

// MARK: - SplitMix64

/// A small seeded generator: the only randomness of a test run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - TestNetwork

/// A tiny deterministic network of membership instances: virtual time that jumps to the
/// next event, message loss and partitions drawn from one seeded generator, timers fired
/// in time order. Every directive is recorded in `trace`.
struct TestNetwork {
    struct Node {
        var instance: MembershipInstance
        var life: Int
        var crashed = false
    }

    enum EventKind {
        case deliver(Endpoint, MembershipMessage)
        case timer(Endpoint, life: Int, MembershipTimer)
    }

    struct Event {
        let atMs: Int64
        let order: UInt64
        let kind: EventKind
    }

    /// A status change as one node saw it.
    struct Change: Equatable {
        let atMs: Int64
        let observer: NodeID
        let member: NodeID
        let to: MemberStatus.Kind
    }

    let settings: MembershipSettings
    var nowMs: Int64 = 0
    var rng: SplitMix64
    var nodes: [Node] = []
    var events: [Event] = []
    var orderNext: UInt64 = 0
    var lossPercent = 0
    var blocked: Set<[Int]> = [] // [from, to] index pairs
    var trace: [String] = []
    var changes: [Change] = []
    var quorumReports: [(atMs: Int64, node: Int, side: QuorumSide)] = []
    var delivered: [MembershipMessage] = []
    var refused: [MembershipError] = []

    init(size: Int, seed: UInt64, settings: MembershipSettings = MembershipSettings()) {
        self.settings = settings
        self.rng = SplitMix64(seed: seed)
        for i in 0..<size {
            let id = NodeID.start(site: ReplicaID("site-\(i)"), endpoint: Self.endpoint(i), using: &rng)
            nodes.append(Node(instance: try! MembershipInstance(myself: id, settings: settings), life: 0))
        }
    }

    static func endpoint(_ i: Int) -> Endpoint { Endpoint(host: "10.0.0.\(i + 1)", port: 7946) }

    func id(_ i: Int) -> NodeID { nodes[i].instance.myself }
    func instance(_ i: Int) -> MembershipInstance { nodes[i].instance }
    func status(of i: Int, seenBy j: Int) -> MemberStatus? { nodes[j].instance.status(of: id(i)) }
    var indices: Range<Int> { nodes.indices }

    // MARK: Script

    /// Starts every node at the current time, each joining through node 0.
    mutating func startAll() {
        for i in nodes.indices { start(i) }
    }

    mutating func start(_ i: Int) {
        execute(i, nodes[i].instance.start(nowMs: nowMs, rng: &rng))
        if i != 0 { execute(i, nodes[i].instance.onJoin(seeds: [Self.endpoint(0)], nowMs: nowMs)) }
    }

    mutating func crash(_ i: Int) { nodes[i].crashed = true }

    /// Restarts node `i` on the same endpoint as a new life, joining through `seed`.
    mutating func restart(_ i: Int, seed: Int = 0) {
        let old = id(i)
        let new = NodeID.start(site: old.site, endpoint: old.endpoint, using: &rng)
        nodes[i] = Node(instance: try! MembershipInstance(myself: new, settings: settings), life: nodes[i].life + 1)
        execute(i, nodes[i].instance.start(nowMs: nowMs, rng: &rng))
        execute(i, nodes[i].instance.onJoin(seeds: [Self.endpoint(seed)], nowMs: nowMs))
    }

    mutating func leave(_ i: Int) { execute(i, nodes[i].instance.leave(nowMs: nowMs)) }

    mutating func partition(_ a: [Int], from b: [Int]) {
        for x in a { for y in b { blocked.insert([x, y]); blocked.insert([y, x]) } }
    }

    mutating func isolate(_ i: Int) { partition([i], from: nodes.indices.filter { $0 != i }) }

    mutating func heal() { blocked = [] }

    // MARK: Running

    /// Processes events in time order until `untilMs`, calling `observe` after each.
    mutating func run(untilMs: Int64, observe: (TestNetwork) -> Void = { _ in }) {
        while let next = events.indices.min(by: { (events[$0].atMs, events[$0].order) < (events[$1].atMs, events[$1].order) }),
              events[next].atMs <= untilMs {
            let event = events.remove(at: next)
            nowMs = event.atMs
            handle(event.kind)
            observe(self)
        }
        nowMs = untilMs
    }

    mutating func run(forMs: Int64, observe: (TestNetwork) -> Void = { _ in }) {
        run(untilMs: nowMs + forMs, observe: observe)
    }

    private mutating func handle(_ kind: EventKind) {
        switch kind {
        case .deliver(let endpoint, let message):
            guard let i = index(of: endpoint), !nodes[i].crashed else { return }
            delivered.append(message)
            do {
                execute(i, try nodes[i].instance.receive(message, nowMs: nowMs))
            } catch {
                refused.append(error)
            }
        case .timer(let endpoint, let life, let timer):
            guard let i = index(of: endpoint), nodes[i].life == life, !nodes[i].crashed else { return }
            execute(i, nodes[i].instance.onTimer(timer, nowMs: nowMs, rng: &rng))
        }
    }

    private func index(of endpoint: Endpoint) -> Int? {
        nodes.firstIndex { $0.instance.myself.endpoint == endpoint }
    }

    private mutating func execute(_ i: Int, _ directives: [MembershipDirective]) {
        for directive in directives {
            trace.append("\(nowMs) n\(i) \(directive)")
            switch directive {
            case .send(let to, let message), .pushPull(let to, let message):
                send(from: i, to: to.endpoint, message)
            case .sendToEndpoint(let endpoint, let message):
                send(from: i, to: endpoint, message)
            case .scheduleTimer(let timer, let atMs):
                enqueue(atMs: atMs, .timer(id(i).endpoint, life: nodes[i].life, timer))
            case .statusChanged(let member, _, let to):
                changes.append(Change(atMs: nowMs, observer: id(i), member: member, to: to.kind))
            case .quorumChanged(let side):
                quorumReports.append((nowMs, i, side))
            }
        }
    }

    private mutating func send(from i: Int, to endpoint: Endpoint, _ message: MembershipMessage) {
        guard let j = index(of: endpoint), !nodes[i].crashed else { return }
        guard !blocked.contains([i, j]) else { return }
        if lossPercent > 0, Int(rng.next() % 100) < lossPercent { return }
        let delayMs = Int64(1 + rng.next() % 10)
        enqueue(atMs: nowMs + delayMs, .deliver(endpoint, message))
    }

    private mutating func enqueue(atMs: Int64, _ kind: EventKind) {
        orderNext += 1
        events.append(Event(atMs: max(atMs, nowMs), order: orderNext, kind: kind))
    }

    // MARK: Queries

    /// Changes seen about `member`, optionally to one kind.
    func changes(about member: NodeID, to kind: MemberStatus.Kind? = nil) -> [Change] {
        changes.filter { $0.member == member && (kind == nil || $0.to == kind) }
    }
}
