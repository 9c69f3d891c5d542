import CCourtyardSimHook

// MARK: - Running

extension SimScheduler {
    /// How a `run` ended.
    public enum RunEnd: Sendable, Hashable {
        /// Virtual time reached the requested instant.
        case reachedTime
        /// The stop condition held.
        case stopped
        /// More jobs ran than the step budget allows without virtual time moving (a livelock).
        case livelock(jobs: Int)
    }

    /// Runs jobs and timers until virtual time reaches `untilMs` or `stop` returns true
    /// (checked between steps). Must be called from one thread at a time, outside any
    /// simulator job. `jobsPerInstantMax` bounds the jobs run without time moving.
    @discardableResult
    public func run(untilMs: Int64, jobsPerInstantMax: Int = 2_000_000,
                    stop: () -> Bool = { false }) -> RunEnd {
        let untilNs = untilMs * 1_000_000
        var jobsThisInstant = 0
        while true {
            if stop() { return .stopped }
            if let ready = takeReady() {
                runJob(ready)
                jobsThisInstant += 1
                if jobsThisInstant > jobsPerInstantMax { return .livelock(jobs: jobsThisInstant) }
                continue
            }
            guard let due = fireNextTimers(notAfterNs: untilNs) else {
                state.withLock { s in s.nowNs = max(s.nowNs, untilNs) }
                return .reachedTime
            }
            _ = due
            jobsThisInstant = 0
        }
    }

    /// Picks the next ready job with the seeded generator and removes it.
    private func takeReady() -> Ready? {
        state.withLock { s -> Ready? in
            guard !s.ready.isEmpty else { return nil }
            let i = s.ready.count == 1 ? 0 : Int(s.random.next() % UInt64(s.ready.count))
            s.jobsRun += 1
            // Order within the queue is not FIFO: any ready job may go next, which is what
            // a multi-threaded pool may do too. Swap-remove keeps it O(1).
            s.ready.swapAt(i, s.ready.count - 1)
            return s.ready.removeLast()
        }
    }

    private func runJob(_ ready: Ready) {
        let escapesBefore = courtyard_sim_thread_escape_count()
        courtyard_sim_set_in_job(1)
        defer {
            courtyard_sim_set_in_job(0)
            noteEscapes(courtyard_sim_thread_escape_count() &- escapesBefore)
        }
        switch ready.target {
        case .serial(let executor):
            ready.job.runSynchronously(isolatedTo: executor.asUnownedSerialExecutor(),
                                       taskExecutor: executor.owner.taskExecutor.asUnownedTaskExecutor())
        case .task(let executor):
            ready.job.runSynchronously(on: executor.asUnownedTaskExecutor())
        }
    }

    /// Advances virtual time to the earliest timer (if due by `notAfterNs`) and fires every
    /// timer due at that instant, in (due, id) order. Returns nil when none is due.
    private func fireNextTimers(notAfterNs: Int64) -> Int64? {
        let due = state.withLock { s -> [Timer]? in
            guard let first = s.timers.first, first.dueNs <= notAfterNs else { return nil }
            s.nowNs = max(s.nowNs, first.dueNs)
            var fired: [Timer] = []
            while let next = s.timers.first, next.dueNs <= s.nowNs {
                fired.append(s.popTimer())
            }
            return fired
        }
        guard let due else { return nil }
        for timer in due {
            switch timer.action {
            case .resume(let continuation): continuation.resume()
            case .callback(let action): action()
            }
        }
        return due.first?.dueNs
    }
}

// MARK: - Timer heap

extension SimScheduler.State {
    private static func before(_ a: SimScheduler.Timer, _ b: SimScheduler.Timer) -> Bool {
        (a.dueNs, a.id) < (b.dueNs, b.id)
    }

    mutating func pushTimer(_ timer: SimScheduler.Timer) {
        timers.append(timer)
        var i = timers.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(timers[i], timers[parent]) else { break }
            timers.swapAt(i, parent)
            i = parent
        }
    }

    mutating func popTimer() -> SimScheduler.Timer {
        timers.swapAt(0, timers.count - 1)
        let top = timers.removeLast()
        siftDown(from: 0)
        return top
    }

    /// Removes the timer `id` wherever it is (a cancelled sleep). O(n); cancellations are rare.
    mutating func removeTimer(id: UInt64) -> SimScheduler.Timer? {
        guard let i = timers.firstIndex(where: { $0.id == id }) else { return nil }
        timers.swapAt(i, timers.count - 1)
        let removed = timers.removeLast()
        if i < timers.count {
            siftDown(from: i)
            var j = i
            while j > 0 {
                let parent = (j - 1) / 2
                guard Self.before(timers[j], timers[parent]) else { break }
                timers.swapAt(j, parent)
                j = parent
            }
        }
        return removed
    }

    private mutating func siftDown(from start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < timers.count, Self.before(timers[l], timers[m]) { m = l }
            if r < timers.count, Self.before(timers[r], timers[m]) { m = r }
            if m == i { return }
            timers.swapAt(i, m)
            i = m
        }
    }
}
