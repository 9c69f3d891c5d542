import CourtyardRuntime
import CourtyardStorage
import Logging
import ServiceLifecycle

// MARK: - Retention

/// Deletes what is older than a retention period, once at start and then once a day on the
/// environment's clock; idle when the retention is 0 (keep forever). A failing purge is
/// logged and retried the next day. With a retention of 0 `run()` returns at once, so the
/// node adds the service to its group only when something expires.
public struct RetentionService: Service {
    /// What is purged, for logs: "recordings", "audit entries".
    let what: String
    let retentionDays: Int
    let environment: NodeEnvironment
    let purge: @Sendable (_ days: Int, _ nowMs: Int64) async throws -> Int

    public static let intervalMs: Int64 = 86_400_000

    public init(what: String, retentionDays: Int, environment: NodeEnvironment,
                purge: @escaping @Sendable (_ days: Int, _ nowMs: Int64) async throws -> Int) {
        self.what = what
        self.retentionDays = retentionDays
        self.environment = environment
        self.purge = purge
    }

    /// `[recordings] retention_days`: recordings and their audio files.
    public static func recordings(_ store: GRDBRecordingStore, retentionDays: Int, environment: NodeEnvironment) -> Self {
        Self(what: "recordings", retentionDays: retentionDays, environment: environment) { days, now in
            try await store.purge(olderThanDays: days, nowMs: now)
        }
    }

    /// `[audit] retention_days`: the audit log of state-changing requests.
    public static func audit(_ store: GRDBAccountStore, retentionDays: Int, environment: NodeEnvironment) -> Self {
        Self(what: "audit entries", retentionDays: retentionDays, environment: environment) { days, now in
            try await store.purgeAudit(olderThanDays: days, nowMs: now)
        }
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

    /// One purge; returns how many were deleted (0 after a logged failure).
    @discardableResult
    public func purgeOnce() async -> Int {
        do {
            let deleted = try await purge(retentionDays, environment.wallClock.nowMs())
            if deleted > 0 {
                environment.logger.notice("\(what) purged", metadata: [
                    "deleted": "\(deleted)", "retentionDays": "\(retentionDays)",
                ])
            }
            return deleted
        } catch {
            environment.logger.error("\(what) purge failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
