// MARK: - Violation

/// An invariant a checker found broken, with when and what.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    /// Which checker: `hlc`, `durability`, `escalation-once`, `convergence`,
    /// `escalation-bound`, `detection-bound`, `false-positive`.
    public let checker: String
    public let atMs: Int64
    public let message: String

    public init(checker: String, atMs: Int64, message: String) {
        self.checker = checker
        self.atMs = atMs
        self.message = message
    }

    public var description: String { "[\(SimTime.format(atMs))] \(checker): \(message)" }
}

/// Formatting of virtual time.
public enum SimTime {
    /// `hh:mm:ss.mmm` of virtual time.
    public static func format(_ ms: Int64) -> String {
        let total = max(ms, 0)
        let h = total / 3_600_000, m = total / 60_000 % 60, s = total / 1_000 % 60, r = total % 1_000
        return "\(pad(h)):\(pad(m)):\(pad(s)).\(pad(r, 3))"
    }

    /// `hh:mm` of virtual time.
    public static func minutes(_ ms: Int64) -> String {
        let total = max(ms, 0)
        return "\(pad(total / 3_600_000)):\(pad(total / 60_000 % 60))"
    }

    static func pad(_ n: Int64, _ width: Int = 2) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
