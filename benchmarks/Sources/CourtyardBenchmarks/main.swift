import Foundation

// Courtyard benchmarks. Each measures one operation next to a baseline measured in the
// same run and prints their ratio. Run from benchmarks/:
//   swift run -c release --scratch-path .build-bench CourtyardBenchmarks
// Pass `--quick` for a short smoke run (fewer rounds and iterations; numbers are noisier).

let quick = CommandLine.arguments.contains("--quick")
let scale = quick ? 10 : 1
let rounds = quick ? 2 : 5

let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("courtyard-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

print("Courtyard benchmarks (\(quick ? "quick" : "full") run, \(rounds) measured rounds each), databases in \(directory.path)")
var results: [Comparison] = []
do {
    results.append(try await AppendBenchmark.run(in: directory, batchSize: 1, ticketsPerRound: 40 / min(scale, 4), rounds: rounds))
    results.append(try await AppendBenchmark.run(in: directory, batchSize: 100, ticketsPerRound: 400 / scale, rounds: rounds))
    results.append(try await FoldBenchmark.run(iterationsPerRound: 5_000 / scale, rounds: rounds))
    results.append(try await PhoneBenchmark.run(passesPerRound: 5_000 / scale, rounds: rounds))
    results.append(try await SearchBenchmark.run(in: directory, tickets: 10_000, iterationsPerRound: 200 / scale, rounds: rounds))
} catch {
    print("benchmark failed: \(error)")
    try? FileManager.default.removeItem(at: directory)
    exit(1)
}
Report.printTable(results)
