import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import GRDB

/// The SQLite `TicketStore`: the event log in `ticket_event`, the current state of each
/// ticket in `ticket`, its search text in `ticket_fts`.
///
/// Every view row is a pure function of the log (`TicketState.fold` over the ticket's
/// events), recomputed in the same transaction as the events that change it, so the views
/// can never disagree with the committed log.
public struct GRDBTicketStore: TicketStore {
    /// Bound on one appended batch: a batch is one transaction, held by the single writer.
    public static let appendEventsMax = 10_000
    /// Bound on the number of results of one search.
    public static let searchLimitMax = TicketQuery.limitMax

    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: Append

    /// Inserts the events not already stored and refolds every ticket that gained one, in
    /// one write transaction. Events of a ticket whose `created` has not arrived yet are
    /// stored; its view appears when `created` arrives (replication may reorder).
    public func append(_ events: [TicketEvent]) async throws -> AppendResult {
        guard events.count <= Self.appendEventsMax else {
            throw StorageError(.batchTooLarge,
                               "append of \(events.count) events; the limit is \(Self.appendEventsMax) per batch")
        }
        let rows = try events.map(TicketEventRow.init)
        return try await database.writer.write { db in
            var inserted: [EventID] = []
            var duplicates: [EventID] = []
            var touched = Set<String>()
            for (event, row) in zip(events, rows) {
                try db.execute(sql: """
                    INSERT INTO ticket_event (hlc, origin, ticket_id, kind, actor, parents, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (hlc, origin) DO NOTHING
                    """, arguments: [row.hlc, row.origin, row.ticketID, row.kind, row.actor, row.parents, row.body])
                if db.changesCount == 1 {
                    inserted.append(event.id)
                    touched.insert(row.ticketID)
                } else {
                    duplicates.append(event.id)
                }
            }
            // Sorted: the refold order must not depend on Set iteration order.
            for ticketID in touched.sorted() {
                try Self.refold(ticketID: ticketID, db)
            }
            return AppendResult(inserted: inserted, duplicates: duplicates)
        }
    }

    /// Recomputes the view and search rows of one ticket from all its stored events.
    private static func refold(ticketID: String, _ db: Database) throws {
        let events = try TicketEventRow
            .filter(TicketEventRow.Columns.ticketID == ticketID)
            .order(TicketEventRow.Columns.hlc, TicketEventRow.Columns.origin)
            .fetchAll(db)
            .map { try $0.event() }
        // The fold's cost grows fast past this bound; refusing here rolls the batch back.
        guard events.count <= TicketState.eventsPerTicketMax else {
            throw StorageError(.ticketTooLarge,
                               "ticket \(ticketID) would hold \(events.count) events; the limit is \(TicketState.eventsPerTicketMax)")
        }
        guard let state = TicketState.fold(events) else { return }  // `created` not here yet
        try TicketRow(state).upsert(db)
        guard let rid = try Int64.fetchOne(db, sql: "SELECT rid FROM ticket WHERE id = ?", arguments: [ticketID]) else {
            return
        }
        let text = TicketSearchText(state: state, events: events)
        try db.execute(sql: "DELETE FROM ticket_fts WHERE rowid = ?", arguments: [rid])
        try db.execute(sql: """
            INSERT INTO ticket_fts (rowid, title, description, notes, resolution, number)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [rid, text.title, text.description, text.notes, text.resolution, text.number])
    }

    // MARK: Reads

    public func events(of ticket: TicketID) async throws -> [TicketEvent] {
        try await database.reader.read { db in
            try TicketEventRow
                .filter(TicketEventRow.Columns.ticketID == ticket.rawValue)
                .order(TicketEventRow.Columns.hlc, TicketEventRow.Columns.origin)
                .fetchAll(db)
                .map { try $0.event() }
        }
    }

    public func ticket(_ id: TicketID) async throws -> TicketState? {
        try await database.reader.read { db in
            try TicketRow.filter(TicketRow.Columns.id == id.rawValue).fetchOne(db)?.ticketState()
        }
    }

    /// When concurrent creations left two tickets with one number (a replication conflict),
    /// the oldest wins, deterministically.
    public func ticket(number: String) async throws -> TicketState? {
        try await database.reader.read { db in
            try TicketRow
                .filter(TicketRow.Columns.number == number)
                .order(TicketRow.Columns.createdAtMs, TicketRow.Columns.id)
                .fetchOne(db)?
                .ticketState()
        }
    }

    /// Filters combine with AND; `createdFromMs` is inclusive and `createdToMs` exclusive.
    /// Newest first (creation time, or update time for `.recentlyUpdated`, then id, all descending).
    public func tickets(_ query: TicketQuery) async throws -> TicketPage {
        let filtered = Self.request(for: query)
        return try await database.reader.read { db in
            let total = try filtered.fetchCount(db)
            let key = query.order == .recentlyUpdated ? TicketRow.Columns.updatedAtMs : TicketRow.Columns.createdAtMs
            let rows = try filtered
                .order(key.desc, TicketRow.Columns.id.desc)
                .limit(query.limit, offset: query.offset)
                .fetchAll(db)
            return TicketPage(tickets: try rows.map { try $0.ticketState() }, total: total)
        }
    }

    static func request(for query: TicketQuery) -> QueryInterfaceRequest<TicketRow> {
        typealias C = TicketRow.Columns
        var request = TicketRow.all()
        if let site = query.site { request = request.filter(C.site == site.rawValue) }
        if !query.statuses.isEmpty { request = request.filter(query.statuses.map(\.rawValue).contains(C.status)) }
        if let category = query.category { request = request.filter(C.category == category.rawValue) }
        if let priority = query.priority { request = request.filter(C.priority == priority.rawValue) }
        if let assignee = query.assignee { request = request.filter(C.assignee == assignee) }
        if let department = query.department { request = request.filter(C.department == department) }
        if let resident = query.residentID { request = request.filter(C.resident == resident) }
        if let room = query.roomID { request = request.filter(C.room == room) }
        if let level = query.minEscalationLevel { request = request.filter(C.escalationLevel >= level) }
        if let from = query.createdFromMs { request = request.filter(C.createdAtMs >= from) }
        if let to = query.createdToMs { request = request.filter(C.createdAtMs < to) }
        if let from = query.updatedFromMs { request = request.filter(C.updatedAtMs >= from) }
        return request
    }

    /// Ranked by relevance (BM25, title weighted highest), then most recently updated.
    public func searchTickets(_ text: String, limit: Int) async throws -> [TicketState] {
        guard let match = try SearchText.matchExpression(text) else { return [] }
        let limit = min(max(limit, 1), Self.searchLimitMax)
        return try await database.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT ticket.state FROM ticket_fts
                JOIN ticket ON ticket.rid = ticket_fts.rowid
                WHERE ticket_fts MATCH ?
                ORDER BY bm25(ticket_fts, 8.0, 4.0, 2.0, 2.0, 8.0), ticket.updated_at_ms DESC, ticket.id
                LIMIT ?
                """, arguments: [match, limit])
            .map { try JSONCodec.decode(TicketState.self, from: $0) }
        }
    }

    // MARK: Clocks and counters

    public func lastSequence(siteCode: String, year: Int) async throws -> Int {
        try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM ticket WHERE site_code = ? AND year = ?",
                             arguments: [siteCode, year]) ?? 0
        }
    }

    public func maxHLC(origin: ReplicaID) async throws -> HLCTimestamp? {
        try await database.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(hlc) FROM ticket_event WHERE origin = ?",
                               arguments: [origin.rawValue])
            .map(HLCTimestamp.init(storageValue:))
        }
    }

    public func eventCount() async throws -> Int {
        try await database.reader.read { db in try TicketEventRow.fetchCount(db) }
    }
}
