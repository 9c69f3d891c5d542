import CourtyardCallCenter
import GRDB

/// One row of `campaign_message`.
struct CampaignMessageRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "campaign_message"

    var id: String
    var campaignID: String
    var seq: Int
    var residentID: String
    var phone: String
    var body: String
    var state: String
    var attempts: Int
    var nextAttemptAtMs: Int64
    var providerMessageID: String?
    var failure: String?
    var detail: String?
    var updatedAtMs: Int64

    enum CodingKeys: String, CodingKey {
        case id, campaignID = "campaign_id", seq, residentID = "resident_id", phone, body, state, attempts
        case nextAttemptAtMs = "next_attempt_at_ms", providerMessageID = "provider_message_id", failure, detail
        case updatedAtMs = "updated_at_ms"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let campaignID = Column(CodingKeys.campaignID)
        static let seq = Column(CodingKeys.seq)
        static let state = Column(CodingKeys.state)
        static let nextAttemptAtMs = Column(CodingKeys.nextAttemptAtMs)
        static let providerMessageID = Column(CodingKeys.providerMessageID)
    }

    init(_ m: CampaignMessage, seq: Int) {
        id = m.id.rawValue
        campaignID = m.campaignID.rawValue
        self.seq = seq
        residentID = m.residentID
        phone = m.phone
        body = m.body
        state = m.state.rawValue
        attempts = m.attempts
        nextAttemptAtMs = m.nextAttemptAtMs
        providerMessageID = m.providerMessageID
        failure = m.failure?.rawValue
        detail = m.detail
        updatedAtMs = m.updatedAtMs
    }

    func message() throws -> CampaignMessage {
        guard let state = MessageState(rawValue: state), let messageID = try? CampaignMessageID(validating: id),
              let campaign = try? CampaignID(validating: campaignID) else {
            throw StorageError(.corruptRow, "campaign message row \(id) has an invalid id or state")
        }
        let reason = try failure.map { raw in
            guard let r = FailureReason(rawValue: raw) else {
                throw StorageError(.corruptRow, "campaign message row \(id) has an unknown failure reason")
            }
            return r
        }
        return CampaignMessage(id: messageID, campaignID: campaign, residentID: residentID, phone: phone, body: body,
                               state: state, attempts: attempts, nextAttemptAtMs: nextAttemptAtMs,
                               providerMessageID: providerMessageID, failure: reason, detail: detail, updatedAtMs: updatedAtMs)
    }
}
