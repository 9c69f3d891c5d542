import CourtyardRuntime
import Testing
@testable import CourtyardTransport

@Suite struct LaneQueuesTests {
    func message(_ n: Int) -> WireMessage { WireMessage(type: "test.m", payload: [UInt8(n)]) }

    @Test func fullLane_refusesWithoutAffectingTheOtherLane() {
        var queues = LaneQueues(controlMax: 2, bulkMax: 2)
        let accepted = [
            queues.enqueue(message(1), lane: .bulk),
            queues.enqueue(message(2), lane: .bulk),
            queues.enqueue(message(3), lane: .bulk),
            queues.enqueue(message(4), lane: .control),
        ]
        #expect(accepted == [true, true, false, true])
        #expect(queues.count(.bulk) == 2 && queues.count(.control) == 1)
    }

    @Test func nextBatch_takesControlBeforeBulk_inFIFOOrder() {
        var queues = LaneQueues(controlMax: 8, bulkMax: 8)
        _ = queues.enqueue(message(1), lane: .bulk)
        _ = queues.enqueue(message(2), lane: .bulk)
        _ = queues.enqueue(message(3), lane: .control)
        _ = queues.enqueue(message(4), lane: .control)
        let batch = queues.nextBatch(max: 3)
        #expect(batch.map(\.message.payload) == [[3], [4], [1]])
        #expect(batch.map(\.lane) == [.control, .control, .bulk])
        #expect(queues.nextBatch(max: 3).map(\.message.payload) == [[2]])
        #expect(queues.isEmpty)
    }

    @Test func manyPushesAndPops_keepOrderAcrossCompaction() {
        var queues = LaneQueues(controlMax: 1000, bulkMax: 1)
        var expected: [UInt8] = []
        var got: [UInt8] = []
        for round in 0..<10 {
            for i in 0..<50 {
                let n = UInt8((round * 50 + i) % 256)
                _ = queues.enqueue(WireMessage(type: "t", payload: [n]), lane: .control)
                expected.append(n)
            }
            got += queues.nextBatch(max: 37).map { $0.message.payload[0] }
        }
        got += queues.nextBatch(max: 1000).map { $0.message.payload[0] }
        #expect(got == expected)
    }

    @Test func backoff_growsExponentially_isCapped_andJittersWithinTheUpperHalf() {
        let backoff = ReconnectBackoff(base: .milliseconds(100), max: .milliseconds(1000), attemptsMax: 5)
        #expect(backoff.delay(afterFailures: 1) { _ in 0 } == .milliseconds(50))
        #expect(backoff.delay(afterFailures: 1) { $0 - 1 } == .milliseconds(99))
        #expect(backoff.delay(afterFailures: 3) { _ in 0 } == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 30) { $0 - 1 } == .milliseconds(999))
        let random = SeededRandom(seed: 7)
        for attempt in 1...10 {
            let d = backoff.delay(afterFailures: attempt) { random.next(upperBound: $0) }
            #expect(d >= .milliseconds(50) && d < .milliseconds(1000))
        }
    }
}
