import CourtyardCRDT
import CourtyardReplication

// MARK: - ReplicationShellSettings

/// The replication core's configuration plus the shell's own bounds (DESIGN §7).
public struct ReplicationShellSettings: Sendable, Hashable {
    /// The core's bounds and intervals; `config.replica` is this node's site.
    public var config: ReplicationConfig
    /// Events loaded from the store into the core at start-up at most. The core keeps the
    /// whole ticket space in memory today, so this bounds the node's memory: beyond it the
    /// oldest-listed tickets are not loaded, not offered to anti-entropy, and an error is
    /// logged (a paged, store-backed digest is the way past it).
    public var loadEventsMax: Int = 1_000_000
    /// Local events whose peer acknowledgements are remembered for `awaitReplication`;
    /// older ones are forgotten first.
    public var trackedEventsMax: Int = 65_536
    /// Sent delta sequences remembered per peer (to credit acknowledgements to events).
    public var sentDeltasPerPeerMax: Int = 8_192
    /// Event ids in one `awaitReplication` call at most.
    public var waitIdsMax: Int = 1_024
    /// Longest deadline a caller may ask for.
    public var waitTimeoutMsMax: Int64 = 60_000
    /// Waits pending at once.
    public var waitsPendingMax: Int = 4_096
    /// Local commits buffered while the shell loads the store at start-up.
    public var preloadEventsMax: Int = 16_384

    public init(config: ReplicationConfig) {
        self.config = config
    }

    /// Checks the shell's own bounds (the core checks `config`).
    public func validate() throws(ReplicationError) {
        try config.validate()
        let positives: [(String, Int64)] = [
            ("loadEventsMax", Int64(loadEventsMax)), ("trackedEventsMax", Int64(trackedEventsMax)),
            ("sentDeltasPerPeerMax", Int64(sentDeltasPerPeerMax)), ("waitIdsMax", Int64(waitIdsMax)),
            ("waitTimeoutMsMax", waitTimeoutMsMax), ("waitsPendingMax", Int64(waitsPendingMax)),
            ("preloadEventsMax", Int64(preloadEventsMax)),
        ]
        for (name, v) in positives where v <= 0 {
            throw ReplicationError(.invalidConfig, "replication shell: \(name) must be positive, got \(v)")
        }
    }
}
