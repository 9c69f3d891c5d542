import CourtyardCallCenter
import CourtyardCRDT
import Synchronization

// MARK: - Call ledger in memory

/// A `CallLedgerStore` in memory, for tests and nodes without a database. Bounded: beyond
/// `eventsMax` the oldest events are dropped (and counted), never the new ones refused.
public final class InMemoryCallLedgerStore: CallLedgerStore {
    private struct State {
        var events: [LedgerEvent] = []
        var dropped = 0
    }

    public let eventsMax: Int
    private let state = Mutex(State())

    public init(eventsMax: Int = 200_000) {
        self.eventsMax = max(1, eventsMax)
    }

    /// Everything stored, in append order.
    public var all: [LedgerEvent] { state.withLock { $0.events } }
    public var droppedCount: Int { state.withLock { $0.dropped } }

    public func append(_ events: [LedgerEvent]) async throws {
        guard events.count <= LedgerLimits.batchEventsMax else {
            throw LedgerError(.batchTooLarge, "batch of \(events.count) events exceeds \(LedgerLimits.batchEventsMax)")
        }
        for e in events { try e.validate() }
        state.withLock { s in
            s.events += events
            if s.events.count > eventsMax {
                let extra = s.events.count - eventsMax
                s.events.removeFirst(extra)
                s.dropped += extra
            }
        }
    }

    public func events(in range: LedgerRange, site: SiteID?, limit: Int) async throws -> [LedgerEvent] {
        Array(sorted().filter { range.contains($0.atMs) && (site == nil || $0.site == site) }.prefix(max(0, limit)))
    }

    public func events(ofCall call: CallID) async throws -> [LedgerEvent] {
        sorted().filter { $0.callID == call }
    }

    public func reportEvents(in range: LedgerRange, site: SiteID?) async throws -> [LedgerEvent] {
        let all = sorted()
        let entered = Set(all.compactMap { e -> CallID? in
            guard case .callEntered = e.body, range.contains(e.atMs), site == nil || e.site == site else { return nil }
            return e.callID
        })
        return all.filter { e in
            if let c = e.callID { return entered.contains(c) }
            return range.contains(e.atMs) && (site == nil || e.site == site)
        }
    }

    /// Oldest first; ties keep append order (a stable sort).
    private func sorted() -> [LedgerEvent] {
        state.withLock { $0.events }.enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }
            .map(\.element)
    }
}
