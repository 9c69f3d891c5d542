import CourtyardCRDT
import CourtyardDomain

// MARK: - Planning a campaign

/// A campaign's messages, computed once at creation: the audience rendered through the
/// template, every message checked against the channel's length bound.
public struct CampaignPlan: Hashable, Sendable {
    public var campaign: Campaign
    public var messages: [CampaignMessage]
    public var skipped: [SkipReason: Int]

    public init(campaign: Campaign, messages: [CampaignMessage], skipped: [SkipReason: Int] = [:]) {
        self.campaign = campaign
        self.messages = messages
        self.skipped = skipped
    }

    /// The first `CampaignLimits.previewMax` messages, for a dry run.
    public var preview: [CampaignMessage] { Array(messages.prefix(CampaignLimits.previewMax)) }
}

public enum CampaignPlanner {
    /// Validates `campaign` and renders its audience; throws the first problem (an unknown
    /// placeholder, a missing variable, a message too long for its channel naming the
    /// resident, an audience over `CampaignLimits.audienceMax`). Nothing is half-planned.
    public static func plan(_ campaign: Campaign, directory: DirectorySnapshot, optOuts: [OptOut]) throws(CampaignError) -> CampaignPlan {
        let template = try campaign.validate()
        let audience = AudienceSelection.select(site: campaign.site, channel: campaign.channel, filter: campaign.audience,
                                                directory: directory, optOuts: optOuts)
        guard audience.recipients.count <= CampaignLimits.audienceMax else {
            throw CampaignError(.audienceTooLarge,
                                "the audience has \(audience.recipients.count) residents; the limit is \(CampaignLimits.audienceMax) — narrow it by building or role",
                                field: "audience")
        }
        var messages: [CampaignMessage] = []
        messages.reserveCapacity(audience.recipients.count)
        for (i, r) in audience.recipients.enumerated() {
            let body = template?.render(r.fields, variables: campaign.variables) ?? campaign.template
            try campaign.channel.checkLength(body, who: "resident \(r.residentID)")
            messages.append(CampaignMessage(id: .make(campaign.id, sequence: i + 1), campaignID: campaign.id,
                                            residentID: r.residentID, phone: r.phone, body: body,
                                            nextAttemptAtMs: campaign.createdAtMs, updatedAtMs: campaign.createdAtMs))
        }
        return CampaignPlan(campaign: campaign, messages: messages, skipped: audience.skipped)
    }
}
