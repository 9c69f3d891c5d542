import CourtyardCRDT

/// Identifies a local write while it waits for its consistency level.
public struct WriteID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: WriteID, b: WriteID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "w\(rawValue)" }
}

/// What the shell must do after a core handler returns, in order.
public enum ReplicationDirective<Item: ReplicatedItem>: Hashable, Sendable {
    /// Send `message` to `peer` (bulk lane). Loss is tolerated: the core retransmits and
    /// anti-entropy repairs.
    case send(to: ReplicaID, message: ReplicationMessage<Item>)
    /// Write these items, received from peers, durably; then call `onPersisted` with them
    /// (or `onPersistFailed`). Acks for them are emitted only after that call.
    case persist([Item])
    /// Call `onTick` at `atMs` (virtual or real milliseconds, as given to the core).
    case scheduleTimer(atMs: Int64)
    /// The write reached its consistency level.
    case writeSatisfied(WriteID)
    /// The write did not reach its consistency level (it stays durable locally).
    case writeFailed(WriteID, WriteError)
    /// A peer's message was refused; log and count it.
    case rejected(from: ReplicaID, error: ReplicationError)
}
