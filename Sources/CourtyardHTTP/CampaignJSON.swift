import CourtyardCallCenter
import CourtyardRuntime
import Hummingbird

/// What the campaign routes need: the runner (create, commands, receipts, opt-outs) and the
/// store it writes (message lists).
public struct CampaignServices: Sendable {
    public var runner: CampaignRunner
    public var store: any CampaignStore

    public init(runner: CampaignRunner, store: any CampaignStore) {
        self.runner = runner
        self.store = store
    }
}

extension APIError {
    /// The routes exist on every node; without a runner they say so instead of 404.
    static let campaignsDisabled = APIError(.serviceUnavailable, code: "not_enabled", "outbound campaigns are not enabled on this node")
}

// MARK: - Bodies

/// A campaign and how many of its messages are in each state (every state, zeros included).
struct CampaignStatusJSON: ResponseEncodable {
    var campaign: Campaign
    var counts: [String: Int]

    init(_ campaign: Campaign, counts: [MessageState: Int]) {
        self.campaign = campaign
        self.counts = Dictionary(uniqueKeysWithValues: MessageState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }
}

struct CampaignListJSON: ResponseEncodable {
    var campaigns: [Campaign]
}

struct CampaignMessagesJSON: ResponseEncodable {
    var messages: [CampaignMessage]
}

struct BuiltInTemplatesJSON: ResponseEncodable {
    var templates: [BuiltInTemplate]
}

/// `POST /api/v1/opt-outs`.
struct OptOutRequest: Decodable {
    var residentID: String
    var channel: OptOutChannel?
}

struct OptOutJSON: ResponseEncodable {
    var optOut: OptOut
}

/// `POST /api/v1/campaigns/receipts`: one receipt, or several in `receipts`.
struct ReceiptsRequest: Decodable {
    var receipts: [DeliveryReceipt]

    static let receiptsMax = 1_000

    init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case receipts }
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.receipts) {
            receipts = try container.decode([DeliveryReceipt].self, forKey: .receipts)
        } else {
            receipts = [try DeliveryReceipt(from: decoder)]
        }
    }
}

/// Per receipt: the message as it now stands, or why the receipt was refused.
struct ReceiptResultJSON: Encodable {
    var messageID: String?
    var providerMessageID: String?
    var state: MessageState?
    var error: String?
}

struct ReceiptsJSON: ResponseEncodable {
    var results: [ReceiptResultJSON]
}
