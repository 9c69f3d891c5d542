import CourtyardSimulation

// MARK: - ActorPlantedBug

/// A bug the actor simulator plants in the *production* runtime through its fault points
/// (`NodeEnvironment.faultPoints`; always off outside a simulation), to prove the checkers
/// catch that class of mistake in the real code.
public enum ActorPlantedBug: String, CaseIterable, Sendable, Hashable {
    /// Replication shells never start anti-entropy rounds: items that missed their deltas
    /// are never repaired. Caught by the convergence checker.
    case skipAntiEntropy = "skip-anti-entropy"
    /// A restarted ticket service does not restore its clock from its log, so with its
    /// wall clock behind it issues event ids below ones it issued before. Caught by the
    /// HLC checker.
    case forgetHLCOnRestart = "forget-hlc-on-restart"

    /// Seeds within which the test suite expects the bug to be caught.
    public var seedsToCatchMax: Int { 10 }

    /// The runtime fault point that plants it.
    public var faultPoint: String {
        switch self {
        case .skipAntiEntropy: "plant.replication.skip-anti-entropy"
        case .forgetHLCOnRestart: "plant.tickets.forget-hlc-on-restart"
        }
    }

    public static func named(_ name: String) throws(ScenarioError) -> ActorPlantedBug {
        guard let bug = ActorPlantedBug(rawValue: name) else {
            throw ScenarioError("unknown planted bug '\(name)' for the actor layer; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return bug
    }
}
