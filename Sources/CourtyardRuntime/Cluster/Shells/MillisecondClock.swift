// MARK: - MillisecondClock

/// The injected monotonic clock seen as milliseconds since the node started, the time
/// frame of the pure cores (`nowMs`).
///
/// The cores compare and add plain `Int64` milliseconds; the environment's clock has opaque
/// instants. This view fixes an origin once, so every shell of a node shares one frame
/// (create one per node and pass it to each shell).
public struct MillisecondClock: Sendable {
    private let nowFunction: @Sendable () -> Int64
    private let sleepFunction: @Sendable (Int64) async throws -> Void

    /// Starts the frame at `clock.now`.
    public init(_ clock: any Clock<Duration>) {
        self.init(opening: clock)
    }

    private init<C: Clock<Duration>>(opening clock: C) {
        let origin = clock.now
        nowFunction = { Self.milliseconds(origin.duration(to: clock.now)) }
        sleepFunction = { ms in
            try await clock.sleep(until: origin.advanced(by: .milliseconds(ms)), tolerance: nil)
        }
    }

    /// Milliseconds since the origin (never negative, never decreasing).
    public func nowMs() -> Int64 { nowFunction() }

    /// Sleeps until the frame reaches `ms`; throws `CancellationError` when cancelled.
    public func sleep(untilMs ms: Int64) async throws {
        try await sleepFunction(ms)
    }

    static func milliseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
