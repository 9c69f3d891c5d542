import CourtyardRuntime
import CourtyardStorage
import Logging
import ServiceLifecycle

// MARK: - Recording retention

/// Deletes recordings older than `[recordings] retention_days`, once at start and then
/// once a day on the environment's clock; idle when the retention is 0 (keep forever).
/// A failing purge is logged and retried the next day. With a retention of 0 `run()` returns
/// at once, so the node adds the service to its group only when recordings expire.
public struct RecordingRetentionService: Service {
    let store: GRDBRecordingStore
    let retentionDays: Int
    let environment: NodeEnvironment

    public static let intervalMs: Int64 = 86_400_000

    public init(store: GRDBRecordingStore, retentionDays: Int, environment: NodeEnvironment) {
        self.store = store
        self.retentionDays = retentionDays
        self.environment = environment
    }

    public func run() async throws {
        guard retentionDays > 0 else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await purgeOnce()
                do {
                    try await environment.clock.sleep(for: .milliseconds(Self.intervalMs))
                } catch {
                    return
                }
            }
        }
    }

    /// One purge; returns how many recordings were deleted (0 after a logged failure).
    @discardableResult
    public func purgeOnce() async -> Int {
        do {
            let deleted = try await store.purge(olderThanDays: retentionDays, nowMs: environment.wallClock.nowMs())
            if deleted > 0 {
                environment.logger.notice("recordings purged", metadata: [
                    "deleted": "\(deleted)", "retentionDays": "\(retentionDays)",
                ])
            }
            return deleted
        } catch {
            environment.logger.error("recording purge failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
