import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

/// What a client asks for when it creates a campaign (the body of `POST /api/v1/campaigns`).
/// Either `template` or `templateKey` (a `BuiltInTemplate` key) names the text; channel
/// defaults to the built-in's.
public struct CampaignRequest: Hashable, Sendable, Codable {
    public var name: String
    public var site: SiteID?
    public var channel: CampaignChannel?
    public var template: String?
    public var templateKey: String?
    public var variables: [String: String]?
    public var audience: AudienceFilter?
    public var window: ScheduleWindow?
    public var ratePerMinute: Int?
    public var retry: RetryPolicy?

    public init(name: String, site: SiteID? = nil, channel: CampaignChannel? = nil, template: String? = nil,
                templateKey: String? = nil, variables: [String: String]? = nil, audience: AudienceFilter? = nil,
                window: ScheduleWindow? = nil, ratePerMinute: Int? = nil, retry: RetryPolicy? = nil) {
        self.name = name
        self.site = site
        self.channel = channel
        self.template = template
        self.templateKey = templateKey
        self.variables = variables
        self.audience = audience
        self.window = window
        self.ratePerMinute = ratePerMinute
        self.retry = retry
    }

    /// The campaign this request describes (not yet validated: `CampaignPlanner` does).
    func campaign(id: CampaignID, defaultSite: SiteID, nowMs: Int64, createdBy: String?) throws -> Campaign {
        var text = template
        var channel = self.channel
        if let key = templateKey {
            guard text == nil else { throw Self.invalid("templateKey", "give either template or templateKey, not both") }
            guard let builtIn = BuiltInTemplate.named(key) else {
                let keys = BuiltInTemplate.all.map(\.key).joined(separator: ", ")
                throw Self.invalid("templateKey", "'\(key.prefix(40))' is not a built-in template; known: \(keys)")
            }
            text = builtIn.text
            channel = channel ?? builtIn.channel
        }
        guard let text else { throw Self.invalid("template", "is required (or templateKey for a built-in)") }
        guard let channel else { throw Self.invalid("channel", "is required: sms, voice or voiceFile") }
        return Campaign(id: id, site: site ?? defaultSite, name: name, channel: channel, template: text,
                        variables: variables ?? [:], audience: audience ?? AudienceFilter(), window: window ?? ScheduleWindow(),
                        ratePerMinute: ratePerMinute ?? 60, retry: retry ?? RetryPolicy(), createdAtMs: nowMs,
                        createdBy: createdBy)
    }

    static func invalid(_ field: String, _ message: String) -> ServiceError {
        ServiceError.invalid([.init(field: field, message: message)], message: "\(field) \(message)")
    }
}

/// The answer to a create (or a dry run): the campaign, its audience size, why residents
/// were left out, and the first rendered messages.
public struct CampaignCreation: Hashable, Sendable, Codable {
    public var campaign: Campaign
    public var dryRun: Bool
    public var audienceSize: Int
    /// Residents of the site left out, per reason (`optedOut`, `duplicatePhone`, …).
    public var skipped: [String: Int]
    public var preview: [CampaignMessage]
}

extension ServiceError {
    /// The service form of a campaign core error.
    init(_ error: CampaignError) {
        let fields = error.field.map { [FieldError(field: $0, message: error.message)] } ?? []
        switch error.kind {
        case .invalidTransition: self.init(.invalidTransition, error.message)
        case .audienceTooLarge: self.init(.tooLarge, error.message, fields: fields)
        default: self.init(.invalidInput, error.message, fields: fields)
        }
    }
}
