// MARK: - MembershipDirective

/// What the shell must do after a handler returns: send, schedule, report.
///
/// Directives come in a deterministic order (members sorted by `NodeID`), so the trace of
/// a run is a function of its inputs, its clock and its seed.
public enum MembershipDirective: Hashable, Sendable, CustomStringConvertible {
    /// Send `message` to a known member (control lane).
    case send(to: NodeID, message: MembershipMessage)
    /// Send `message` to an endpoint whose node is not known yet (a join to a seed).
    case sendToEndpoint(Endpoint, message: MembershipMessage)
    /// Send a full-state `pushPull` message to `to` (bulk lane; it may be large).
    case pushPull(to: NodeID, message: MembershipMessage)
    /// Call `onTimer(timer, …)` at `atMs`. Timers are never cancelled: a stale one is
    /// recognised and ignored by the instance.
    case scheduleTimer(MembershipTimer, atMs: Int64)
    /// This node's view of `member` changed kind (`from` is nil for a newly learned member).
    /// When `member` is this node and `to` is `.down`, the process must stop and restart
    /// as a new life.
    case statusChanged(member: NodeID, from: MemberStatus?, to: MemberStatus)
    /// This node's side gained or lost the majority: an `.inMinority` node must refuse
    /// writes that need a quorum but keep serving local writes.
    case quorumChanged(QuorumSide)

    public var description: String {
        switch self {
        case .send(let to, let m): "send \(to) \(m)"
        case .sendToEndpoint(let e, let m): "send @\(e) \(m)"
        case .pushPull(let to, let m): "pushPull \(to) \(m)"
        case .scheduleTimer(let t, let at): "timer \(t) @\(at)"
        case .statusChanged(let n, let from, let to): "status \(n) \(from.map { "\($0)" } ?? "new") -> \(to)"
        case .quorumChanged(let side): "quorum \(side)"
        }
    }
}

// MARK: - MembershipTimer

/// A timer the instance asked for; the shell hands it back to `onTimer` when due.
public enum MembershipTimer: Hashable, Sendable, CustomStringConvertible {
    /// Start the next probe round (`onTick`).
    case protocolPeriod
    /// The direct ack of probe `seq` is overdue: probe indirectly.
    case probeTimeout(seq: UInt64)
    /// The probe round of `seq` is over: suspect the target unless it answered.
    case indirectProbeTimeout(seq: UInt64)
    /// A relayed probe `seq` got no ack in time: nack the requester.
    case relayTimeout(seq: UInt64)
    /// The suspicion of `node` may have expired.
    case suspicionTimeout(NodeID)
    /// Exchange full state with a random member.
    case pushPull
    /// The suspect/unreachable set may have been stable long enough to decide.
    case downResolver

    public var description: String {
        switch self {
        case .protocolPeriod: "tick"
        case .probeTimeout(let s): "probeTimeout(\(s))"
        case .indirectProbeTimeout(let s): "indirectProbeTimeout(\(s))"
        case .relayTimeout(let s): "relayTimeout(\(s))"
        case .suspicionTimeout(let n): "suspicionTimeout(\(n))"
        case .pushPull: "pushPull"
        case .downResolver: "downResolver"
        }
    }
}

// MARK: - QuorumSide

/// Whether this node's reachable side holds a majority of the cluster.
public enum QuorumSide: Hashable, Sendable, CustomStringConvertible {
    case majority
    case inMinority

    public var description: String { self == .majority ? "majority" : "inMinority" }
}
