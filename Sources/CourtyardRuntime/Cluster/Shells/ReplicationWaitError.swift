import CourtyardReplication

// MARK: - ReplicationWaitError

/// Why `awaitReplication` could not confirm a write's consistency level.
///
/// The events stay committed on this node and keep replicating whatever the error: only
/// the guarantee asked for was not confirmed, so an HTTP layer answers with the write's
/// result and this error (e.g. 504 for `timedOut`, 503 for `inMinority`).
public struct ReplicationWaitError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The deadline passed before enough peers acknowledged.
        case timedOut
        /// Too few members to ever reach the level (at the call or after peers went down).
        case notEnoughReplicas
        /// This node is on the minority side of a partition: levels above `local` are refused.
        case inMinority
        /// Some event ids were not written through this node's replication shell (or are
        /// too old to be tracked), so their acknowledgements cannot be observed.
        case unknownEvents
        /// The request breaks a bound (no ids, too many, bad timeout or level).
        case invalidRequest
        /// Too many waits are pending.
        case overloaded
        /// The node is not running (not started yet or shut down).
        case stopped
    }

    public let kind: Kind
    public let level: ConsistencyLevel
    /// Peer acknowledgements received (or still possible, for `notEnoughReplicas`).
    public let acks: Int
    public let acksNeeded: Int
    public let message: String

    public init(_ kind: Kind, level: ConsistencyLevel, acks: Int = 0, acksNeeded: Int = 0, _ message: String) {
        self.kind = kind
        self.level = level
        self.acks = acks
        self.acksNeeded = acksNeeded
        self.message = message
    }

    init(_ error: WriteError) {
        let kind: Kind = error.kind == .timedOut ? .timedOut : .notEnoughReplicas
        self.init(kind, level: error.level, acks: error.acks, acksNeeded: error.acksNeeded, error.description)
    }

    public var description: String { message }
}
