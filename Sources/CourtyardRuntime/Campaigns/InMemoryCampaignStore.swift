import CourtyardCallCenter
import CourtyardCRDT

/// A `CampaignStore` in memory: runtime tests and `--ephemeral` nodes.
public actor InMemoryCampaignStore: CampaignStore {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    private var campaignsByID: [CampaignID: Campaign] = [:]
    /// Messages of each campaign, in sequence order.
    private var messagesByCampaign: [CampaignID: [CampaignMessage]] = [:]
    /// Where each message sits in its campaign's array.
    private var index: [CampaignMessageID: (campaign: CampaignID, position: Int)] = [:]
    private var optOutsByKey: [String: OptOut] = [:]

    public init(executors: (any ActorExecutorFactory)? = nil) {
        unownedExecutor = ActorExecutors.executor("campaign-store", factory: executors, lane: lane)
    }

    // MARK: Campaigns

    public func create(_ plan: CampaignPlan) async throws {
        guard campaignsByID[plan.campaign.id] == nil else {
            throw ServiceError(.conflict, "campaign \(plan.campaign.id) already exists")
        }
        campaignsByID[plan.campaign.id] = plan.campaign
        messagesByCampaign[plan.campaign.id] = plan.messages
        for (i, m) in plan.messages.enumerated() { index[m.id] = (plan.campaign.id, i) }
    }

    public func campaign(_ id: CampaignID) async throws -> Campaign? { campaignsByID[id] }

    public func campaigns(site: SiteID?, status: CampaignStatus?, limit: Int) async throws -> [Campaign] {
        let all = campaignsByID.values.filter { (site == nil || $0.site == site) && (status == nil || $0.status == status) }
        return Array(all.sorted { ($0.createdAtMs, $1.id) > ($1.createdAtMs, $0.id) }.prefix(limit))
    }

    public func setStatus(_ id: CampaignID, to status: CampaignStatus, failingUnsent: FailureReason?, nowMs: Int64) async throws {
        guard var c = campaignsByID[id] else { throw ServiceError.notFound("campaign", id.rawValue) }
        c.status = status
        c.updatedAtMs = nowMs
        campaignsByID[id] = c
        guard let reason = failingUnsent else { return }
        messagesByCampaign[id] = messagesByCampaign[id]?.map { m in
            (try? m.failing(reason, nowMs: nowMs)) ?? m
        }
    }

    // MARK: Messages

    public func counts(_ id: CampaignID) async throws -> [MessageState: Int] {
        var counts: [MessageState: Int] = [:]
        for m in messagesByCampaign[id] ?? [] { counts[m.state, default: 0] += 1 }
        return counts
    }

    public func messages(_ id: CampaignID, state: MessageState?, limit: Int, offset: Int) async throws -> [CampaignMessage] {
        let all = (messagesByCampaign[id] ?? []).filter { state == nil || $0.state == state }
        return Array(all.dropFirst(offset).prefix(limit))
    }

    public func dueMessages(_ id: CampaignID, nowMs: Int64, limit: Int) async throws -> [CampaignMessage] {
        Array((messagesByCampaign[id] ?? [])
            .filter { ($0.state == .queued || $0.state == .sending) && $0.nextAttemptAtMs <= nowMs }
            .prefix(limit))
    }

    public func nextAttemptMs(_ id: CampaignID, after nowMs: Int64) async throws -> Int64? {
        (messagesByCampaign[id] ?? []).filter { $0.state == .queued && $0.nextAttemptAtMs > nowMs }.map(\.nextAttemptAtMs).min()
    }

    public func message(_ id: CampaignMessageID) async throws -> CampaignMessage? {
        guard let at = index[id] else { return nil }
        return messagesByCampaign[at.campaign]?[at.position]
    }

    public func message(providerMessageID: String) async throws -> CampaignMessage? {
        for id in campaignsByID.keys.sorted() {
            if let m = messagesByCampaign[id]?.first(where: { $0.providerMessageID == providerMessageID }) { return m }
        }
        return nil
    }

    public func update(_ message: CampaignMessage) async throws {
        guard let at = index[message.id] else { throw ServiceError.notFound("campaign message", message.id.rawValue) }
        messagesByCampaign[at.campaign]?[at.position] = message
    }

    // MARK: Opt-outs

    public func addOptOut(_ optOut: OptOut) async throws {
        optOutsByKey[optOut.residentID + "\u{1F}" + optOut.channel.rawValue] = optOut
    }

    public func optOuts(residentIDs: [String]?) async throws -> [OptOut] {
        let wanted = residentIDs.map(Set.init)
        return optOutsByKey.keys.sorted().compactMap { optOutsByKey[$0] }
            .filter { wanted == nil || wanted!.contains($0.residentID) }
    }
}
