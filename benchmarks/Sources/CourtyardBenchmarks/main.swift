import CourtyardCallCenter
import Foundation

// Courtyard benchmarks. Each measures one operation next to a baseline measured in the
// same run and prints their ratio. Run from benchmarks/:
//   swift run -c release --scratch-path .build-bench CourtyardBenchmarks
// Flags (after the product name):
//   --quick              a short smoke run (fewer rounds and iterations; numbers are noisier)
//   --only a,b           only these groups: append, fold, phone, search, routing, calls
//   --call-seconds N     length of one measured round of the end-to-end calls benchmark

let options = Options(CommandLine.arguments)
let quick = options.quick
let scale = quick ? 10 : 1
let rounds = quick ? 2 : 5

let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("courtyard-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

say("Courtyard benchmarks (\(quick ? "quick" : "full") run, \(rounds) measured rounds each), databases in \(directory.path)")
var results: [Comparison] = []
var latencies: [LatencyComparison] = []
do {
    if options.runs("append") {
        results.append(try await AppendBenchmark.run(in: directory, batchSize: 1, ticketsPerRound: 40 / min(scale, 4), rounds: rounds))
        results.append(try await AppendBenchmark.run(in: directory, batchSize: 100, ticketsPerRound: 400 / scale, rounds: rounds))
    }
    if options.runs("fold") { results.append(try await FoldBenchmark.run(iterationsPerRound: 5_000 / scale, rounds: rounds)) }
    if options.runs("phone") { results.append(try await PhoneBenchmark.run(passesPerRound: 5_000 / scale, rounds: rounds)) }
    if options.runs("search") {
        results.append(try await SearchBenchmark.run(in: directory, tickets: 10_000, iterationsPerRound: 200 / scale, rounds: rounds))
    }
    if options.runs("routing") {
        // 400 steps: 400 arrivals and 100 backlog releases, so the p99 is the 5th-largest
        // of 500 decisions, not the largest of a few.
        for strategy in [RoutingStrategy.longestIdle, .fewestCalls, .roundRobin] {
            latencies.append(try RoutingBenchmark.run(strategy: strategy, waiting: 1_000, steps: quick ? 20 : 400))
        }
        for waiting in [0, 100] {
            latencies.append(try RoutingBenchmark.run(strategy: .longestIdle, waiting: waiting, steps: quick ? 20 : 400))
        }
    }
    if options.runs("calls") {
        results.append(try await CallFlowBenchmark.run(in: directory, seconds: options.callSeconds ?? (quick ? 2 : 8),
                                                        rounds: quick ? 1 : 3))
    }
} catch {
    say("benchmark failed: \(error)")
    try? FileManager.default.removeItem(at: directory)
    exit(1)
}
Report.printTable(results)
Report.printLatencyTable(latencies)
