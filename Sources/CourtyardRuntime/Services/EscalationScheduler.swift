import CourtyardDomain
import Logging

/// Runs the escalation pass on the injected clock: at the next mark any open ticket reaches,
/// but never sooner than `intervalMsMin` (to bound the load) nor later than `intervalMsMax`
/// (so tickets created meanwhile, or replicated in, are seen in time).
///
/// A plain `run() async throws` loop that ends when its task is cancelled; the CLI wraps it
/// in a swift-service-lifecycle `Service`. A failing pass is logged and retried next round.
public struct EscalationScheduler: Sendable {
    public let service: TicketService
    public let environment: NodeEnvironment
    public let intervalMsMin: Int64
    public let intervalMsMax: Int64

    public init(service: TicketService, environment: NodeEnvironment,
                intervalMsMin: Int64 = 1_000, intervalMsMax: Int64 = 60_000) {
        precondition(intervalMsMin > 0 && intervalMsMin <= intervalMsMax)
        self.service = service
        self.environment = environment
        self.intervalMsMin = intervalMsMin
        self.intervalMsMax = intervalMsMax
    }

    public func run() async throws {
        while !Task.isCancelled {
            let delayMs = await runOnce()
            try await environment.clock.sleep(for: .milliseconds(delayMs))
        }
    }

    /// One pass; returns how long to wait before the next one.
    public func runOnce() async -> Int64 {
        do {
            let run = try await service.runEscalations()
            return delay(nextCheckMs: run.nextCheckMs, nowMs: environment.wallClock.nowMs())
        } catch {
            environment.logger.error("escalation pass failed", metadata: ["error": "\(error)"])
            return intervalMsMin
        }
    }

    /// The wait until `nextCheckMs`, clamped to [intervalMsMin, intervalMsMax].
    public func delay(nextCheckMs: Int64?, nowMs: Int64) -> Int64 {
        guard let next = nextCheckMs else { return intervalMsMax }
        return min(max(next - nowMs, intervalMsMin), intervalMsMax)
    }
}
