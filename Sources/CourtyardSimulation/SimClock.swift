// MARK: - SimClock

/// One node's physical clock: virtual time plus a skew that a fault may change at once
/// (a jump, forwards or backwards). Cores receive `nowMs(virtualMs:)`, never virtual time,
/// so a skewed site really runs ahead.
public struct SimClock: Hashable, Sendable {
    /// Wall-clock milliseconds at virtual time 0 (the scenario's start instant).
    public let epochMs: Int64
    /// How far this clock runs ahead of true time (negative: behind).
    public private(set) var skewMs: Int64

    public init(epochMs: Int64, skewMs: Int64 = 0) {
        self.epochMs = epochMs
        self.skewMs = skewMs
    }

    /// This node's reading of the wall clock at `virtualMs`.
    public func nowMs(virtualMs: Int64) -> Int64 { epochMs + virtualMs + skewMs }

    /// The virtual instant at which this clock reads `physicalMs` (to schedule a timer the
    /// core asked for in its own time).
    public func virtualMs(physicalMs: Int64) -> Int64 { physicalMs - epochMs - skewMs }

    /// Sets the skew (`skew` fault).
    public mutating func setSkew(_ ms: Int64) { skewMs = ms }

    /// Moves the clock by `deltaMs` at once (`jump` fault); negative goes back.
    public mutating func jump(_ deltaMs: Int64) { skewMs += deltaMs }
}
