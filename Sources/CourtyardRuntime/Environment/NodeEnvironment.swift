import CourtyardCRDT
import Logging

/// Everything environmental a node's runtime touches, injected in one place (DESIGN §1):
/// production passes the real ones, the simulator passes simulated ones. Runtime code never
/// reads the system clock or a global random source directly.
public struct NodeEnvironment: Sendable {
    /// Monotonic time for timers and timeouts.
    public var clock: any Clock<Duration>
    /// Wall-clock time in milliseconds since the Unix epoch, for HLC and human timestamps.
    public var wallClock: any WallClock
    /// The only source of randomness (incarnations, ids, jitter, sampling).
    public var random: any RandomSource
    public var logger: Logger
    /// Where the node's actors run: nil in production (default executors); the actor
    /// simulator's seeded run queue in a simulation.
    public var executors: (any ActorExecutorFactory)?
    /// BUGGIFY-style fault points: nil in production (all off); the simulator's switch in a run.
    public var faultPoints: (any FaultPointSwitch)?

    public init(clock: any Clock<Duration>, wallClock: any WallClock, random: any RandomSource, logger: Logger,
                executors: (any ActorExecutorFactory)? = nil, faultPoints: (any FaultPointSwitch)? = nil) {
        self.clock = clock
        self.wallClock = wallClock
        self.random = random
        self.logger = logger
        self.executors = executors
        self.faultPoints = faultPoints
    }
}

/// Wall-clock time, injectable. The simulator skews and jumps it per node.
public protocol WallClock: Sendable {
    func nowMs() -> Int64
}

/// A shared, thread-safe random source. Production seeds it from the system; the simulator
/// from the run's seed.
public protocol RandomSource: Sendable {
    func next() -> UInt64
}

extension RandomSource {
    public func next(upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0)
        // Lemire's nearly-divisionless method would do; rejection sampling is simpler and exact.
        let limit = UInt64.max - UInt64.max % upperBound
        while true {
            let x = next()
            if x < limit { return x % upperBound }
        }
    }

    /// A `RandomNumberGenerator` view, for APIs that take `inout some RandomNumberGenerator`.
    public var generator: RandomSourceGenerator { RandomSourceGenerator(source: self) }
}

public struct RandomSourceGenerator: RandomNumberGenerator {
    let source: any RandomSource
    public mutating func next() -> UInt64 { source.next() }
}
