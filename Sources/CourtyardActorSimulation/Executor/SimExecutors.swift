import CourtyardRuntime
import Synchronization

// MARK: - SimExecutorOwner

/// The executors of one node life: one task executor (root tasks of the node start with a
/// preference for it, so their nonisolated code and child tasks run here) and one serial
/// executor per actor. Retiring the owner (a crash) drops every job of that life.
public final class SimExecutorOwner: ActorExecutorFactory, Hashable, @unchecked Sendable {
    public let name: String
    unowned(unsafe) let scheduler: SimScheduler
    private let serials = Mutex<[SimSerialExecutor]>([])
    // Set once in init; the executors point back to their owner.
    private(set) var taskExecutor: SimTaskExecutor!

    /// Executors for the node life `name` (for example `north-bay#2`).
    public init(name: String, scheduler: SimScheduler) {
        self.name = name
        self.scheduler = scheduler
        taskExecutor = SimTaskExecutor(owner: self)
    }

    /// The task executor that root tasks of this node life prefer.
    public var preferredTaskExecutor: any TaskExecutor { taskExecutor }

    public func makeSerialExecutor(label: String) -> UnownedSerialExecutor {
        let executor = SimSerialExecutor(owner: self, label: label)
        serials.withLock { $0.append(executor) }
        return executor.asUnownedSerialExecutor()
    }

    public var actorCount: Int { serials.withLock { $0.count } }

    public static func == (a: SimExecutorOwner, b: SimExecutorOwner) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

// MARK: - Executors

/// One actor's serial executor: its jobs go onto the run's seeded queue. Serial by
/// construction — the scheduler runs one job at a time.
public final class SimSerialExecutor: SerialExecutor, @unchecked Sendable {
    unowned(unsafe) let owner: SimExecutorOwner
    public let label: String

    init(owner: SimExecutorOwner, label: String) {
        self.owner = owner
        self.label = label
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        owner.scheduler.enqueue(UnownedJob(job), on: .serial(self))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}

/// A node life's task executor: nonisolated async code and child tasks of the node's root
/// tasks run here, on the same seeded queue.
public final class SimTaskExecutor: TaskExecutor, @unchecked Sendable {
    unowned(unsafe) let owner: SimExecutorOwner

    init(owner: SimExecutorOwner) {
        self.owner = owner
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        owner.scheduler.enqueue(UnownedJob(job), on: .task(self))
    }

    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
