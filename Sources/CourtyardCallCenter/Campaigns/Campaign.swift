import CourtyardCRDT
import CourtyardDomain

// MARK: - Status

/// Where a campaign is in its life: created as a draft, sending while running, completed
/// once every message is final, or cancelled (its queued messages are never sent).
public enum CampaignStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case draft, running, paused, completed, cancelled

    public var isFinal: Bool { self == .completed || self == .cancelled }
}

/// What an operator may do to a campaign.
public enum CampaignCommand: String, CaseIterable, Hashable, Sendable, Codable {
    case start, pause, cancel
}

// MARK: - Campaign

/// An outbound campaign (SPEC §5): a channel, a template, an audience filter, a window and
/// a rate. Its messages are planned once at creation (`CampaignPlanner`) and kept apart.
public struct Campaign: Hashable, Sendable, Codable {
    public var id: CampaignID
    public var site: SiteID
    public var name: String
    public var channel: CampaignChannel
    /// The template text (`CampaignTemplate` syntax), or the file name of a voiceFile campaign.
    public var template: String
    /// Values of the campaign placeholders (`outageStart`, `holiday`, …).
    public var variables: [String: String]
    public var audience: AudienceFilter
    public var window: ScheduleWindow
    public var ratePerMinute: Int
    public var retry: RetryPolicy
    public var status: CampaignStatus
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
    /// Who created it (the API's acting user), when known.
    public var createdBy: String?

    public init(id: CampaignID, site: SiteID, name: String, channel: CampaignChannel, template: String,
                variables: [String: String] = [:], audience: AudienceFilter = AudienceFilter(),
                window: ScheduleWindow = ScheduleWindow(), ratePerMinute: Int = 60, retry: RetryPolicy = RetryPolicy(),
                status: CampaignStatus = .draft, createdAtMs: Int64, updatedAtMs: Int64? = nil, createdBy: String? = nil) {
        self.id = id
        self.site = site
        self.name = name
        self.channel = channel
        self.template = template
        self.variables = variables
        self.audience = audience
        self.window = window
        self.ratePerMinute = ratePerMinute
        self.retry = retry
        self.status = status
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs ?? createdAtMs
        self.createdBy = createdBy
    }

    /// Ids leave room for `:<sequence>` in message ids.
    public static let idCharactersMax = 56

    /// Checks every field; returns the parsed template (nil for a voiceFile campaign).
    @discardableResult
    public func validate() throws(CampaignError) -> CampaignTemplate? {
        guard id.rawValue.count <= Self.idCharactersMax else {
            throw CampaignError.invalid("id", "must be at most \(Self.idCharactersMax) characters")
        }
        guard !name.allSatisfy(\.isWhitespace), name.count <= CampaignLimits.nameCharactersMax else {
            throw CampaignError.invalid("name", "must be 1–\(CampaignLimits.nameCharactersMax) characters")
        }
        guard CampaignLimits.ratePerMinuteRange.contains(ratePerMinute) else {
            throw CampaignError.invalid("ratePerMinute", "must be \(CampaignLimits.ratePerMinuteRange.lowerBound)–\(CampaignLimits.ratePerMinuteRange.upperBound) (got \(ratePerMinute))")
        }
        try window.validate()
        try retry.validate()
        try audience.validate()
        if channel == .voiceFile {
            try CampaignChannel.checkVoiceFile(template)
            guard variables.isEmpty else { throw CampaignError.invalid("variables", "must be empty for a voiceFile campaign") }
            return nil
        }
        let parsed = try CampaignTemplate(template)
        try parsed.validate(variables: variables)
        return parsed
    }

    /// The status after `command`, or `.invalidTransition` saying why not.
    public func status(after command: CampaignCommand) throws(CampaignError) -> CampaignStatus {
        switch (command, status) {
        case (.start, .draft), (.start, .paused): return .running
        case (.pause, .running): return .paused
        case (.cancel, .draft), (.cancel, .running), (.cancel, .paused): return .cancelled
        default:
            throw CampaignError(.invalidTransition, "cannot \(command.rawValue) campaign \(id) while it is \(status.rawValue)")
        }
    }
}
