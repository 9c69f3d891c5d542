// MARK: - DeterministicDraw

/// Random choices made only from the generator passed in, with our own algorithms.
///
/// The standard library's `shuffle(using:)` and `next(upperBound:)` consume the generator
/// in ways that a future toolchain may change; a replayed trace must not depend on the
/// toolchain, so the draws here are spelled out (rejection sampling, Fisher–Yates).
enum DeterministicDraw {
    /// A uniform integer in `0..<bound` (`bound > 0`), without modulo bias.
    static func below(_ bound: Int, using rng: inout some RandomNumberGenerator) -> Int {
        precondition(bound > 0, "bound must be positive")
        let n = UInt64(bound)
        let limit = UInt64.max - (UInt64.max % n) // values >= limit would bias the result
        while true {
            let x = rng.next() as UInt64
            if x < limit { return Int(x % n) }
        }
    }

    /// `values` in a uniformly random order (Fisher–Yates from the end).
    static func shuffled<T>(_ values: [T], using rng: inout some RandomNumberGenerator) -> [T] {
        var result = values
        var i = result.count - 1
        while i > 0 {
            let j = below(i + 1, using: &rng)
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }

    /// Up to `count` distinct elements of `values`, in draw order.
    static func sample<T>(_ values: [T], count: Int, using rng: inout some RandomNumberGenerator) -> [T] {
        Array(shuffled(values, using: &rng).prefix(max(0, count)))
    }
}
