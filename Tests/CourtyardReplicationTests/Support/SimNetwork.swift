import CourtyardCRDT
@testable import CourtyardReplication

/// Network faults, drawn from the network's seeded generator.
struct Faults {
    var dropRate = 0.0
    var duplicateRate = 0.0
    /// Per-message delay; a wide range reorders messages.
    var delayMs: ClosedRange<Int64> = 1...1
}

/// An in-test network of replication instances on virtual time: one seeded generator for
/// every fault, an event queue ordered by (time, insertion), simulated disks that confirm
/// persistence after `persistDelayMs`. It also checks, on every message, the byte bound and
/// persist-before-ack.
struct SimNetwork {
    typealias Instance = ReplicationInstance<TestItem>
    typealias Message = ReplicationMessage<TestItem>

    enum Event {
        case deliver(from: ReplicaID, to: ReplicaID, Message)
        case tick(ReplicaID)
        case persisted(ReplicaID, [TestItem])
    }

    let ids: [ReplicaID]
    private(set) var nodes: [ReplicaID: Instance] = [:]
    private(set) var nowMs: Int64 = 0
    var faults: Faults
    var persistDelayMs: Int64 = 2
    /// Drops chosen messages deterministically (e.g. "the first delta to north-bay").
    var dropFilter: ((ReplicaID, ReplicaID, Message) -> Bool)?

    private var rng: SplitMix64
    private var queue: [(atMs: Int64, order: UInt64, event: Event)] = []
    private var order: UInt64 = 0
    private var cut: Set<[ReplicaID]> = []
    private var writeCounter: UInt32 = 0

    /// One line per message sent, dropped or delivered: the determinism check compares these.
    private(set) var trace: [String] = []
    /// Items each node confirmed durable (local writes and persisted receipts).
    private(set) var durable: [ReplicaID: Set<EventID>] = [:]
    /// Deltas each node received, by (receiver, sender, epoch, seq).
    private var receivedDeltas: [String: [EventID]] = [:]
    /// The highest floor each receiver saw from each sender: below it the sender holds
    /// nothing (acknowledged or evicted to full-state fallback), so no ack can credit it.
    private var floorsSeen: [String: UInt64] = [:]
    private(set) var violations: [String] = []
    private(set) var outcomes: [ReplicaID: [WriteID: ReplicationDirective<TestItem>]] = [:]
    private(set) var rejections: [String] = []
    private(set) var messageCounts: [String: Int] = [:]
    private(set) var maxMessageBytes = 0

    init(_ names: [String], seed: UInt64, faults: Faults = Faults(),
         configure: (inout ReplicationConfig) -> Void = { _ in }) throws {
        ids = names.map(ReplicaID.init).sorted()
        rng = SplitMix64(seed: seed)
        self.faults = faults
        for (i, id) in ids.enumerated() {
            var config = ReplicationConfig(replica: id)
            configure(&config)
            nodes[id] = try Instance(config: config, epoch: 1)
            durable[id] = []
            schedule(at: config.tickIntervalMs + Int64(i), .tick(id))
        }
        for a in ids { for b in ids where a != b { try peerUp(b, at: a) } }
    }

    subscript(_ name: String) -> Instance { nodes[ReplicaID(name)]! }

    // MARK: Script

    /// Writes `keys.count` fresh items at `node`, one per key; returns the write id.
    @discardableResult
    mutating func write(at node: String, keys: [String], consistency: ConsistencyLevel = .local,
                        timeoutMs: Int64? = nil) throws -> WriteID {
        let id = ReplicaID(node)
        let items = keys.map { key -> TestItem in
            writeCounter += 1
            return TestItem(key: key, itemID: EventID(hlc: HLCTimestamp(wallMs: nowMs, logical: writeCounter), origin: id),
                            payload: "\(node) 写入 \(key) #\(writeCounter)")
        }
        let (write, directives) = try nodes[id]!.onLocalWrite(items, consistency: consistency, nowMs: nowMs, timeoutMs: timeoutMs)
        durable[id, default: []].formUnion(items.map(\.itemID))
        execute(directives, at: id)
        return write
    }

    /// Cuts every link between the two groups (both ways) and tells membership on both sides.
    mutating func partition(_ group: [String], from other: [String]) {
        for a in group.map(ReplicaID.init) {
            for b in other.map(ReplicaID.init) {
                cut.insert([a, b])
                cut.insert([b, a])
                execute(nodes[a]!.onPeerDown(b), at: a)
                execute(nodes[b]!.onPeerDown(a), at: b)
            }
        }
    }

    /// Restores every link and tells membership.
    mutating func heal() throws {
        let pairs = cut.sorted { $0.lexicographicallyPrecedes($1) }
        cut = []
        for pair in pairs { try peerUp(pair[1], at: pair[0]) }
    }

    mutating func peerUp(_ peer: ReplicaID, at node: ReplicaID) throws {
        let directives = try nodes[node]!.onPeerUp(peer, nowMs: nowMs)
        execute(directives, at: node)
    }

    /// Processes events up to `untilMs`.
    mutating func run(untilMs: Int64) {
        while let next = queue.first, next.atMs <= untilMs {
            queue.removeFirst()
            nowMs = next.atMs
            handle(next.event)
        }
        nowMs = max(nowMs, untilMs)
    }

    mutating func run(forMs: Int64) { run(untilMs: nowMs + forMs) }

    /// Runs in steps until every node holds the same items and nothing awaits persistence.
    mutating func runUntilConverged(maxMs: Int64, stepMs: Int64 = 250) -> Bool {
        let end = nowMs + maxMs
        while nowMs < end {
            run(forMs: stepMs)
            if isConverged { return true }
        }
        return isConverged
    }

    var isConverged: Bool {
        let states = ids.map { nodes[$0]!.store.allItems }
        return states.allSatisfy { $0 == states[0] } && ids.allSatisfy { nodes[$0]!.pendingPersistCount == 0 }
    }

    var allWrittenIDs: Set<EventID> { durable.values.reduce(into: []) { $0.formUnion($1) } }

    // MARK: Engine

    private mutating func schedule(at atMs: Int64, _ event: Event) {
        order += 1
        let entry = (atMs: atMs, order: order, event: event)
        let index = queue.firstIndex { ($0.atMs, $0.order) > (atMs, order) } ?? queue.endIndex
        queue.insert(entry, at: index)
    }

    private mutating func handle(_ event: Event) {
        switch event {
        case .tick(let node):
            execute(nodes[node]!.onTick(nowMs: nowMs, rng: &rng), at: node)
        case .persisted(let node, let items):
            durable[node, default: []].formUnion(items.map(\.itemID))
            execute(nodes[node]!.onPersisted(items), at: node)
        case .deliver(let from, let to, let message):
            if cut.contains([from, to]) {
                trace.append("\(nowMs) \(from)>\(to) \(message.kind) lost-in-partition")
                return
            }
            trace.append("\(nowMs) \(from)>\(to) \(Self.label(message)) delivered")
            if case .delta(let e, let seq, let floor, let items) = message {
                receivedDeltas["\(to)<\(from)#\(e)#\(seq)"] = items.map(\.itemID)
                floorsSeen["\(to)<\(from)#\(e)", default: 0] = max(floorsSeen["\(to)<\(from)#\(e)", default: 0], floor)
            }
            execute(nodes[to]!.onMessage(from: from, message, nowMs: nowMs), at: to)
        }
    }

    private mutating func execute(_ directives: [ReplicationDirective<TestItem>], at node: ReplicaID) {
        for d in directives {
            switch d {
            case .send(let to, let message): send(message, from: node, to: to)
            case .persist(let items): schedule(at: nowMs + persistDelayMs, .persisted(node, items))
            case .scheduleTimer(let atMs): schedule(at: atMs, .tick(node))
            case .writeSatisfied(let w), .writeFailed(let w, _): outcomes[node, default: [:]][w] = d
            case .rejected(let from, let error): rejections.append("\(node) rejected \(from): \(error)")
            }
        }
    }

    private mutating func send(_ message: Message, from: ReplicaID, to: ReplicaID) {
        messageCounts[message.kind, default: 0] += 1
        let bytes = message.estimatedBytes
        maxMessageBytes = max(maxMessageBytes, bytes)
        if bytes > nodes[from]!.config.chunkBytesMax {
            violations.append("\(from)>\(to) \(message.kind) estimated \(bytes) bytes > chunkBytesMax")
        }
        if let encoded = try? CRDTCodec.encode(message).count, encoded > bytes {
            violations.append("\(from)>\(to) \(message.kind) encodes to \(encoded) bytes > estimate \(bytes)")
        }
        if case .ack(let e, let seq) = message { checkAck(by: from, to: to, epoch: e, seq: seq) }
        if cut.contains([from, to]) || dropFilter?(from, to, message) == true || rng.unit() < faults.dropRate {
            trace.append("\(nowMs) \(from)>\(to) \(Self.label(message)) dropped")
            return
        }
        trace.append("\(nowMs) \(from)>\(to) \(Self.label(message)) sent \(bytes)")
        schedule(at: nowMs + rng.int(in: faults.delayMs), .deliver(from: from, to: to, message))
        if rng.unit() < faults.duplicateRate {
            schedule(at: nowMs + rng.int(in: faults.delayMs), .deliver(from: from, to: to, message))
        }
    }

    /// A message's kind with its sequence numbers, for the trace.
    static func label(_ message: Message) -> String {
        switch message {
        case .delta(let e, let seq, let floor, let items): "delta e\(e)#\(seq) floor \(floor) [\(items.map { "\($0.itemID)" }.joined(separator: ","))]"
        case .ack(let e, let seq): "ack e\(e)#\(seq)"
        case .nack(let e, let from, let through): "nack e\(e)#\(from)...\(through)"
        default: message.kind
        }
    }

    /// Persist-before-ack: every delta up to `seq` that `node` received from `peer` must
    /// hold only items `node` confirmed durable — except deltas below the sender's floor as
    /// `node` last saw it: the sender no longer buffers them, so this ack credits none of
    /// their writes (their keys travel by full-state fallback, which is not acknowledged).
    private mutating func checkAck(by node: ReplicaID, to peer: ReplicaID, epoch: UInt64, seq: UInt64) {
        let durableHere = durable[node] ?? []
        let floor = max(floorsSeen["\(node)<\(peer)#\(epoch)", default: 0], 1)
        for s in stride(from: seq, to: floor - 1, by: -1) {
            guard let ids = receivedDeltas["\(node)<\(peer)#\(epoch)#\(s)"] else { continue }
            for id in ids where !durableHere.contains(id) {
                violations.append("\(node) acked seq \(seq) to \(peer) before persisting \(id) (seq \(s))")
            }
        }
    }
}
