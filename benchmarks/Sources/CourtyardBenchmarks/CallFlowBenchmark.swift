import CourtyardCallCenter
import CourtyardCRDT
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Synchronization

/// Sustained new calls per second one node handles end to end: each call is offered by the
/// gateway, hears the notices and the demo menu, keys 0 (人工服务), is queued, routed,
/// bridged to an agent, answered, hung up by the caller, and the agent's console ends the
/// wrap-up; every ledger row of it is durable before the round's clock stops. Baseline:
/// raw INSERTs of the very rows the node wrote, in the same transactions (`LedgerReplay`).
enum CallFlowBenchmark {
    /// Callers on the line at once (fewer than the agents, so no call waits for an agent).
    static let concurrentCalls = 50
    /// Callers are drawn from this many numbers, so returning callers meet sticky routing.
    static let callerNumbers = 2_000

    struct Round {
        var calls = 0
        var failed = 0
        var duration: Duration = .zero
        var batches: [[LedgerEvent]] = []
    }

    static func run(in directory: URL, seconds: Int, rounds: Int) async throws -> Comparison {
        let node = try await BenchNode.start(directory: directory.appendingPathComponent("callcenter"))
        defer { node.stop() }
        let raw = try AppDatabase.open(directory: directory.appendingPathComponent("ledger-raw"))
        let counter = CallCounter()
        _ = try await drive(node, seconds: 1, counter: counter)  // warm-up
        var subject: [Sample] = []
        var baseline: [Sample] = []
        var events = 0, batches = 0, failed = 0
        for _ in 1...rounds {
            let round = try await drive(node, seconds: seconds, counter: counter)
            subject.append(Sample(operations: round.calls, duration: round.duration))
            let rows = try LedgerReplay.encode(round.batches)
            let took = try await LedgerReplay.insert(rows, into: raw)
            baseline.append(Sample(operations: round.calls, duration: took))
            events += round.batches.reduce(0) { $0 + $1.count }
            batches += round.batches.count
            failed += round.failed
        }
        let calls = subject.reduce(0) { $0 + $1.operations }
        let comparison = Comparison(
            name: "end-to-end calls, IVR → queue → agent → hang-up",
            unit: "calls/s",
            subjectLabel: "`CallCenter` through the CTI gateway entry points, durable GRDB ledger",
            baselineLabel: "raw `INSERT`s of the same ledger rows, same transactions, same schema and pragmas",
            subject: subject, baseline: baseline)
        Report.printLine(comparison)
        say("        \(calls) calls in \(rounds) rounds of \(seconds) s, \(concurrentCalls) callers at once, "
              + "\(BenchNode.agentCount) agents; \(String(format: "%.1f", Double(events) / Double(max(calls, 1)))) ledger rows per call "
              + "in \(batches) transactions (\(String(format: "%.1f", Double(events) / Double(max(batches, 1)))) rows each); "
              + "\(failed) calls not bridged; ledger dropped \(await node.center.ledgerDropped)")
        return comparison
    }

    /// Runs `concurrentCalls` callers until `seconds` have passed, then waits for every
    /// ledger write; the round's duration runs until the last write committed.
    static func drive(_ node: BenchNode, seconds: Int, counter: CallCounter) async throws -> Round {
        _ = node.ledger.take()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        var round = try await withThrowingTaskGroup(of: Round.self) { group in
            for _ in 0..<concurrentCalls {
                group.addTask {
                    var tally = Round()
                    while clock.now < deadline {
                        let n = counter.next()
                        if try await call(n, node: node) { tally.calls += 1 } else { tally.failed += 1 }
                    }
                    return tally
                }
            }
            var total = Round()
            for try await t in group {
                total.calls += t.calls
                total.failed += t.failed
            }
            return total
        }
        await node.center.settle()
        round.duration = clock.now - start
        round.batches = node.ledger.take()
        return round
    }

    /// One call from offer to the agent's wrap-up; false when the node did not bridge it.
    static func call(_ n: Int, node: BenchNode) async throws -> Bool {
        let center = node.center, link = node.link
        let g = "g\(n)"
        let stream = link.open(g)
        defer { link.close(g) }
        let caller = "139" + String(10_000_000 + n % callerNumbers)
        let id = await center.gatewayCallOffered(gatewayCallId: g, caller: caller, dialled: "4008101234", link: link)
        for await command in stream {
            switch command {
            case .collect:
                try await event(.dtmf(gatewayCallId: g, callId: id, digits: "0"), node)
            case .bridge(_, _, let agent, _, _):
                try await event(.answered(gatewayCallId: g, callId: id, agent: agent), node)
                try await event(.bridged(gatewayCallId: g, callId: id, agent: agent), node)
                try await event(.hungUp(gatewayCallId: g, callId: id, by: .caller), node)
                try await center.wrapUpDone(agent)
                return true
            case .hangUp, .voicemail, .transfer:
                try await event(.hungUp(gatewayCallId: g, callId: id, by: .system), node)
                return false
            default:
                continue
            }
        }
        return false
    }

    private static func event(_ e: CTIEvent, _ node: BenchNode) async throws {
        if let error = await node.center.gatewayEvent(e, seq: node.link.nextSeq(), link: node.link) {
            throw BenchError("the node refused \(e): \(error)")
        }
    }
}

/// Numbers the gateway calls of a run (unique for the life of the node).
final class CallCounter: Sendable {
    private let value = Mutex<Int>(0)

    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
