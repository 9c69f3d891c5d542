import CourtyardCRDT
import CourtyardDomain
import CourtyardMembership
import CourtyardReplication
@testable import CourtyardRuntime
import Logging
import Synchronization
import Testing

// Test support for the cluster runtime: a manual clock, an in-memory network and a harness
// that runs real ClusterNodes over them. Time only moves when a test advances it.

// MARK: - ManualClock

/// A `Clock` that moves only when told to; sleepers wake in deadline order.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by d: Duration) -> Instant { Instant(offset: offset + d) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var idNext: UInt64 = 0
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .milliseconds(1) }
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { s -> UInt64 in
            s.idNext += 1
            return s.idNext
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { s -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= s.now { return .success(()) }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: c))
                    return nil
                }
                if let outcome { c.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper now due.
    func advance(by d: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: d)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}

// MARK: - ClusterTestNetwork

/// An in-memory network: per-endpoint queues, one consumer each. A detached endpoint (a
/// crashed node) refuses sends and ends its consumer's stream.
final class ClusterTestNetwork: Sendable {
    private struct Mailbox {
        var identity: PeerIdentity
        var generation: UInt64
        var queue: [InboundMessage] = []
        var waiter: CheckedContinuation<InboundMessage?, Never>?
    }

    private struct State {
        var mailboxes: [Endpoint: Mailbox] = [:]
        var generationNext: UInt64 = 0
        var delivered = 0
        var pulled = 0
        var dropped = 0
    }

    static let queueMax = 50_000
    private let state = Mutex(State())

    /// Messages queued but not yet taken by their consumer.
    var inFlight: Int { state.withLock { $0.delivered - $0.pulled - $0.dropped } }

    func attach(_ identity: PeerIdentity) -> ClusterTestTransport {
        let generation = state.withLock { s -> UInt64 in
            s.generationNext += 1
            s.mailboxes[identity.endpoint] = Mailbox(identity: identity, generation: s.generationNext)
            return s.generationNext
        }
        return ClusterTestTransport(network: self, identity: identity, generation: generation)
    }

    /// Takes the endpoint off the network: queued messages are lost, sends fail.
    func detach(_ endpoint: Endpoint) {
        let waiter = state.withLock { s -> CheckedContinuation<InboundMessage?, Never>? in
            guard let box = s.mailboxes.removeValue(forKey: endpoint) else { return nil }
            s.dropped += box.queue.count
            return box.waiter
        }
        waiter?.resume(returning: nil)
    }

    func deliver(_ message: WireMessage, from: PeerIdentity, to endpoint: Endpoint,
                 lane: TransportLane) throws(TransportError) {
        let inbound = InboundMessage(from: from, lane: lane, message: message)
        let result = state.withLock { s -> Result<CheckedContinuation<InboundMessage?, Never>?, TransportError> in
            guard var box = s.mailboxes[endpoint] else { return .failure(TransportError(.unreachable, "no node at \(endpoint)")) }
            guard box.queue.count < Self.queueMax else { return .failure(TransportError(.backpressure, "queue full")) }
            s.delivered += 1
            if let waiter = box.waiter {
                box.waiter = nil
                s.pulled += 1
                s.mailboxes[endpoint] = box
                return .success(waiter)
            }
            box.queue.append(inbound)
            s.mailboxes[endpoint] = box
            return .success(nil)
        }
        switch result {
        case .success(let waiter): waiter?.resume(returning: inbound)
        case .failure(let error): throw error
        }
    }

    func next(for endpoint: Endpoint, generation: UInt64) async -> InboundMessage? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<InboundMessage?, Never>) in
                let ready = state.withLock { s -> InboundMessage?? in
                    guard var box = s.mailboxes[endpoint], box.generation == generation, !Task.isCancelled else {
                        return .some(nil)
                    }
                    if !box.queue.isEmpty {
                        s.pulled += 1
                        let first = box.queue.removeFirst()
                        s.mailboxes[endpoint] = box
                        return .some(first)
                    }
                    box.waiter = c
                    s.mailboxes[endpoint] = box
                    return .none
                }
                if let ready { c.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<InboundMessage?, Never>? in
                guard var box = s.mailboxes[endpoint], box.generation == generation else { return nil }
                defer { box.waiter = nil; s.mailboxes[endpoint] = box }
                return box.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}

struct ClusterTestTransport: MessageTransport {
    let network: ClusterTestNetwork
    let identity: PeerIdentity
    let generation: UInt64

    func send(_ message: WireMessage, to endpoint: Endpoint, lane: TransportLane) async throws(TransportError) {
        try network.deliver(message, from: identity, to: endpoint, lane: lane)
    }

    var inbound: AsyncStream<InboundMessage> {
        let network = self.network, endpoint = identity.endpoint, generation = self.generation
        return AsyncStream { await network.next(for: endpoint, generation: generation) }
    }
}

// MARK: - Clock and network tests

final class WakeRecorder: Sendable {
    private let state = Mutex<[Int]>([])
    var values: [Int] { state.withLock { $0 } }
    func append(_ value: Int) { state.withLock { $0.append(value) } }
}

@Test func manualClock_advance_wakesOnlyDueSleepersInDeadlineOrder() async throws {
    let clock = ManualClock()
    let start = clock.now
    let woke = WakeRecorder()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for ms in [30, 10, 20] {
            group.addTask {
                try await clock.sleep(until: start.advanced(by: .milliseconds(ms)), tolerance: nil)
                woke.append(ms)
            }
        }
        while clock.sleeperCount < 3 { await Task.yield() }
        clock.advance(by: .milliseconds(15))
        while woke.values.count < 1 { await Task.yield() }
        #expect(woke.values == [10])
        #expect(clock.sleeperCount == 2)
        clock.advance(by: .milliseconds(20))
        try await group.waitForAll()
    }
    #expect(Set(woke.values) == [10, 20, 30])
}

@Test func manualClock_cancelledSleeper_throwsAndLeavesNoSleeper() async {
    let clock = ManualClock()
    let task = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(5)), tolerance: nil) }
    while clock.sleeperCount < 1 { await Task.yield() }
    task.cancel()
    let result = await task.result
    #expect(throws: CancellationError.self) { try result.get() }
    #expect(clock.sleeperCount == 0)
}
