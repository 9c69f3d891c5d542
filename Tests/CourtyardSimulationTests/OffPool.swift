import Foundation

// MARK: - Running a simulation off the cooperative pool

/// Runs a long, CPU-bound, synchronous simulation on a thread of its own and awaits it.
///
/// Swift Testing runs tests on the cooperative pool, which has one thread per core (two
/// here). A simulation that runs synchronously for tens of seconds on it would starve every
/// other test — the real-process tests' deadlines would expire while they wait for a thread.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// `offPool` for a body that cannot fail.
func offPoolValue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
