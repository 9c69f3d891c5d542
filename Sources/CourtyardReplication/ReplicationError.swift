import CourtyardCRDT

/// Why the replication core refused an input (a local write, a peer's message, a config).
///
/// Untrusted input never traps: a peer's bad message becomes a `.rejected` directive with
/// one of these, for the shell to log and count.
public struct ReplicationError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case invalidConfig
        case itemTooLarge
        case writeTooLarge
        case tooManyPendingWrites
        case invalidConsistency
        case unknownPeer
        case tooManyPeers
        case malformedMessage
        case overloaded
    }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Why a write with a consistency level above `local` did not reach it.
///
/// The write is still durable locally and still replicates; only the guarantee failed.
public struct WriteError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The deadline passed before enough peers acknowledged.
        case timedOut
        /// Too few members alive to ever reach the level (at the write, or after peers went down).
        case notEnoughReplicas
    }
    public let kind: Kind
    public let level: ConsistencyLevel
    public let acks: Int
    public let acksNeeded: Int

    public var description: String {
        switch kind {
        case .timedOut:
            "write at \(level) timed out with \(acks) of \(acksNeeded) peer acknowledgements"
        case .notEnoughReplicas:
            "write at \(level) cannot be satisfied: needs \(acksNeeded) peer acknowledgements, at most \(acks) possible"
        }
    }
}
