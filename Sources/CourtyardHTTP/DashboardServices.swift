import CourtyardCallCenter
import CourtyardRuntime
import Synchronization

/// What the HQ dashboard routes need: the gatherer of every site's snapshot, the clock the
/// live feed waits on, and the feed's bounds.
public struct DashboardServices: Sendable {
    public var gatherer: DashboardGatherer
    public var clock: any Clock<Duration>
    public var wallClock: any WallClock
    public var settings: Settings
    let streams: StreamSlots

    public struct Settings: Sendable, Hashable {
        /// How often a feed looks for a change (and the board's freshness it asks for).
        public var tickMs: Int64
        /// A feed sends at least this often, changed or not.
        public var heartbeatMs: Int64
        /// Feeds open at once on this node; one more is refused with 503.
        public var streamsMax: Int
        /// A feed ends after this long (the browser's EventSource reconnects by itself).
        public var streamLifetimeMs: Int64

        public init(tickMs: Int64 = 1_000, heartbeatMs: Int64 = 2_000, streamsMax: Int = 64,
                    streamLifetimeMs: Int64 = 30 * 60_000) {
            precondition(tickMs > 0 && heartbeatMs >= tickMs && streamsMax > 0 && streamLifetimeMs > 0)
            self.tickMs = tickMs
            self.heartbeatMs = heartbeatMs
            self.streamsMax = streamsMax
            self.streamLifetimeMs = streamLifetimeMs
        }
    }

    public init(gatherer: DashboardGatherer, clock: any Clock<Duration>, wallClock: any WallClock,
                settings: Settings = Settings()) {
        self.gatherer = gatherer
        self.clock = clock
        self.wallClock = wallClock
        self.settings = settings
        streams = StreamSlots(max: settings.streamsMax)
    }

    /// Feeds open now.
    public var openStreams: Int { streams.count }
}

/// A counting semaphore without waiting: a feed takes a slot (a lease) or is refused.
final class StreamSlots: Sendable {
    private let state: Mutex<Int> = Mutex(0)
    let max: Int

    init(max: Int) { self.max = max }

    var count: Int { state.withLock { $0 } }

    /// A lease on one slot, or nil when all are taken; the slot is free again when the lease
    /// is released (deinit), whatever path the feed took.
    func take() -> StreamLease? {
        let granted = state.withLock { n in
            guard n < max else { return false }
            n += 1
            return true
        }
        return granted ? StreamLease(self) : nil
    }

    fileprivate func release() { state.withLock { $0 = Swift.max(0, $0 - 1) } }
}

/// One taken slot of `StreamSlots`.
final class StreamLease: Sendable {
    private let slots: StreamSlots
    fileprivate init(_ slots: StreamSlots) { self.slots = slots }
    deinit { slots.release() }
}
