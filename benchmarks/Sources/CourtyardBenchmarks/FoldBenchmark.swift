import CourtyardDomain
import Foundation

/// `TicketState.fold` of one 20-event ticket against decoding the same 20 events from
/// their JSON (the form they are stored and replicated in).
enum FoldBenchmark {
    static func run(iterationsPerRound: Int, rounds: Int) async throws -> Comparison {
        let events = TicketHistory.lifecycle(createdAtMs: 1_800_000_000_000, sequence: 1, count: 20)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(events)
        let decoder = JSONDecoder()
        guard let folded = TicketState.fold(events), try decoder.decode([TicketEvent].self, from: json) == events else {
            throw BenchmarkError("the 20-event fixture does not fold or does not round-trip through JSON")
        }
        blackHole(folded)
        return try await compare(
            "fold of a 20-event ticket", unit: "ops/s", rounds: rounds,
            subject: "`TicketState.fold` (20 events)",
            { _ in
                for _ in 0..<iterationsPerRound { blackHole(TicketState.fold(events)) }
                return iterationsPerRound
            },
            baseline: "`JSONDecoder` of the same 20 events",
            { _ in
                for _ in 0..<iterationsPerRound { blackHole(try decoder.decode([TicketEvent].self, from: json)) }
                return iterationsPerRound
            }
        ).checked(operationsPerRound: iterationsPerRound)
    }
}

/// A benchmark whose fixture is not what it should be: the numbers would mean nothing.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
