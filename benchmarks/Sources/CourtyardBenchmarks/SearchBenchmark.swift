import CourtyardDomain
import CourtyardStorage
import Foundation
import GRDB

/// CJK search: `GRDBTicketStore.searchTickets("漏水")` (FTS5 over CJK bigrams, BM25 ranked)
/// against a `LIKE '%漏水%'` scan of the same texts, stored in a plain table of the same
/// database file. Both return the same number of ticket states, decoded from JSON.
enum SearchBenchmark {
    static let query = "漏水"
    static let limit = 50

    static let titles = ["厨房水龙头漏水", "电梯停运困人", "门禁无法刷卡", "卫生间地漏堵塞", "楼道灯不亮",
                         "外墙渗水", "空调外机噪音大", "车位被占用", "垃圾未清运", "天花板漏水"]
    static let descriptions = ["住户说晚上滴水不停", "已通知维保单位", "业主反映多次未处理", "请尽快安排师傅上门",
                               "影响正常生活", "楼上住户装修后出现", "Card reader offline", "需要物业协调"]
    static let notes = ["已到现场检查，正在处理。", "更换密封圈后不再漏水", "等待配件到货", "已联系业主确认时间",
                        "疏通下水管道", "已拍照留档"]

    static func run(in directory: URL, tickets: Int, iterationsPerRound: Int, rounds: Int) async throws -> Comparison {
        let database = try AppDatabase.open(directory: directory.appendingPathComponent("search"))
        let store = database.ticketStore
        let matching = try await seed(database, tickets: tickets)
        let decoder = JSONDecoder()
        let likeSQL = """
            SELECT ticket.state FROM bench_text JOIN ticket ON ticket.id = bench_text.ticket_id
            WHERE bench_text.text LIKE ? ORDER BY ticket.updated_at_ms DESC, ticket.id LIMIT ?
            """
        func like() throws -> [TicketState] {
            try database.reader.read { db in
                try String.fetchAll(db, sql: likeSQL, arguments: ["%\(query)%", limit])
            }.map { try decoder.decode(TicketState.self, from: Data($0.utf8)) }
        }
        let fts = try await store.searchTickets(query, limit: limit)
        guard matching >= limit, fts.count == limit, try like().count == limit else {
            throw BenchmarkError("search fixture: \(matching) matching tickets, FTS returned \(fts.count)")
        }
        say("  seeded \(tickets) tickets, \(matching) of them mention \(query); both sides return \(limit)")
        return try await compare(
            "CJK search \"\(query)\", \(tickets) tickets", unit: "queries/s", rounds: rounds,
            subject: "`GRDBTicketStore.searchTickets` (FTS5 bigrams)",
            { _ in
                for _ in 0..<iterationsPerRound { blackHole(try await store.searchTickets(query, limit: limit)) }
                return iterationsPerRound
            },
            baseline: "`LIKE '%漏水%'` scan of the same texts",
            { _ in
                for _ in 0..<iterationsPerRound { blackHole(try like()) }
                return iterationsPerRound
            }
        ).checked(operationsPerRound: iterationsPerRound)
    }

    /// Appends `tickets` tickets (created + one note each) in batches of 100 events, and
    /// copies each ticket's title, description and note into `bench_text` for the baseline.
    /// Returns how many tickets mention the query.
    static func seed(_ database: AppDatabase, tickets: Int) async throws -> Int {
        var texts: [(id: String, text: String)] = []
        var batch: [TicketEvent] = []
        for t in 0..<tickets {
            let title = titles[(t * 7) % titles.count]
            let description = descriptions[(t * 5) % descriptions.count]
            let note = notes[(t * 3) % notes.count]
            let events = TicketHistory.withNote(createdAtMs: 1_800_000_000_000 + Int64(t) * 60_000,
                                                sequence: t + 1, title: title, description: description, note: note)
            texts.append((events[0].ticketID.rawValue, [title, description, note].joined(separator: "\n")))
            batch += events
            if batch.count >= 100 || t == tickets - 1 {
                _ = try await database.ticketStore.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        let rows = texts
        try await database.writer.write { db in
            try db.execute(sql: "CREATE TABLE bench_text (ticket_id TEXT PRIMARY KEY, text TEXT NOT NULL)")
            for (id, text) in rows {
                try db.execute(sql: "INSERT INTO bench_text (ticket_id, text) VALUES (?, ?)", arguments: [id, text])
            }
        }
        return texts.filter { $0.text.contains(query) }.count
    }
}
