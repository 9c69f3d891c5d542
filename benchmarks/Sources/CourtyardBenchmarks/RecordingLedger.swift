import CourtyardCallCenter
import CourtyardCRDT
import CourtyardStorage
import Foundation
import GRDB
import Synchronization

// MARK: - The ledger, watched

/// The node's durable ledger (`GRDBCallLedgerStore`) with every appended batch kept, so the
/// baseline can write exactly the same rows in exactly the same transactions.
final class RecordingLedger: CallLedgerStore {
    let inner: GRDBCallLedgerStore
    private let batches = Mutex<[[LedgerEvent]]>([])

    init(_ inner: GRDBCallLedgerStore) { self.inner = inner }

    func append(_ events: [LedgerEvent]) async throws {
        try await inner.append(events)
        batches.withLock { $0.append(events) }
    }

    /// The batches appended since the last call.
    func take() -> [[LedgerEvent]] { batches.withLock { b in defer { b = [] }; return b } }

    func events(in range: LedgerRange, site: SiteID?, limit: Int) async throws -> [LedgerEvent] {
        try await inner.events(in: range, site: site, limit: limit)
    }

    func events(ofCall call: CallID) async throws -> [LedgerEvent] { try await inner.events(ofCall: call) }

    func reportEvents(in range: LedgerRange, site: SiteID?) async throws -> [LedgerEvent] {
        try await inner.reportEvents(in: range, site: site)
    }
}

// MARK: - The baseline: the same rows, raw

/// Raw `INSERT`s of ledger rows into `call_ledger_event` of a second `AppDatabase` (same
/// schema, indexes and pragmas as the node's), one transaction per batch the node wrote.
enum LedgerReplay {
    struct Row {
        let atMs: Int64
        let site: String
        let callID: String?
        let agentID: String?
        let kind: String
        let body: String
    }

    /// Encodes the rows as the store does (sorted-key JSON body); done before the clock starts.
    static func encode(_ batches: [[LedgerEvent]]) throws -> [[Row]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try batches.map { batch in
            try batch.map { e in
                Row(atMs: e.atMs, site: e.site.rawValue, callID: e.callID?.rawValue, agentID: e.agent?.rawValue,
                    kind: e.body.kind, body: String(decoding: try encoder.encode(e.body), as: UTF8.self))
            }
        }
    }

    /// Inserts every batch in its own write transaction; returns how long that took.
    static func insert(_ batches: [[Row]], into database: AppDatabase) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        for batch in batches {
            try await database.writer.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO call_ledger_event (at_ms, site, call_id, agent_id, kind, body) VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for r in batch {
                    try statement.execute(arguments: [r.atMs, r.site, r.callID, r.agentID, r.kind, r.body])
                }
            }
        }
        return clock.now - start
    }
}
