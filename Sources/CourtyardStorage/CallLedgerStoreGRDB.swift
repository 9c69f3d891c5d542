import CourtyardCallCenter
import CourtyardCRDT
import GRDB

/// The SQLite `CallLedgerStore`: the table `call_ledger_event`, append-only.
public struct GRDBCallLedgerStore: CallLedgerStore {
    /// Bound on `events(in:site:limit:)`.
    public static let listLimitMax = 10_000
    /// Bound on the events one report may read; a wider range is refused, not truncated,
    /// so a report is never silently wrong.
    public static let reportEventsMax = 2_000_000

    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: Append

    /// Validates the whole batch first (a bad event refuses the batch, nothing written),
    /// then inserts it in one transaction; returns after the commit.
    public func append(_ events: [LedgerEvent]) async throws {
        try events.validateBatch()
        let rows = try events.map(CallLedgerRow.init)
        try await database.writer.write { db in
            for var row in rows { try row.insert(db) }
        }
    }

    // MARK: Reads

    public func events(in range: LedgerRange, site: SiteID?, limit: Int) async throws -> [LedgerEvent] {
        let limit = min(max(limit, 1), Self.listLimitMax)
        typealias C = CallLedgerRow.Columns
        return try await database.reader.read { db in
            var request = CallLedgerRow.filter(C.atMs >= range.fromMs && C.atMs < range.toMs)
            if let site { request = request.filter(C.site == site.rawValue) }
            return try request.order(C.atMs, C.rid).limit(limit).fetchAll(db).map { try $0.event() }
        }
    }

    public func events(ofCall call: CallID) async throws -> [LedgerEvent] {
        typealias C = CallLedgerRow.Columns
        return try await database.reader.read { db in
            try CallLedgerRow.filter(C.callID == call.rawValue).order(C.atMs, C.rid).fetchAll(db).map { try $0.event() }
        }
    }

    public func reportEvents(in range: LedgerRange, site: SiteID?) async throws -> [LedgerEvent] {
        let siteClause = site == nil ? "" : " AND site = :site"
        let sql = """
            SELECT * FROM call_ledger_event WHERE call_id IN (
                SELECT call_id FROM call_ledger_event
                WHERE kind = 'callEntered' AND at_ms >= :from AND at_ms < :to\(siteClause))
            UNION ALL
            SELECT * FROM call_ledger_event
            WHERE kind = 'agentState' AND at_ms >= :from AND at_ms < :to\(siteClause)
            ORDER BY at_ms, rid
            LIMIT :limit
            """
        let arguments: StatementArguments = ["from": range.fromMs, "to": range.toMs,
                                             "site": site?.rawValue, "limit": Self.reportEventsMax + 1]
        let rows = try await database.reader.read { db in
            try CallLedgerRow.fetchAll(db, sql: sql, arguments: arguments)
        }
        guard rows.count <= Self.reportEventsMax else {
            throw LedgerError(.batchTooLarge,
                              "the range holds more than \(Self.reportEventsMax) ledger events; report a shorter range")
        }
        return try rows.map { try $0.event() }
    }

    public func eventCount() async throws -> Int {
        try await database.reader.read { db in try CallLedgerRow.fetchCount(db) }
    }
}

// MARK: - Row

/// One row of `call_ledger_event`.
struct CallLedgerRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "call_ledger_event"

    var rid: Int64?
    var atMs: Int64
    var site: String
    var callID: String?
    var agentID: String?
    var kind: String
    /// JSON of `LedgerEventBody`.
    var body: String

    enum CodingKeys: String, CodingKey {
        case rid, atMs = "at_ms", site, callID = "call_id", agentID = "agent_id", kind, body
    }

    enum Columns {
        static let rid = Column(CodingKeys.rid)
        static let atMs = Column(CodingKeys.atMs)
        static let site = Column(CodingKeys.site)
        static let callID = Column(CodingKeys.callID)
    }

    init(_ event: LedgerEvent) throws {
        atMs = event.atMs
        site = event.site.rawValue
        callID = event.callID?.rawValue
        agentID = event.agent?.rawValue
        kind = event.body.kind
        body = try JSONCodec.encode(event.body)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        rid = inserted.rowID
    }

    func event() throws -> LedgerEvent {
        guard let site = ReplicaID(validating: site) else {
            throw StorageError(.corruptRow, "call_ledger_event row \(rid ?? -1) has an invalid site")
        }
        let call: CallID?
        do { call = try callID.map { raw throws(IdentifierError) in try CallID(validating: raw) } } catch {
            throw StorageError(.corruptRow, "call_ledger_event row \(rid ?? -1): \(error)")
        }
        return LedgerEvent(site: site, atMs: atMs, callID: call,
                           body: try JSONCodec.decode(LedgerEventBody.self, from: body))
    }
}

extension AppDatabase {
    /// The call ledger over this database.
    public var callLedgerStore: GRDBCallLedgerStore { GRDBCallLedgerStore(database: self) }
}
