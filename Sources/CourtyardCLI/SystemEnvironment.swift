import CourtyardRuntime
import Foundation
import Logging

// The production side of `NodeEnvironment`: the only place the real clocks and the system's
// random source are read. The simulator supplies its own.

/// Wall-clock time from the operating system.
public struct SystemWallClock: WallClock {
    public init() {}

    public func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// Randomness from the operating system's CSPRNG.
public struct SystemRandomSource: RandomSource {
    public init() {}

    public func next() -> UInt64 {
        var g = SystemRandomNumberGenerator()
        return g.next()
    }
}

extension NodeEnvironment {
    /// The environment of a real node.
    public static func system(logger: Logger) -> NodeEnvironment {
        NodeEnvironment(clock: ContinuousClock(), wallClock: SystemWallClock(),
                        random: SystemRandomSource(), logger: logger)
    }
}
