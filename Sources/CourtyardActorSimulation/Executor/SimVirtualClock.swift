// MARK: - SimVirtualClock

/// The virtual monotonic clock of an actor-simulation run: `now` is the scheduler's
/// virtual time, and `sleep` parks the task on the scheduler's timer heap. Time moves only
/// when no job is ready, so a sleeping run costs nothing.
public struct SimVirtualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable {
        /// Virtual nanoseconds since the run began.
        public var offsetNs: Int64

        public init(offsetNs: Int64) { self.offsetNs = offsetNs }

        public func advanced(by duration: Duration) -> Instant {
            Instant(offsetNs: offsetNs &+ SimVirtualClock.nanoseconds(duration))
        }

        public func duration(to other: Instant) -> Duration {
            .nanoseconds(other.offsetNs &- offsetNs)
        }

        public static func < (a: Instant, b: Instant) -> Bool { a.offsetNs < b.offsetNs }
    }

    let scheduler: SimScheduler

    public init(scheduler: SimScheduler) { self.scheduler = scheduler }

    public var now: Instant { Instant(offsetNs: scheduler.nowNs) }
    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await scheduler.sleep(untilNs: deadline.offsetNs)
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
