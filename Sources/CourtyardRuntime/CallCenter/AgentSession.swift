import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - What an agent console receives

/// One event pushed to an agent's console (WebSocket / SSE), as a flat JSON object.
public struct AgentConsoleEvent: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The agent's state changed (`state`, `reason`, `call`).
        case state
        /// A call is offered: ring, with the screen pop (`call`, `caller`, `deadlineMs`, `screenPop`).
        case offer
        /// The offer was withdrawn (caller hung up, rang out, another agent answered).
        case offerWithdrawn
        /// The agent is connected to the call.
        case connected
        /// The connected call ended (wrap-up follows).
        case callEnded
    }

    public var type: Kind
    public var agent: AgentID
    public var atMs: Int64
    public var call: CallID?
    public var caller: String?
    public var deadlineMs: Int64?
    public var state: AgentStateKind?
    public var reason: String?
    public var screenPop: ScreenPop?

    public init(type: Kind, agent: AgentID, atMs: Int64, call: CallID? = nil, caller: String? = nil,
                deadlineMs: Int64? = nil, state: AgentStateKind? = nil, reason: String? = nil, screenPop: ScreenPop? = nil) {
        self.type = type
        self.agent = agent
        self.atMs = atMs
        self.call = call
        self.caller = caller
        self.deadlineMs = deadlineMs
        self.state = state
        self.reason = reason
        self.screenPop = screenPop
    }
}

// MARK: - One logged-in agent, one actor

/// The runtime of one agent logged in at this node (the node its console is connected to
/// owns it, DESIGN §2): its profile and phone endpoint, its console subscribers, and the
/// recent events it was sent. The agent's state machine lives in the site's ACD, which is
/// the one ledger of reservations; this actor delivers what happens to the console, so a
/// slow screen-pop lookup for one agent never delays another's.
public actor AgentSession {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    public static let subscribersMax = 4
    public static let recentMax = 50

    public nonisolated let agent: AgentID
    public nonisolated let profile: AgentProfile
    /// Where the gateway rings the agent's phone (SIP URI or extension).
    public nonisolated let endpoint: String
    private let bufferMax: Int
    private var subscribers: [UInt64: AsyncStream<AgentConsoleEvent>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0
    /// Offers whose screen pop is still being built, and those withdrawn meanwhile.
    private var building: Set<CallID> = []
    private var withdrawnWhileBuilding: Set<CallID> = []
    public private(set) var recent: [AgentConsoleEvent] = []

    init(profile: AgentProfile, endpoint: String, bufferMax: Int, environment: NodeEnvironment) {
        unownedExecutor = environment.actorExecutor("agent-\(profile.id)", lane: lane)
        agent = profile.id
        self.profile = profile
        self.endpoint = endpoint
        self.bufferMax = max(1, bufferMax)
    }

    /// A new console stream; the oldest subscriber is dropped beyond `subscribersMax`.
    /// Recent events are replayed first so a reconnecting console catches up.
    public func subscribe(replayRecent: Int = 5) -> AsyncStream<AgentConsoleEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentConsoleEvent.self,
                                                            bufferingPolicy: .bufferingNewest(bufferMax))
        if subscribers.count >= Self.subscribersMax, let oldest = subscribers.keys.min() {
            subscribers.removeValue(forKey: oldest)?.finish()
        }
        nextSubscriber += 1
        let id = nextSubscriber
        subscribers[id] = continuation
        for e in recent.suffix(max(0, replayRecent)) { continuation.yield(e) }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: UInt64) { subscribers[id] = nil }

    /// Ends every console stream (logout, or the agent moved to another node).
    func close() {
        for id in subscribers.keys.sorted() { subscribers[id]?.finish() }
        subscribers = [:]
    }

    // MARK: Delivering

    func push(_ event: AgentConsoleEvent) {
        recent.append(event)
        if recent.count > Self.recentMax { recent.removeFirst(recent.count - Self.recentMax) }
        for id in subscribers.keys.sorted() { subscribers[id]?.yield(event) }
    }

    /// Pushes an offer with its screen pop, unless it was withdrawn while the pop was built.
    func offer(_ call: CallID, caller: PhoneNumber?, deadlineMs: Int64, atMs: Int64,
               pop: @Sendable () async -> ScreenPop) async {
        building.insert(call)
        let screen = await pop()
        building.remove(call)
        if withdrawnWhileBuilding.remove(call) != nil { return }
        push(AgentConsoleEvent(type: .offer, agent: agent, atMs: atMs, call: call, caller: caller?.canonical,
                               deadlineMs: deadlineMs, screenPop: screen))
    }

    func withdraw(_ call: CallID, atMs: Int64) {
        if building.contains(call) {
            withdrawnWhileBuilding.insert(call)
            return
        }
        push(AgentConsoleEvent(type: .offerWithdrawn, agent: agent, atMs: atMs, call: call))
    }

    var subscriberCount: Int { subscribers.count }
}
