import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Logging

/// Runs a node's outbound campaigns (SPEC §5): plans them from the directory, starts,
/// pauses and cancels them, sends their queued messages through a `MessageProvider` within
/// each campaign's rate limit and window, and applies delivery receipts.
///
/// Every state change of a message is written to the `CampaignStore` before the runner
/// moves on: `sending` before the provider is called, the outcome right after. After a
/// restart the runner resumes from the store alone; a message found `sending` is sent again
/// under the same id (the provider's idempotency key), never under a new one.
///
/// Time is the environment's: `wallClock` for windows, rates and timestamps, `clock` for the
/// loop's sleeps. `run()` ends when its task is cancelled.
public actor CampaignRunner {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    public let site: SiteID
    let store: any CampaignStore
    let directory: any DirectoryStore
    let provider: any MessageProvider
    let environment: NodeEnvironment
    /// Messages sent per campaign per pass, so one campaign cannot starve the others.
    let passMessagesMax: Int
    /// Bounds on the loop's sleep: look again at least this often, and never spin faster.
    let idleMsMax: Int64
    let idleMsMin: Int64

    /// Token buckets of running campaigns; dropped when a campaign stops, so a resumed one
    /// starts with one token rather than a burst.
    var buckets: [CampaignID: TokenBucket] = [:]
    /// True while a pass runs: a second caller waits for the next one instead of interleaving.
    var passing = false

    public init(site: SiteID, store: any CampaignStore, directory: any DirectoryStore, provider: any MessageProvider,
                environment: NodeEnvironment, passMessagesMax: Int = 200, idleMsMin: Int64 = 50, idleMsMax: Int64 = 1_000) {
        precondition(passMessagesMax > 0 && idleMsMin > 0 && idleMsMin <= idleMsMax)
        unownedExecutor = environment.actorExecutor("campaign-runner", lane: lane)
        self.site = site
        self.store = store
        self.directory = directory
        self.provider = provider
        self.environment = environment
        self.passMessagesMax = passMessagesMax
        self.idleMsMin = idleMsMin
        self.idleMsMax = idleMsMax
    }

    var nowMs: Int64 { environment.wallClock.nowMs() }

    // MARK: Loop

    /// Sends until cancelled: a pass, then a sleep on `environment.clock` until the next
    /// due message or token (clamped to `idleMsMin`…`idleMsMax`, so a campaign started
    /// meanwhile is picked up within `idleMsMax`).
    public func run() async throws {
        while !Task.isCancelled {
            let waitMs = await runOnce()
            try await environment.clock.sleep(for: .milliseconds(waitMs))
        }
    }

    /// One pass over the running campaigns; returns how long to wait before the next.
    /// A failing pass is logged and retried after `idleMsMax`.
    @discardableResult
    public func runOnce() async -> Int64 {
        guard !passing else { return idleMsMin }
        passing = true
        defer { passing = false }
        do {
            try await applyProviderReceipts()
            var wakeAtMs: Int64?
            let now = nowMs
            for campaign in try await store.campaigns(site: site, status: .running, limit: CampaignQueryLimits.listMax) {
                if let next = try await pass(campaign) { wakeAtMs = min(wakeAtMs ?? next, next) }
            }
            for id in buckets.keys.sorted() {
                if try await store.campaign(id)?.status != .running { buckets[id] = nil }
            }
            guard let wake = wakeAtMs else { return idleMsMax }
            return min(max(wake - now, idleMsMin), idleMsMax)
        } catch {
            environment.logger.error("campaign pass failed", metadata: ["error": "\(error)"])
            return idleMsMax
        }
    }

    // MARK: Commands

    /// Starts, pauses or cancels a campaign. Cancelling fails its unsent messages
    /// (`cancelled`) in the same transaction.
    public func command(_ id: CampaignID, _ command: CampaignCommand) async throws -> Campaign {
        guard let campaign = try await store.campaign(id) else { throw ServiceError.notFound("campaign", id.rawValue) }
        let next: CampaignStatus
        do { next = try campaign.status(after: command) } catch { throw ServiceError(error) }
        try await store.setStatus(id, to: next, failingUnsent: next == .cancelled ? .cancelled : nil, nowMs: nowMs)
        if next != .running { buckets[id] = nil }
        environment.logger.info("campaign \(command.rawValue)", metadata: ["campaign": "\(id)", "status": "\(next.rawValue)"])
        guard let updated = try await store.campaign(id) else { throw ServiceError.notFound("campaign", id.rawValue) }
        return updated
    }

    /// Records a resident's opt-out; queued messages to them fail (`optedOut`) when their
    /// turn comes.
    public func optOut(residentID: String, channel: OptOutChannel) async throws -> OptOut {
        guard !residentID.isEmpty, residentID.utf8.count <= 64 else {
            throw ServiceError.invalid(field: "residentID", "residentID must be 1–64 bytes")
        }
        guard try await directory.resident(id: residentID) != nil else { throw ServiceError.notFound("resident", residentID) }
        let optOut = OptOut(residentID: residentID, channel: channel, atMs: nowMs)
        try await store.addOptOut(optOut)
        return optOut
    }
}
