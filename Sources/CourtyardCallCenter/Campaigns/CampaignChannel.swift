// MARK: - Channels

/// How a campaign reaches residents (SPEC §5).
public enum CampaignChannel: String, CaseIterable, Hashable, Sendable, Codable {
    /// A text message (短信).
    case sms
    /// A voice broadcast (语音群呼): the rendered text read by text-to-speech.
    case voice
    /// A recorded voice file played to every resident: the template is the file's name.
    case voiceFile

    /// The opt-out that silences this channel: the two voice channels share one.
    public var optOutChannel: OptOutChannel {
        switch self {
        case .sms: .sms
        case .voice, .voiceFile: .voice
        }
    }

    /// Checks a rendered message against the channel's bounds; `who` names the recipient
    /// in the error.
    public func checkLength(_ rendered: String, who: String) throws(CampaignError) {
        switch self {
        case .sms:
            let s = SMSSegments(rendered)
            guard s.segments <= CampaignLimits.smsSegmentsMax else {
                throw CampaignError(.tooLong,
                                    "the SMS for \(who) takes \(s.segments) segments (\(s.units) \(s.encoding == .ucs2 ? "UCS-2 units" : "GSM-7 septets")); the limit is \(CampaignLimits.smsSegmentsMax)",
                                    field: "template")
            }
        case .voice:
            guard rendered.count <= CampaignLimits.voiceCharactersMax else {
                throw CampaignError(.tooLong,
                                    "the voice text for \(who) is \(rendered.count) characters; the limit is \(CampaignLimits.voiceCharactersMax)",
                                    field: "template")
            }
        case .voiceFile:
            break
        }
    }

    /// A voice file's name: 1–64 characters of letters, digits, `.`, `_`, `-`, ending in
    /// `.wav` or `.mp3` — it is looked up in the gateway's prompt folder, never a path.
    public static func checkVoiceFile(_ name: String) throws(CampaignError) {
        let lower = name.lowercased()
        guard CallCenterTokens.isValid(name), !name.contains(":"), lower.hasSuffix(".wav") || lower.hasSuffix(".mp3") else {
            throw CampaignError.invalid("template", "of a voiceFile campaign must be a file name like 'outage-notice.wav' (letters, digits, '.', '_', '-'; .wav or .mp3), got '\(name.prefix(60))'")
        }
    }
}

/// What an opt-out silences.
public enum OptOutChannel: String, CaseIterable, Hashable, Sendable, Codable {
    case sms
    /// Voice broadcasts and recorded voice files.
    case voice
    /// Every outbound campaign.
    case all

    public func covers(_ channel: CampaignChannel) -> Bool {
        self == .all || self == channel.optOutChannel
    }
}

/// A resident's refusal of campaigns on a channel (退订). Honoured always: at selection and
/// again just before each send.
public struct OptOut: Hashable, Sendable, Codable {
    public var residentID: String
    public var channel: OptOutChannel
    public var atMs: Int64

    public init(residentID: String, channel: OptOutChannel, atMs: Int64) {
        self.residentID = residentID
        self.channel = channel
        self.atMs = atMs
    }
}

extension Sequence where Element == OptOut {
    /// True when one of these opt-outs covers `resident` on `channel`.
    public func silences(_ resident: String, on channel: CampaignChannel) -> Bool {
        contains { $0.residentID == resident && $0.channel.covers(channel) }
    }
}
