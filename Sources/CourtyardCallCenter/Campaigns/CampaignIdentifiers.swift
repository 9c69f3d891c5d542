// MARK: - Campaign identifiers

/// An outbound campaign (外呼/短信群发), named by the site that created it
/// (`north-bay.cmp-0001`), so ids are unique cluster-wide.
public struct CampaignID: CallCenterToken {
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
    public static let kind = "campaign id"
}

/// One message of a campaign: `<campaign>:<sequence>` (`north-bay.cmp-0001:42`). The id is
/// also the idempotency key a provider sees, so a message re-sent after a crash can be
/// recognised downstream.
public struct CampaignMessageID: CallCenterToken {
    public let rawValue: String
    public init(unchecked rawValue: String) { self.rawValue = rawValue }
    public static let kind = "campaign message id"

    /// The id of message `sequence` of `campaign`; `campaign` is at most 52 characters
    /// (checked by `Campaign.validate`) so this always fits the token bounds.
    public static func make(_ campaign: CampaignID, sequence: Int) -> CampaignMessageID {
        CampaignMessageID("\(campaign.rawValue):\(sequence)")
    }
}
