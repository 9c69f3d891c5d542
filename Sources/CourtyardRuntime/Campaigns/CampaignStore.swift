import CourtyardCallCenter
import CourtyardCRDT

/// Durable storage of campaigns, their messages and residents' opt-outs. Every write is
/// one transaction and is acknowledged only once committed: the runner records each state
/// change of a message here before it moves on, so a restart resumes where it stopped.
public protocol CampaignStore: Sendable {
    /// Inserts a campaign and all its planned messages atomically; refuses an id in use.
    func create(_ plan: CampaignPlan) async throws
    func campaign(_ id: CampaignID) async throws -> Campaign?
    /// Newest first.
    func campaigns(site: SiteID?, status: CampaignStatus?, limit: Int) async throws -> [Campaign]
    /// Sets the status; when `failingUnsent` is given, fails every queued or sending message
    /// of the campaign with that reason in the same transaction.
    func setStatus(_ id: CampaignID, to status: CampaignStatus, failingUnsent: FailureReason?, nowMs: Int64) async throws
    /// How many messages of the campaign are in each state (states without any omitted).
    func counts(_ id: CampaignID) async throws -> [MessageState: Int]
    /// In sequence order.
    func messages(_ id: CampaignID, state: MessageState?, limit: Int, offset: Int) async throws -> [CampaignMessage]
    /// Queued or sending messages with `nextAttemptAtMs <= nowMs`, in sequence order.
    func dueMessages(_ id: CampaignID, nowMs: Int64, limit: Int) async throws -> [CampaignMessage]
    /// The earliest `nextAttemptAtMs` of a queued message due after `nowMs`; nil when none.
    func nextAttemptMs(_ id: CampaignID, after nowMs: Int64) async throws -> Int64?
    func message(_ id: CampaignMessageID) async throws -> CampaignMessage?
    func message(providerMessageID: String) async throws -> CampaignMessage?
    /// Replaces a stored message (same id).
    func update(_ message: CampaignMessage) async throws
    /// Records an opt-out (replacing the resident's earlier one for the same channel).
    func addOptOut(_ optOut: OptOut) async throws
    /// The opt-outs of these residents; every opt-out when `residentIDs` is nil.
    func optOuts(residentIDs: [String]?) async throws -> [OptOut]
}

/// Query bounds shared by the stores and the API.
public enum CampaignQueryLimits {
    public static let listMax = 500
    public static let messagesPageMax = 1_000
    /// Opt-outs loaded for one audience selection.
    public static let optOutsMax = 100_000
}
