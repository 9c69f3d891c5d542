// MARK: - Where a node's actors run

/// Supplies the serial executors of a node's actors (DESIGN §1, §5).
///
/// Production passes none: every actor then runs on a default actor executor, exactly as
/// an actor without a custom executor would. The actor simulator passes a factory whose
/// executors feed one seeded run queue, so a whole cluster of real runtime actors runs
/// deterministically from a seed.
public protocol ActorExecutorFactory: Sendable {
    /// A serial executor for one actor. The factory keeps it alive for the node's life
    /// (actors hold it unowned). `label` names the actor in traces (`ticket-service`).
    func makeSerialExecutor(label: String) -> UnownedSerialExecutor
}

/// An empty default actor. An actor built without an executor factory borrows its
/// lane's executor: the same scheduling a default actor has, while the actor can still
/// declare `unownedExecutor` for the simulator.
public actor DefaultActorLane {
    public init() {}
}

extension NodeEnvironment {
    /// The executor for one of this node's actors: the factory's when there is one, else
    /// `lane`'s default executor (keep `lane` alive as long as the actor).
    public func actorExecutor(_ label: String, lane: DefaultActorLane) -> UnownedSerialExecutor {
        ActorExecutors.executor(label, factory: executors, lane: lane)
    }
}

/// The same choice for actors that take a factory directly (stores built without an
/// environment).
public enum ActorExecutors {
    public static func executor(_ label: String, factory: (any ActorExecutorFactory)?,
                                lane: DefaultActorLane) -> UnownedSerialExecutor {
        factory?.makeSerialExecutor(label: label) ?? lane.unownedExecutor
    }
}
