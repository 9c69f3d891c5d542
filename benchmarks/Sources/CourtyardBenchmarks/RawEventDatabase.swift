import CourtyardDomain
import Foundation
import GRDB

/// The append baseline: a WAL `DatabasePool` with the pragmas of `AppDatabase.open`
/// (synchronous = FULL on every connection and again on the writer after WAL is on, foreign
/// keys on, 5 s busy timeout) and one table shaped like `ticket_event`, with its unique key
/// and indexes. Rows go in as plain INSERTs: no refold, no view or search rows.
struct RawEventDatabase {
    /// One `ticket_event`-shaped row, encoded before the clock starts.
    struct Row {
        let hlc: Int64
        let origin: String
        let ticketID: String
        let kind: String
        let actor: String
        let parents: String
        let body: String
    }

    let pool: DatabasePool

    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.label = "raw-baseline"
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        pool = try DatabasePool(path: directory.appendingPathComponent("raw.sqlite").path, configuration: config)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: """
                CREATE TABLE raw_event (
                    rid INTEGER PRIMARY KEY AUTOINCREMENT,
                    hlc INTEGER NOT NULL, origin TEXT NOT NULL, ticket_id TEXT NOT NULL,
                    kind TEXT NOT NULL, actor TEXT NOT NULL, parents TEXT NOT NULL, body TEXT NOT NULL,
                    UNIQUE (hlc, origin));
                CREATE INDEX raw_event_by_ticket ON raw_event (ticket_id, hlc, origin);
                CREATE INDEX raw_event_by_origin ON raw_event (origin, hlc);
                """)
        }
    }

    /// Inserts `rows` in one write transaction.
    func insert(_ rows: [Row]) throws {
        try pool.write { db in
            for row in rows {
                try db.execute(sql: """
                    INSERT INTO raw_event (hlc, origin, ticket_id, kind, actor, parents, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (hlc, origin) DO NOTHING
                    """, arguments: [row.hlc, row.origin, row.ticketID, row.kind, row.actor, row.parents, row.body])
            }
        }
    }

    /// The row of `event`, encoded as the store encodes it (packed HLC, sorted-key JSON).
    static func row(_ event: TicketEvent) throws -> Row {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Row(hlc: Int64(bitPattern: event.id.hlc.packed), origin: event.id.origin.rawValue,
                   ticketID: event.ticketID.rawValue, kind: event.body.kind, actor: event.actor,
                   parents: String(decoding: try encoder.encode(event.parents), as: UTF8.self),
                   body: String(decoding: try encoder.encode(event.body), as: UTF8.self))
    }
}
