import CourtyardCallCenter
import CourtyardCRDT
import CourtyardRuntime
import GRDB

/// Campaigns, their messages and opt-outs in SQLite (`campaign`, `campaign_message`,
/// `campaign_opt_out`). Each call is one transaction, acknowledged once committed.
public struct GRDBCampaignStore: CampaignStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: Campaigns

    public func create(_ plan: CampaignPlan) async throws {
        let c = plan.campaign
        let record = try JSONCodec.encode(c)
        try await database.writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign WHERE id = ?", arguments: [c.id.rawValue]) == 0 else {
                throw ServiceError(.conflict, "campaign \(c.id) already exists")
            }
            try db.execute(sql: "INSERT INTO campaign (id, site, status, created_at_ms, updated_at_ms, record) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [c.id.rawValue, c.site.rawValue, c.status.rawValue, c.createdAtMs, c.updatedAtMs, record])
            for (i, m) in plan.messages.enumerated() {
                try CampaignMessageRow(m, seq: i + 1).insert(db)
            }
        }
    }

    public func campaign(_ id: CampaignID) async throws -> Campaign? {
        try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT record FROM campaign WHERE id = ?", arguments: [id.rawValue])
                .map { try JSONCodec.decode(Campaign.self, from: $0) }
        }
    }

    public func campaigns(site: SiteID?, status: CampaignStatus?, limit: Int) async throws -> [Campaign] {
        var sql = "SELECT record FROM campaign WHERE 1"
        var arguments: StatementArguments = []
        if let site { sql += " AND site = ?"; arguments += [site.rawValue] }
        if let status { sql += " AND status = ?"; arguments += [status.rawValue] }
        sql += " ORDER BY created_at_ms DESC, id LIMIT ?"
        arguments += [min(max(limit, 0), CampaignQueryLimits.listMax)]
        let query = sql, args = arguments
        return try await database.reader.read { db in
            try String.fetchAll(db, sql: query, arguments: args).map { try JSONCodec.decode(Campaign.self, from: $0) }
        }
    }

    public func setStatus(_ id: CampaignID, to status: CampaignStatus, failingUnsent: FailureReason?, nowMs: Int64) async throws {
        try await database.writer.write { db in
            guard let json = try String.fetchOne(db, sql: "SELECT record FROM campaign WHERE id = ?", arguments: [id.rawValue]) else {
                throw ServiceError.notFound("campaign", id.rawValue)
            }
            var c = try JSONCodec.decode(Campaign.self, from: json)
            c.status = status
            c.updatedAtMs = nowMs
            try db.execute(sql: "UPDATE campaign SET status = ?, updated_at_ms = ?, record = ? WHERE id = ?",
                           arguments: [status.rawValue, nowMs, try JSONCodec.encode(c), id.rawValue])
            if let reason = failingUnsent {
                try db.execute(sql: """
                    UPDATE campaign_message SET state = 'failed', failure = ?, updated_at_ms = ?
                    WHERE campaign_id = ? AND state IN ('queued', 'sending')
                    """, arguments: [reason.rawValue, nowMs, id.rawValue])
            }
        }
    }

    // MARK: Messages

    public func counts(_ id: CampaignID) async throws -> [MessageState: Int] {
        try await database.reader.read { db in
            var counts: [MessageState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM campaign_message WHERE campaign_id = ? GROUP BY state",
                                        arguments: [id.rawValue]) {
                guard let state = MessageState(rawValue: row["state"]) else {
                    throw StorageError(.corruptRow, "campaign \(id) has a message in an unknown state")
                }
                counts[state] = row["n"]
            }
            return counts
        }
    }

    public func messages(_ id: CampaignID, state: MessageState?, limit: Int, offset: Int) async throws -> [CampaignMessage] {
        typealias C = CampaignMessageRow.Columns
        var request = CampaignMessageRow.filter(C.campaignID == id.rawValue)
        if let state { request = request.filter(C.state == state.rawValue) }
        let page = request.order(C.seq).limit(min(max(limit, 0), CampaignQueryLimits.messagesPageMax), offset: max(offset, 0))
        return try await database.reader.read { db in try page.fetchAll(db).map { try $0.message() } }
    }

    public func dueMessages(_ id: CampaignID, nowMs: Int64, limit: Int) async throws -> [CampaignMessage] {
        typealias C = CampaignMessageRow.Columns
        let request = CampaignMessageRow
            .filter(C.campaignID == id.rawValue && [MessageState.queued.rawValue, MessageState.sending.rawValue].contains(C.state)
                    && C.nextAttemptAtMs <= nowMs)
            .order(C.seq).limit(min(max(limit, 0), CampaignQueryLimits.messagesPageMax))
        return try await database.reader.read { db in try request.fetchAll(db).map { try $0.message() } }
    }

    public func nextAttemptMs(_ id: CampaignID, after nowMs: Int64) async throws -> Int64? {
        try await database.reader.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MIN(next_attempt_at_ms) FROM campaign_message
                WHERE campaign_id = ? AND state = 'queued' AND next_attempt_at_ms > ?
                """, arguments: [id.rawValue, nowMs])
        }
    }

    public func message(_ id: CampaignMessageID) async throws -> CampaignMessage? {
        try await database.reader.read { db in
            try CampaignMessageRow.filter(CampaignMessageRow.Columns.id == id.rawValue).fetchOne(db)?.message()
        }
    }

    public func message(providerMessageID: String) async throws -> CampaignMessage? {
        try await database.reader.read { db in
            try CampaignMessageRow.filter(CampaignMessageRow.Columns.providerMessageID == providerMessageID)
                .order(CampaignMessageRow.Columns.id).fetchOne(db)?.message()
        }
    }

    public func update(_ message: CampaignMessage) async throws {
        try await database.writer.write { db in
            try db.execute(sql: """
                UPDATE campaign_message SET state = ?, attempts = ?, next_attempt_at_ms = ?, provider_message_id = ?,
                    failure = ?, detail = ?, updated_at_ms = ?
                WHERE id = ?
                """, arguments: [message.state.rawValue, message.attempts, message.nextAttemptAtMs, message.providerMessageID,
                                 message.failure?.rawValue, message.detail, message.updatedAtMs, message.id.rawValue])
            guard db.changesCount == 1 else { throw ServiceError.notFound("campaign message", message.id.rawValue) }
        }
    }

    // MARK: Opt-outs

    public func addOptOut(_ optOut: OptOut) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO campaign_opt_out (resident_id, channel, at_ms) VALUES (?, ?, ?)",
                           arguments: [optOut.residentID, optOut.channel.rawValue, optOut.atMs])
        }
    }

    public func optOuts(residentIDs: [String]?) async throws -> [OptOut] {
        try await database.reader.read { db in
            let rows: [Row]
            if let ids = residentIDs {
                guard !ids.isEmpty else { return [] }
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                rows = try Row.fetchAll(db, sql: "SELECT * FROM campaign_opt_out WHERE resident_id IN (\(marks)) ORDER BY resident_id, channel",
                                        arguments: StatementArguments(ids))
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM campaign_opt_out ORDER BY resident_id, channel LIMIT ?",
                                        arguments: [CampaignQueryLimits.optOutsMax])
            }
            return try rows.map { row in
                guard let channel = OptOutChannel(rawValue: row["channel"]) else {
                    throw StorageError(.corruptRow, "opt-out of \(row["resident_id"] as String) has an unknown channel")
                }
                return OptOut(residentID: row["resident_id"], channel: channel, atMs: row["at_ms"])
            }
        }
    }
}
