// MARK: - Limits

/// Bounds on everything a campaign holds or produces (DESIGN §7).
public enum CampaignLimits {
    /// A campaign's display name, in characters.
    public static let nameCharactersMax = 100
    /// A template as written (before rendering), in characters.
    public static let templateCharactersMax = 1_000
    /// A rendered SMS may span at most this many concatenated segments.
    public static let smsSegmentsMax = 5
    /// A rendered voice-broadcast text (read by text-to-speech), in characters.
    public static let voiceCharactersMax = 300
    /// Campaign-level variables (`outageStart`, `holiday`, …).
    public static let variablesMax = 16
    /// One variable's value, in characters.
    public static let variableCharactersMax = 100
    /// Buildings or roles named in one audience filter.
    public static let filterItemsMax = 200
    /// Messages of one campaign: a site has a few thousand residents.
    public static let audienceMax = 20_000
    /// Allowed send rates, messages per minute.
    public static let ratePerMinuteRange = 1...6_000
    /// Rendered messages shown by a dry run.
    public static let previewMax = 10
    /// A failure reason or provider message id, in characters.
    public static let reasonCharactersMax = 200
}

// MARK: - Errors

/// Why a campaign input or transition was refused; `message` names the field, placeholder
/// or rule, so an API client can show it as is.
public struct CampaignError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// A field is missing, malformed or out of its bounds.
        case invalidField
        /// The template names a placeholder that does not exist.
        case unknownPlaceholder
        /// The template uses a campaign-level placeholder no variable fills.
        case missingVariable
        /// Braces that do not form `{placeholder}`.
        case malformedTemplate
        /// A rendered message is longer than its channel allows.
        case tooLong
        /// The audience exceeds `CampaignLimits.audienceMax`.
        case audienceTooLarge
        /// The command does not fit the campaign's or message's current state.
        case invalidTransition
    }

    public let kind: Kind
    public let message: String
    /// The offending input field (`template`, `variables.outageStart`), when there is one.
    public let field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String { message }

    static func invalid(_ field: String, _ message: String) -> CampaignError {
        CampaignError(.invalidField, "\(field) \(message)", field: field)
    }
}
