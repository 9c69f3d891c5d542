import CCourtyardSimHook
import CourtyardSimulation
import Synchronization

// MARK: - SimScheduler

/// The one run queue of an actor-simulation run (DESIGN §5): every job of every simulated
/// node — actor jobs through `SimSerialExecutor`s, nonisolated and child-task jobs through
/// `SimTaskExecutor`s — lands here, and `run(untilMs:)` runs them one at a time on the
/// calling thread, picking the next one with the run's seeded generator. Virtual time
/// (`SimVirtualClock`) moves only when no job is ready: it jumps to the next timer.
///
/// Jobs of a crashed node life are dropped unrun (its executors are retired), the way a
/// killed process's work vanishes. A job that reaches the global executor while a
/// simulator job runs is counted as an escape (`escapes`): the run then fails, because
/// that job ran at a time the seed did not choose.
public final class SimScheduler: Sendable {
    struct Ready {
        let job: UnownedJob
        let target: Target
    }

    enum Target {
        case serial(SimSerialExecutor)
        case task(SimTaskExecutor)

        var owner: SimExecutorOwner {
            switch self {
            case .serial(let e): e.owner
            case .task(let e): e.owner
            }
        }
    }

    struct Timer {
        let id: UInt64
        let dueNs: Int64
        let action: Action
    }

    enum Action {
        case resume(CheckedContinuation<Void, any Error>)
        case callback(@Sendable () -> Void)
    }

    struct State {
        var ready: [Ready] = []
        var timers: [Timer] = [] // a binary min-heap on (dueNs, id)
        var cancelledEarly: Set<UInt64> = []
        var nowNs: Int64 = 0
        var nextTimerID: UInt64 = 1
        var retired: Set<SimExecutorOwner> = []
        var random: SimRandom
        var jobsRun = 0
        var jobsDropped = 0
        var escapes: UInt64 = 0
        var trace = TraceHash()
        var records: [SimTraceRecord]?
    }

    let state: Mutex<State>
    /// False when the Swift runtime offers no hook (escape detection is then off).
    public let escapeDetection: Bool

    /// A scheduler drawing its choices from `seed`.
    /// `collectTrace` keeps every trace record (for `--json-trace` and for finding where two
    /// runs part ways); the hash is kept either way.
    public init(seed: UInt64, collectTrace: Bool = false) {
        state = Mutex(State(random: SimRandom(seed: seed, recording: false), records: collectTrace ? [] : nil))
        escapeDetection = courtyard_sim_install_escape_hooks() == 0
    }

    // MARK: Time

    /// Virtual nanoseconds since the run began.
    public var nowNs: Int64 { state.withLock { $0.nowNs } }
    public var nowMs: Int64 { nowNs / 1_000_000 }

    // MARK: Enqueueing (called by the executors, from inside jobs or from the driver)

    func enqueue(_ job: UnownedJob, on target: Target) {
        let dropped = state.withLock { s -> Bool in
            if s.retired.contains(target.owner) { s.jobsDropped += 1; return true }
            s.ready.append(Ready(job: job, target: target))
            return false
        }
        _ = dropped
    }

    /// Retires every executor of `owner` (a node life that crashed): its queued jobs are
    /// dropped and any later job for it is dropped on arrival.
    public func retire(_ owner: SimExecutorOwner) {
        state.withLock { s in
            s.retired.insert(owner)
            let before = s.ready.count
            s.ready.removeAll { $0.target.owner == owner }
            s.jobsDropped += before - s.ready.count
        }
    }

    // MARK: Timers

    /// Suspends the calling task until virtual time reaches `dueNs` (or throws
    /// `CancellationError` when its task is cancelled first).
    func sleep(untilNs dueNs: Int64) async throws {
        try Task.checkCancellation()
        let id = state.withLock { s -> UInt64 in
            defer { s.nextTimerID += 1 }
            return s.nextTimerID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let early = state.withLock { s -> Bool in
                    if s.cancelledEarly.remove(id) != nil { return true }
                    s.pushTimer(Timer(id: id, dueNs: max(dueNs, s.nowNs), action: .resume(continuation)))
                    return false
                }
                if early { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                if let timer = s.removeTimer(id: id), case .resume(let c) = timer.action { return c }
                s.cancelledEarly.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Runs `action` on the driver thread when virtual time reaches `atNs` (network
    /// deliveries, faults, workload arrivals). Actions run between jobs, never inside one.
    public func schedule(atNs: Int64, _ action: @escaping @Sendable () -> Void) {
        state.withLock { s in
            let id = s.nextTimerID
            s.nextTimerID += 1
            s.pushTimer(Timer(id: id, dueNs: max(atNs, s.nowNs), action: .callback(action)))
        }
    }

    public func schedule(afterMs ms: Int64, _ action: @escaping @Sendable () -> Void) {
        schedule(atNs: nowNs + max(0, ms) * 1_000_000, action)
    }

    // MARK: Randomness and trace

    /// A draw from the run's generator (the only randomness of a run).
    public func draw() -> UInt64 { state.withLock { $0.random.next() } }

    /// A uniform draw in `0..<bound`.
    public func draw(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(draw() % UInt64(bound))
    }

    /// Folds one record into the run's trace hash.
    public func trace(_ kind: String, _ detail: String) {
        state.withLock { s in
            s.trace.record(atMs: s.nowNs / 1_000_000, kind, detail)
            s.records?.append(SimTraceRecord(atMs: s.nowNs / 1_000_000, kind: kind, detail: detail))
        }
    }

    /// The collected records (empty unless collecting).
    public var records: [SimTraceRecord] { state.withLock { $0.records ?? [] } }

    public var traceHash: TraceHash { state.withLock { $0.trace } }
    public var jobsRun: Int { state.withLock { $0.jobsRun } }
    public var jobsDropped: Int { state.withLock { $0.jobsDropped } }

    /// Jobs that escaped to the global executor from this scheduler's jobs.
    public var escapes: UInt64 { state.withLock { $0.escapes } }

    func noteEscapes(_ n: UInt64) {
        guard n > 0 else { return }
        state.withLock { $0.escapes += n }
    }
}

/// One record of an actor-simulation trace.
public struct SimTraceRecord: Hashable, Sendable {
    public let atMs: Int64
    public let kind: String
    public let detail: String
}
