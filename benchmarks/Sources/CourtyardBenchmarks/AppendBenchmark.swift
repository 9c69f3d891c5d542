import CourtyardDomain
import CourtyardStorage
import Foundation

/// Durable appends through `GRDBTicketStore.append` (insert, refold, view and search rows;
/// synchronous = FULL) against plain INSERTs of the same rows with the same pragmas.
enum AppendBenchmark {
    /// Events per ticket in the appended histories: created, assigned, accepted, arrived, notes.
    static let eventsPerTicket = 10

    static func run(in directory: URL, batchSize: Int, ticketsPerRound: Int, rounds: Int) async throws -> Comparison {
        let store = try AppDatabase.open(directory: directory.appendingPathComponent("store-\(batchSize)")).ticketStore
        let raw = try RawEventDatabase(directory: directory.appendingPathComponent("raw-\(batchSize)"))
        let perRound = ticketsPerRound * eventsPerTicket
        // Built before any clock starts: the store's side includes its own JSON encoding
        // (part of `append`), the baseline's side inserts rows encoded beforehand.
        let events = (0...rounds).map { history(round: $0, tickets: ticketsPerRound) }
        let rows = try events.map { try $0.map(RawEventDatabase.row) }
        let name = batchSize == 1 ? "append, 1 event per transaction" : "append, \(batchSize) events per transaction"
        return try await compare(
            name, unit: "events/s", rounds: rounds,
            subject: "`GRDBTicketStore.append` (durable)",
            { round in
                for batch in batches(events[round], of: batchSize) {
                    let result = try await store.append(batch)
                    precondition(result.inserted.count == batch.count, "the store refused fresh events")
                }
                return events[round].count
            },
            baseline: "raw `INSERT` of the same rows, `DatabasePool`, same pragmas",
            { round in
                for batch in batches(rows[round], of: batchSize) { try raw.insert(batch) }
                return rows[round].count
            }
        ).checked(operationsPerRound: perRound)
    }

    /// Fresh tickets for each round (ids never collide across rounds), in append order.
    static func history(round: Int, tickets: Int) -> [TicketEvent] {
        let roundStartMs: Int64 = 1_800_000_000_000 + Int64(round) * 100_000_000
        var events: [TicketEvent] = []
        for t in 0..<tickets {
            let createdAtMs: Int64 = roundStartMs + Int64(t) * 100_000
            events += TicketHistory.lifecycle(createdAtMs: createdAtMs, sequence: round * 10_000 + t + 1,
                                              count: eventsPerTicket)
        }
        return events
    }

    static func batches<T>(_ items: [T], of size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}

extension Comparison {
    /// Traps if a side did a different amount of work than planned.
    func checked(operationsPerRound: Int) -> Comparison {
        precondition((subject + baseline).allSatisfy { $0.operations == operationsPerRound },
                     "\(name): a round did not do \(operationsPerRound) operations")
        return self
    }
}
