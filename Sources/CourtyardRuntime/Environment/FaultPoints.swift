// MARK: - Fault points (BUGGIFY)

/// Fault points compiled into production code, in the manner of FoundationDB's BUGGIFY:
/// at a few call sites the runtime asks whether to take an unusual but legal path (drop a
/// best-effort send, and so on). In production the environment carries no switch and
/// every point is off; the actor simulator switches points on per site and per call site
/// for a run, from the run's seed. Points named `plant.*` are deliberate bugs, used only
/// to prove the simulator's checkers catch them.
public protocol FaultPointSwitch: Sendable {
    /// Whether the point `name` fires at this evaluation.
    func fires(_ name: String) -> Bool
}

/// The fault points of the runtime, by call site.
public enum FaultPoint {
    /// ReplicationShell: a replication message is not sent (delivery is best effort; the
    /// core retransmits and anti-entropy repairs).
    public static let replicationDropSend = "buggify.replication.drop-send"
    /// ReplicationShell: the committed-event hook reaches the shell late (after a yield to
    /// other work), widening the window between a local commit and its delta.
    public static let ticketsLateCommitHook = "buggify.tickets.late-commit-hook"
    /// Planted bug: the shell never sends anti-entropy digests.
    public static let plantSkipAntiEntropy = "plant.replication.skip-anti-entropy"
    /// Planted bug: a restarted ticket service does not restore its clock from its log.
    public static let plantForgetHLCOnRestart = "plant.tickets.forget-hlc-on-restart"

    /// Every point, for documentation and the simulator's swarm choice.
    public static let all = [replicationDropSend, ticketsLateCommitHook, plantSkipAntiEntropy, plantForgetHLCOnRestart]
}

extension NodeEnvironment {
    /// Whether fault point `name` fires here; always false in production.
    @inline(__always)
    public func buggify(_ name: String) -> Bool {
        faultPoints?.fires(name) ?? false
    }
}
