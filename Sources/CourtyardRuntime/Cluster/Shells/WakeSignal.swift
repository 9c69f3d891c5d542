import Synchronization

// MARK: - WakeSignal

/// Wakes a shell's timer loop early: the loop sleeps until its earliest deadline, and a
/// timer scheduled before that deadline must cut the sleep short.
///
/// A signal raised while nobody waits is remembered (once), so a wake-up racing the
/// loop's next `wait` is never lost. Waiting ends on cancellation too.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next one when nobody waits.
    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Forgets a signal raised before the caller re-read its timers.
    func reset() {
        state.withLock { $0.pending = false }
    }

    /// Returns at the next signal (at once when one is pending) or on cancellation.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            signal()
        }
    }

    /// Sleeps until `deadlineMs` on `clock`, or until signalled, whichever comes first;
    /// with no deadline, until signalled. Returns early on cancellation.
    func sleep(untilMs deadlineMs: Int64?, clock: MillisecondClock) async {
        guard let deadlineMs else {
            await wait()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(untilMs: deadlineMs) }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
            // The waiting child ignores cancellation of itself only through `onCancel`,
            // which signals; a leftover pending flag is cleared by the loop's `reset`.
        }
    }
}
