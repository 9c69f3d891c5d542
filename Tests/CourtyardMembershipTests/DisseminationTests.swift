import CourtyardCRDT
import CourtyardMembership
import Testing

// MARK: - Gossip limits and determinism

@Suite struct DisseminationTests {
    @Test func piggybackedGossip_neverExceedsItsCountOrByteBudget() throws {
        var settings = MembershipSettings()
        settings.gossipBytesMax = 400
        settings.gossipUpdatesPerMessageMax = 6
        var net = TestNetwork(size: 7, seed: 20, settings: settings)
        net.startAll()
        net.run(untilMs: 10_000)
        net.crash(5)
        net.restart(6)
        net.partition([0], from: [1, 2])
        net.run(forMs: 30_000)
        #expect(net.delivered.count > 500)
        var fullest = 0
        for message in net.delivered {
            let bytes = try CRDTCodec.encode(message.gossip).count
            fullest = max(fullest, bytes)
            #expect(bytes <= settings.gossipBytesMax)
            #expect(message.gossip.count <= settings.gossipUpdatesPerMessageMax)
        }
        #expect(fullest > settings.gossipBytesMax / 2, "the budget should actually be exercised")
    }

    @Test func sameSeedTwice_givesIdenticalDirectiveTraces() {
        func scenario(seed: UInt64) -> [String] {
            var net = TestNetwork(size: 5, seed: seed)
            net.lossPercent = 5
            net.startAll()
            net.run(untilMs: 15_000)
            net.crash(4)
            net.partition([3], from: [0])
            net.run(forMs: 45_000)
            return net.trace
        }
        let first = scenario(seed: 42)
        #expect(first.count > 1_000)
        #expect(first == scenario(seed: 42))
        #expect(first != scenario(seed: 43))
    }
}
