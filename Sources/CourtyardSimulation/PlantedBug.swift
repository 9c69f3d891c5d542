// MARK: - PlantedBug

/// A bug the simulator can plant in its own node code (`--plant NAME`) to prove the
/// checkers catch that class of mistake. Each states how many seeds it may take to catch.
public enum PlantedBug: String, CaseIterable, Sendable, Hashable {
    /// Nodes never start anti-entropy rounds (no digests): items that missed their deltas
    /// (fan-out, crashes, restarts) are never repaired. Caught by the convergence checker.
    case skipAntiEntropy = "skip-anti-entropy"
    /// A node acknowledges received deltas before they reach its disk. Caught by the
    /// durability checker (a quorum write reported with fewer durable copies than needed).
    case ackBeforePersist = "ack-before-persist"
    /// The escalation duty ignores levels already recorded and escalates them again.
    /// Caught by the escalation checker (a level re-escalated by a writer that saw it).
    case dropEscalationIdempotence = "drop-escalation-idempotence"
    /// A restarted node does not restore its HLC from its log, so with its clock behind it
    /// issues event ids below ones it issued before. Caught by the HLC checker.
    case forgetHLCOnRestart = "forget-hlc-on-restart"
    /// Every site's ACD runs with `allowDoubleReservation`: its reservation ledger lets a
    /// remote site reserve an agent already ringing or talking. Caught by the
    /// `one-call-per-agent` checker when two sites overflow to the same idle agent.
    case allowDoubleReservation = "allow-double-reservation"

    /// Seeds within which the test suite expects the bug to be caught.
    public var seedsToCatchMax: Int { 20 }

    /// Parses a `--plant` value with a helpful error.
    public static func named(_ name: String) throws(ScenarioError) -> PlantedBug {
        guard let bug = PlantedBug(rawValue: name) else {
            throw ScenarioError("unknown planted bug '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return bug
    }
}
