import CourtyardCallCenter
import CourtyardCRDT

/// One message handed to a provider. `messageID` is the idempotency key: a message re-sent
/// after a crash carries the same id, so a provider (or the gateway behind it) can drop the
/// duplicate.
public struct OutgoingMessage: Hashable, Sendable, Codable {
    public var messageID: CampaignMessageID
    public var campaignID: CampaignID
    public var site: SiteID
    public var channel: CampaignChannel
    /// Canonical phone number.
    public var to: String
    /// The rendered text, or the voice file name of a voiceFile campaign.
    public var body: String
    /// 1 for the first attempt.
    public var attempt: Int

    public init(messageID: CampaignMessageID, campaignID: CampaignID, site: SiteID, channel: CampaignChannel,
                to: String, body: String, attempt: Int) {
        self.messageID = messageID
        self.campaignID = campaignID
        self.site = site
        self.channel = channel
        self.to = to
        self.body = body
        self.attempt = attempt
    }
}

/// A delivery report naming its message by our id or by the provider's.
public struct DeliveryReceipt: Hashable, Sendable, Codable {
    public var messageID: CampaignMessageID?
    public var providerMessageID: String?
    public var status: ReceiptStatus
    public var detail: String?

    public init(messageID: CampaignMessageID? = nil, providerMessageID: String? = nil, status: ReceiptStatus, detail: String? = nil) {
        self.messageID = messageID
        self.providerMessageID = providerMessageID
        self.status = status
        self.detail = detail
    }
}

/// Where campaign messages go: an SMS gateway, a voice-broadcast platform, a file.
///
/// `send` never throws: every failure is an outcome (`rejected` for good, `transient` to
/// retry), and it must return within a bounded time (providers own their timeouts).
public protocol MessageProvider: Sendable {
    /// For logs and metrics: `outbox`, `webhook`.
    var name: String { get }
    func send(_ message: OutgoingMessage) async -> SendOutcome
    /// Receipts the provider produced itself (simulated, or polled from a gateway) since the
    /// last call. Providers whose receipts arrive over HTTP return none.
    func drainReceipts() async -> [DeliveryReceipt]
}
