import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
@testable import CourtyardStorage
import Foundation
import GRDB
import Testing

/// The on-disk database: configuration, and everything surviving a close and reopen.
@Suite("On-disk persistence")
struct PersistenceTests {
    @Test func openedPool_usesWALFullSyncForeignKeysAndWriterBusyTimeout() async throws {
        let db = try TestDatabase(.onDisk).database
        @Sendable func pragmas(_ db: Database) throws -> [String] {
            try ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"].map {
                try String.fetchOne(db, sql: "PRAGMA \($0)") ?? "-"
            }
        }
        let expected = ["wal", "2", "1", String(AppDatabase.busyTimeoutMs)]  // synchronous 2 = FULL
        let writer = try await db.writer.writeWithoutTransaction(pragmas)
        let reader = try await db.reader.read(pragmas)
        #expect(writer == expected)
        #expect(reader.prefix(3) == expected.prefix(3))
    }

    @Test func reopening_keepsEventsViewsSearchAndDirectory() async throws {
        let first = try TestDatabase(.onDisk)
        let directory = try #require(first.directory)
        let t = TicketScript(createdAtMs: 7_000)
        let events = chained([t.created(sequence: 12, title: "厨房水龙头漏水"), t.assigned(afterMs: 5, to: "tech-9")])
        _ = try await first.tickets.append(events)
        let resident = Resident(id: "r-1", site: Sites.northBay, name: "陈静", phones: ["13512345678"],
                                version: EventID(hlc: HLCTimestamp(wallMs: 9), origin: Sites.northBay))
        _ = try await first.directoryStore.apply(DirectoryBatch(residents: [resident]))
        let viewBefore = try await first.tickets.ticket(t.ticketID)
        try first.database.writer.close()

        let reopened = try AppDatabase.open(directory: directory)
        let tickets = reopened.ticketStore
        #expect(try await tickets.events(of: t.ticketID) == events)
        #expect(try await tickets.ticket(t.ticketID) == viewBefore)
        #expect(try await tickets.searchTickets("漏水", limit: 5).map(\.id) == [t.ticketID])
        #expect(try await tickets.lastSequence(siteCode: "NB", year: 2026) == 12)
        #expect(try await tickets.maxHLC(origin: Sites.northBay) == HLCTimestamp(wallMs: 7_005))
        #expect(try await reopened.directoryStore.residents(phone: "13512345678") == [resident])
        #expect(try await reopened.directoryStore.searchResidents("陈静", limit: 5) == [resident])
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func reopening_doesNotRerunMigrations() async throws {
        let first = try TestDatabase(.onDisk)
        let directory = try #require(first.directory)
        try first.database.writer.close()
        let reopened = try AppDatabase.open(directory: directory)
        let applied = try await reopened.reader.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        #expect(applied == ["v1", "v2-occupancy-version", "v3-call-ledger-recordings", "v4-campaigns", "v5-accounts-audit", "v6-bills", "v7-attachments",
                            "v8-ticket-updated-index", "v9-account-version", "v10-attachment-copies"])
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The "recently updated" queries use the update-time indexes (migration v8) instead of
/// sorting the whole ticket table.
@Suite struct TicketUpdatedIndexTests {
    func plan(_ db: Database, _ query: TicketQuery) throws -> String {
        typealias C = TicketRow.Columns
        let request = GRDBTicketStore.request(for: query).order(C.updatedAtMs.desc, C.id.desc).limit(query.limit)
        let prepared = try request.makePreparedRequest(db, forSingleResult: false)
        let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + prepared.statement.sql,
                                    arguments: prepared.statement.arguments)
        return rows.map { $0["detail"] as String? ?? "" }.joined(separator: " | ")
    }

    @Test func recentlyUpdated_withAndWithoutSite_readsTheUpdateIndex_withoutSorting() async throws {
        let test = try TestDatabase(.inMemory)
        try await test.database.reader.read { db in
            var query = TicketQuery()
            query.order = .recentlyUpdated
            let all = try plan(db, query)
            #expect(all.contains("ticket_by_updated"), "\(all)")
            #expect(!all.contains("TEMP B-TREE"), "\(all)")
            query.site = ReplicaID("north-bay")
            let site = try plan(db, query)
            #expect(site.contains("ticket_by_site_updated"), "\(site)")
            #expect(!site.contains("TEMP B-TREE"), "\(site)")
        }
    }
}
