import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Running a simulation off the cooperative pool, one at a time

/// Runs a long, CPU-bound, synchronous simulation on a thread of its own and awaits it.
///
/// Swift Testing runs tests on the cooperative pool, which has one thread per core (two
/// here). A simulation that runs synchronously for tens of seconds on it would starve every
/// other test — the real-process tests' deadlines would expire while they wait for a thread.
/// Simulations also take one process-wide slot (a file lock, shared by every test module),
/// so they use one core between them and the timing-sensitive tests keep the other.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            let slot = SimulationSlot.acquire()
            defer { SimulationSlot.release(slot) }
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// `offPool` for a body that cannot fail.
func offPoolValue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            let slot = SimulationSlot.acquire()
            defer { SimulationSlot.release(slot) }
            continuation.resume(returning: body())
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// One simulation at a time in this process: an exclusive `flock` on a file in the
/// temporary directory (each acquisition opens its own descriptor, so two test modules
/// exclude each other too).
enum SimulationSlot {
    static let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("courtyard-simulation-\(getpid()).lock").path

    static func acquire() -> Int32 {
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        if fd >= 0 { _ = flock(fd, LOCK_EX) }
        return fd
    }

    static func release(_ fd: Int32) {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}
