@testable import CourtyardActorSimulation
import CourtyardRuntime
import Synchronization
import Testing

/// A shared, locked value for tasks of a test.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

/// An actor that records the order in which tasks reach it.
private actor Recorder {
    nonisolated let unownedExecutor: UnownedSerialExecutor
    private(set) var log: [String] = []

    init(executors: any ActorExecutorFactory) {
        unownedExecutor = executors.makeSerialExecutor(label: "recorder")
    }

    func note(_ s: String) { log.append(s) }
}

/// Runs `count` root tasks that each note three steps on the recorder, hopping through the
/// virtual clock between steps; returns the interleaving and the trace hash.
private func interleaving(seed: UInt64, count: Int = 6) -> ([String], String, Int) {
    let scheduler = SimScheduler(seed: seed)
    let owner = SimExecutorOwner(name: "n#1", scheduler: scheduler)
    let recorder = Recorder(executors: owner)
    let clock = SimVirtualClock(scheduler: scheduler)
    for i in 0..<count {
        Task(executorPreference: owner.preferredTaskExecutor) {
            for step in 0..<3 {
                await recorder.note("t\(i).\(step)")
                try? await clock.sleep(for: .milliseconds(10 * (i % 3)))
            }
        }
    }
    let end = scheduler.run(untilMs: 60_000)
    #expect(end == .reachedTime)
    let log = Locked<[String]>([])
    Task(executorPreference: owner.preferredTaskExecutor) {
        let l = await recorder.log
        log.withLock { $0 = l }
    }
    scheduler.run(untilMs: 60_001)
    return (log.withLock { $0 }, "\(scheduler.traceHash)", scheduler.jobsRun)
}

@Suite struct SchedulerTests {
    @Test func sameSeed_sameInterleaving() {
        let a = interleaving(seed: 42)
        let b = interleaving(seed: 42)
        #expect(a.0.count == 18)
        #expect(a.0 == b.0)
        #expect(a.2 == b.2)
    }

    @Test func differentSeeds_exploreDifferentInterleavings() {
        let orders = Set((1...8).map { interleaving(seed: UInt64($0)).0 })
        #expect(orders.count > 1)
    }

    @Test func virtualTime_jumpsToTheNextTimer_withoutRealWaiting() {
        let scheduler = SimScheduler(seed: 1)
        let owner = SimExecutorOwner(name: "n#1", scheduler: scheduler)
        let clock = SimVirtualClock(scheduler: scheduler)
        let wokeAtMs = Locked<Int64?>(nil)
        Task(executorPreference: owner.preferredTaskExecutor) {
            try await clock.sleep(for: .seconds(3_600))
            wokeAtMs.withLock { $0 = scheduler.nowMs }
        }
        scheduler.run(untilMs: 3_599_999)
        #expect(wokeAtMs.withLock { $0 } == nil)
        scheduler.run(untilMs: 7_200_000)
        #expect(wokeAtMs.withLock { $0 } == 3_600_000)
        #expect(scheduler.nowMs == 7_200_000)
    }

    @Test func cancelledSleep_throwsCancellation_atTheCancellingInstant() {
        let scheduler = SimScheduler(seed: 1)
        let owner = SimExecutorOwner(name: "n#1", scheduler: scheduler)
        let clock = SimVirtualClock(scheduler: scheduler)
        let outcome = Locked<String>("")
        let sleeper = Task(executorPreference: owner.preferredTaskExecutor) {
            do {
                try await clock.sleep(for: .seconds(60))
                outcome.withLock { $0 = "woke" }
            } catch {
                outcome.withLock { $0 = "cancelled at \(scheduler.nowMs)" }
            }
        }
        scheduler.schedule(atNs: 5_000_000_000) { sleeper.cancel() }
        scheduler.run(untilMs: 120_000)
        #expect(outcome.withLock { $0 } == "cancelled at 5000")
    }

    @Test func retiredOwner_dropsItsJobs_andOthersRunOn() {
        let scheduler = SimScheduler(seed: 3)
        let dead = SimExecutorOwner(name: "a#1", scheduler: scheduler)
        let alive = SimExecutorOwner(name: "b#1", scheduler: scheduler)
        let clock = SimVirtualClock(scheduler: scheduler)
        let ticks = Locked<[String: Int]>([:])
        for owner in [dead, alive] {
            Task(executorPreference: owner.preferredTaskExecutor) {
                for _ in 0..<100 {
                    try await clock.sleep(for: .seconds(1))
                    ticks.withLock { $0[owner.name, default: 0] += 1 }
                }
            }
        }
        scheduler.schedule(atNs: 10_500_000_000) { scheduler.retire(dead) }
        scheduler.run(untilMs: 200_000)
        #expect(ticks.withLock { $0["a#1"] } == 10)
        #expect(ticks.withLock { $0["b#1"] } == 100)
        #expect(scheduler.jobsDropped >= 1)
    }

    @Test func jobEscapingToTheGlobalExecutor_isCounted() async {
        let scheduler = SimScheduler(seed: 1)
        #expect(scheduler.escapeDetection)
        let owner = SimExecutorOwner(name: "n#1", scheduler: scheduler)
        Task(executorPreference: owner.preferredTaskExecutor) {
            // A detached task ignores the preference: it goes to the global executor.
            Task.detached { _ = 1 + 1 }
        }
        scheduler.run(untilMs: 1_000)
        #expect(scheduler.escapes == 1)
    }

    @Test func taskWithPreference_staysOnTheQueue_noEscape() {
        let scheduler = SimScheduler(seed: 1)
        let owner = SimExecutorOwner(name: "n#1", scheduler: scheduler)
        let recorder = Recorder(executors: owner)
        Task(executorPreference: owner.preferredTaskExecutor) {
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<4 { group.addTask { await recorder.note("child \(i)") } }
            }
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            continuation.yield(1)
            continuation.finish()
            for await _ in stream { await recorder.note("stream") }
        }
        scheduler.run(untilMs: 1_000)
        #expect(scheduler.escapes == 0)
        #expect(scheduler.jobsRun > 4)
    }
}
