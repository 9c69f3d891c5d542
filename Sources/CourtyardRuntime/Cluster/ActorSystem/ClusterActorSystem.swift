import CourtyardCRDT
import CourtyardMembership
import Distributed
import Logging
import Synchronization

/// The actor system of one node: `distributed func`s on its actors become typed remote calls
/// over a `MessageTransport`, with deadlines, cancellation, a bound on calls in flight and
/// typed errors (`RemoteCallError`).
///
/// - Local actors register at a path (`makeActor(path:_:)`); ids name the node and its
///   incarnation, so a restarted node does not answer calls meant for its previous life.
/// - `run()` consumes inbound calls and replies; it must run for the node to answer calls
///   and to see replies to its own.
/// - `markDown`/`markUp` carry the membership's decisions: calls to a down node fail at
///   once with `.nodeDown`, and calls pending on a node that goes down fail immediately.
///
/// Time comes from the environment's clock and call ids from its random source, so the
/// simulator can drive it deterministically.
public final class ClusterActorSystem: DistributedActorSystem, Sendable {
    public typealias ActorID = ClusterActorID
    public typealias SerializationRequirement = any Codable
    public typealias InvocationEncoder = ClusterInvocationEncoder
    public typealias InvocationDecoder = ClusterInvocationDecoder
    public typealias ResultHandler = ClusterResultHandler

    /// This node, as peers see it.
    public let identity: PeerIdentity
    public let settings: ClusterActorSystemSettings
    let transport: any MessageTransport
    let environment: NodeEnvironment
    let state: Mutex<SystemState>
    /// Where this node's distributed actors run (they cannot hold a nonisolated stored
    /// executor themselves): the environment's executor, or a default actor's.
    public let localActorExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    public init(transport: any MessageTransport, environment: NodeEnvironment,
                settings: ClusterActorSystemSettings = ClusterActorSystemSettings()) {
        self.transport = transport
        self.environment = environment
        self.settings = settings
        identity = transport.identity
        state = Mutex(SystemState())
        localActorExecutor = environment.actorExecutor("distributed-actors", lane: lane)
    }

    var logger: Logger { environment.logger }

    // MARK: Allow-lists

    /// Lets calls from peers use `type` as a generic substitution. Without it, a generic
    /// distributed function called with that type is refused with `.decoding`.
    public func allowGenericSubstitution<T>(_ type: T.Type) {
        guard let name = _mangledTypeName(type) else { return }
        let entry = GenericType(type: type)
        state.withLock { $0.genericTypes[name] = entry }
    }

    func allowedGenericSubstitution(named name: String) -> Any.Type? {
        state.withLock { $0.genericTypes[name]?.type }
    }

    /// Lets replies rethrow `type` itself when a remote function throws it (matched by its
    /// type name). Other errors arrive as `.remoteThrew(type:message:)`. Only allowed types
    /// are ever decoded from a peer's reply.
    public func allowRemoteError<E: Error & Codable>(_ type: E.Type) {
        let name = String(reflecting: type)
        let decode: @Sendable (String) throws -> any Error = { json in
            try ActorCodec.decode(E.self, from: json, system: nil)
        }
        state.withLock { $0.errorDecoders[name] = decode }
    }

    func rebuildRemoteError(_ error: RemoteCallError, json: String?) -> any Error {
        guard case .remoteThrew(let type, _) = error.kind, let json,
              let decode = state.withLock({ $0.errorDecoders[type] }),
              let rebuilt = try? decode(json) else { return error }
        return rebuilt
    }

    // MARK: Identity of local actors

    /// Creates a local actor at `path` (for example `/site`, `/agent/a17`): `make` must
    /// initialise the actor with this system. Throws `.unknownActor` if the path is invalid
    /// or taken by a live actor.
    public func makeActor<Act: DistributedActor>(path: String, _ make: () throws -> Act) throws -> Act
    where Act.ID == ClusterActorID {
        guard ClusterActorID.isValidPath(path) else {
            throw RemoteCallError(.unknownActor, "invalid actor path '\(path.prefix(64))'")
        }
        try state.withLock { s throws(RemoteCallError) in
            guard s.actors[path] == nil, !s.reservedPaths.contains(path) else {
                throw RemoteCallError(.unknownActor, "path \(path) is already taken")
            }
            s.reservedPaths.insert(path)
        }
        defer { _ = state.withLock { $0.reservedPaths.remove(path) } }
        return try Self.$assigningPath.withValue(path) { try make() }
    }

    @TaskLocal private static var assigningPath: String?

    public func assignID<Act>(_ actorType: Act.Type) -> ClusterActorID where Act: DistributedActor, Act.ID == ClusterActorID {
        let wanted = Self.assigningPath
        let path = state.withLock { s -> String in
            // The reservation is consumed once, so actors created inside `make` get their own paths.
            if let wanted, s.reservedPaths.contains(wanted), !s.assignedPaths.contains(wanted) {
                s.assignedPaths.insert(wanted)
                return wanted
            }
            while true {
                let candidate = "/anonymous/" + String(environment.random.next(), radix: 16)
                if s.actors[candidate] == nil, !s.assignedPaths.contains(candidate) {
                    s.assignedPaths.insert(candidate)
                    return candidate
                }
            }
        }
        return ClusterActorID(node: identity, path: path)
    }

    public func actorReady<Act>(_ actor: Act) where Act: DistributedActor, Act.ID == ClusterActorID {
        let registration = Registration(actor: actor)
        state.withLock { s in
            s.assignedPaths.remove(actor.id.path)
            s.actors[actor.id.path] = registration
        }
    }

    public func resignID(_ id: ClusterActorID) {
        state.withLock { s in
            s.assignedPaths.remove(id.path)
            if s.actors[id.path]?.id == id { s.actors[id.path] = nil }
        }
    }

    /// The id of the actor at `path` on `node`, for resolving a remote proxy.
    public func id(of path: String, on node: PeerIdentity) -> ClusterActorID {
        ClusterActorID(node: node, path: path)
    }

    /// Local actors by id; nil for another node's id, so the runtime makes a remote proxy.
    /// Throws `.unknownActor` for an id of this node that names no live actor or an old
    /// incarnation.
    public func resolve<Act>(id: ClusterActorID, as actorType: Act.Type) throws -> Act?
    where Act: DistributedActor, Act.ID == ClusterActorID {
        guard id.endpoint == identity.endpoint else { return nil }
        guard id.incarnation == identity.incarnation else {
            throw RemoteCallError(.unknownActor, "\(id) names incarnation \(id.incarnation), this node is \(identity.incarnation)")
        }
        guard let registration = state.withLock({ $0.actors[id.path] }), let actor = registration.actor() else {
            throw RemoteCallError(.unknownActor, "no actor at \(id)")
        }
        guard let typed = actor as? Act else {
            throw RemoteCallError(.unknownActor, "\(id) is a \(type(of: actor)), not a \(Act.self)")
        }
        return typed
    }

    public func makeInvocationEncoder() -> ClusterInvocationEncoder { ClusterInvocationEncoder() }

    /// Calls this node has in flight.
    public var pendingCallCount: Int { state.withLock { $0.pending.count } }

    /// Paths of the live local actors, sorted.
    public var localActorPaths: [String] {
        state.withLock { s in s.actors.filter { $0.value.actor() != nil }.keys.sorted() }
    }
}

// MARK: - State

/// A local actor as the registry knows it: weakly held, with a thunk that executes a target
/// on it (the only place its concrete type is known).
struct Registration: Sendable {
    typealias Execute = @Sendable (ClusterActorSystem, RemoteCallTarget, ClusterInvocationDecoder,
                                   ClusterResultHandler) async throws -> Bool

    let id: ClusterActorID
    /// The mangled name of the actor's type: a target must belong to it.
    let typeName: String
    let actor: @Sendable () -> (any DistributedActor)?
    let execute: Execute

    init<Act: DistributedActor>(actor: Act) where Act.ID == ClusterActorID {
        id = actor.id
        typeName = _mangledTypeName(Act.self) ?? String(reflecting: Act.self)
        self.actor = { [weak actor] in actor }
        execute = { [weak actor] system, target, decoder, handler in
            guard let actor else { return false }
            var decoder = decoder
            try await system.executeDistributedTarget(on: actor, target: target, invocationDecoder: &decoder,
                                                      handler: handler)
            return true
        }
    }
}

/// A metatype in the generic-substitution allow-list. Metatypes are immutable and safe to
/// share; the wrapper only states it.
struct GenericType: @unchecked Sendable {
    let type: Any.Type
}

struct PendingCall {
    var endpoint: Endpoint
    var continuation: CheckedContinuation<ReplyEnvelope.Outcome, any Error>?
    /// The outcome, when it arrived before the caller parked its continuation.
    var early: Result<ReplyEnvelope.Outcome, any Error>?
}

struct SystemState {
    /// Only looked up by key, or sorted before use.
    var actors: [String: Registration] = [:]
    var reservedPaths: Set<String> = []
    var assignedPaths: Set<String> = []
    var pending: [UInt64: PendingCall] = [:]
    var down: Set<Endpoint> = []
    var inboundCalls = 0
    var genericTypes: [String: GenericType] = [:]
    var errorDecoders: [String: @Sendable (String) throws -> any Error] = [:]
}
