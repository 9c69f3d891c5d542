import CourtyardCRDT
import CourtyardDomain
import Synchronization

// MARK: - SimDurableLog

/// A site's disk in an actor-simulation run: the committed ticket events, in commit order,
/// which survive a crash; and the writes in progress, which a crash resolves one way or the
/// other (a seeded coin per write: its transaction either reached the disk without being
/// acknowledged, or was lost). The log outlives every life of its node.
///
/// Faults: while `failing` is set, writes fail (a disk error, or a full disk).
public final class SimDurableLog: Sendable {
    public enum Failure: String, Sendable, Hashable {
        case ioError = "disk I/O error"
        case full = "disk full"
    }

    struct Pending {
        let id: UInt64
        let events: [TicketEvent]
    }

    struct State {
        var committed: [TicketEvent] = []
        var committedIDs: Set<EventID> = []
        var pending: [Pending] = []
        var nextPending: UInt64 = 1
        var failing: Failure?
        var tornWritesKept = 0
        var tornWritesLost = 0
    }

    let state = Mutex(State())

    public init() {}

    /// Every committed event, in commit order.
    public var committed: [TicketEvent] { state.withLock { $0.committed } }
    public var committedIDs: Set<EventID> { state.withLock { $0.committedIDs } }
    public func contains(_ id: EventID) -> Bool { state.withLock { $0.committedIDs.contains(id) } }

    public var failing: Failure? {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }

    /// Starts a write; throws while the disk is failing.
    func begin(_ events: [TicketEvent]) throws(SimDiskError) -> UInt64 {
        try state.withLock { s throws(SimDiskError) -> UInt64 in
            if let failure = s.failing { throw SimDiskError(failure: failure) }
            let id = s.nextPending
            s.nextPending += 1
            s.pending.append(Pending(id: id, events: events))
            return id
        }
    }

    /// Makes the write durable (its events not already on disk are appended).
    func commit(_ id: UInt64) {
        state.withLock { s in
            guard let i = s.pending.firstIndex(where: { $0.id == id }) else { return }
            let write = s.pending.remove(at: i)
            s.append(write.events)
        }
    }

    /// Abandons a write that failed before reaching the disk.
    func abort(_ id: UInt64) {
        state.withLock { s in s.pending.removeAll { $0.id == id } }
    }

    /// The node died: each write in progress is kept or lost by `keep` (seeded).
    public func crash(keep: (Int) -> Bool) {
        state.withLock { s in
            let pending = s.pending
            s.pending.removeAll()
            for (i, write) in pending.enumerated() {
                if keep(i) {
                    s.append(write.events)
                    s.tornWritesKept += 1
                } else {
                    s.tornWritesLost += 1
                }
            }
        }
    }

    public var tornWrites: (kept: Int, lost: Int) { state.withLock { ($0.tornWritesKept, $0.tornWritesLost) } }
}

extension SimDurableLog.State {
    mutating func append(_ events: [TicketEvent]) {
        for event in events where committedIDs.insert(event.id).inserted {
            committed.append(event)
        }
    }
}

/// A write refused by a failing simulated disk.
public struct SimDiskError: Error, Hashable, Sendable, CustomStringConvertible {
    public let failure: SimDurableLog.Failure
    public var description: String { "simulated \(failure.rawValue)" }
}
