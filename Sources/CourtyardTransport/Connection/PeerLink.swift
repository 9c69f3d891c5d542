import CourtyardRuntime
import NIOCore
import Synchronization

/// What the transport knows about one peer endpoint: its outgoing queues and, when
/// connected, the one live connection (after the simultaneous-dial rule).
struct PeerLink {
    var queues: LaneQueues
    var channel: (any Channel)?
    var direction: DialDirection?
    var peer: PeerIdentity?
    /// A dial loop is running for this endpoint.
    var dialing = false
    /// A writer task is draining the queues.
    var draining = false

    init(queues: LaneQueues) {
        self.queues = queues
    }
}

/// Hand-off from the listening socket (bound before the transport actor exists, so that
/// port 0 can be resolved) to the actor. Until `install` is called, and after shutdown,
/// accepted connections are closed.
final class AcceptHooks: Sendable {
    struct Hooks: Sendable {
        let local: PeerIdentity
        let accepted: @Sendable (any Channel, EventLoopFuture<PeerIdentity>) -> Void
    }

    private let hooks = Mutex<Hooks?>(nil)

    func install(_ h: Hooks?) { hooks.withLock { $0 = h } }
    var current: Hooks? { hooks.withLock { $0 } }
}
