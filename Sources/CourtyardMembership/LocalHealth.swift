// MARK: - LocalHealth

/// Lifeguard's local health multiplier (LHM): a saturating counter in `0...max`.
///
/// It rises when this node shows signs of being the slow or cut-off one (a probe failed
/// while relays sent no nack, it had to refute a suspicion of itself) and falls with every
/// successful probe. Probe interval and timeout are multiplied by `1 + LHM`, so an
/// overloaded node slows down instead of accusing healthy peers.
public struct LocalHealth: Hashable, Sendable {
    /// The current multiplier, `0...max`.
    public private(set) var multiplier: Int = 0
    /// Saturation value.
    public let max: Int

    public init(max: Int) {
        self.max = Swift.max(0, max)
    }

    /// Adds `delta` (positive: worse health), saturating at `0` and `max`.
    public mutating func apply(_ delta: Int) {
        multiplier = Swift.min(self.max, Swift.max(0, multiplier + delta))
    }

    /// `durationMs` scaled by `1 + LHM`.
    public func scaled(_ durationMs: Int64) -> Int64 {
        durationMs * Int64(1 + multiplier)
    }
}
