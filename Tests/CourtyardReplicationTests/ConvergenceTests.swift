import CourtyardCRDT
@testable import CourtyardReplication
import Testing

/// Scenario tests on the in-test network: writes everywhere, faults, heal, converge.
@Suite struct ConvergenceTests {
    let sites = ["hq", "north-bay", "east-lake", "south-gate"]

    /// The invariants every scenario must keep.
    func expectHealthy(_ net: SimNetwork, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(net.violations.isEmpty, "\(net.violations.prefix(5))", sourceLocation: sourceLocation)
        #expect(net.rejections.isEmpty, "\(net.rejections.prefix(5))", sourceLocation: sourceLocation)
        for id in net.ids {
            #expect(Set(net.nodes[id]!.store.allItems.map(\.itemID)) == net.allWrittenIDs,
                    "\(id) lacks items", sourceLocation: sourceLocation)
        }
    }

    @Test func writesAtEveryNode_withoutFaults_convergeToIdenticalItemSets() throws {
        var net = try SimNetwork(sites, seed: 1)
        for (i, site) in sites.enumerated() {
            try net.write(at: site, keys: ["t-\(i)", "shared"])
            net.run(forMs: 7)
        }
        let converged = net.runUntilConverged(maxMs: 5_000)
        #expect(converged)
        #expect(net["hq"].store.count == 8)
        expectHealthy(net)
    }

    @Test func droppedDelta_leavesGap_thatIsNackedAndRepaired() throws {
        var net = try SimNetwork(["hq", "north-bay", "east-lake"], seed: 2) {
            $0.antiEntropyIntervalMs = 1_000_000  // only the delta protocol may repair
        }
        var dropped = 0
        net.dropFilter = { from, to, message in
            guard case .delta(_, 1, _, _) = message, from == rid("hq"), to == rid("north-bay") else { return false }
            dropped += 1
            return dropped == 1
        }
        try net.write(at: "hq", keys: ["t-1"])
        try net.write(at: "hq", keys: ["t-2"])
        let converged = net.runUntilConverged(maxMs: 3_000)
        #expect(converged)
        #expect(net.messageCounts["nack", default: 0] >= 1)
        expectHealthy(net)
    }

    @Test func partitionedNode_catchesUpAfterHeal() throws {
        var net = try SimNetwork(sites, seed: 3)
        net.partition(["south-gate"], from: ["hq", "north-bay", "east-lake"])
        for round in 0..<10 {
            try net.write(at: sites[round % 3], keys: ["t-\(round)"])
            try net.write(at: "south-gate", keys: ["sg-\(round)"])
            net.run(forMs: 300)
        }
        #expect(net["south-gate"].store.count == 10)
        #expect(net["hq"].store.count == 10)
        try net.heal()
        let converged = net.runUntilConverged(maxMs: 10_000)
        #expect(converged)
        #expect(net["hq"].store.count == 20)
        expectHealthy(net)
    }

    @Test func duplicatedAndReorderedMessages_areHarmless() throws {
        let faults = Faults(dropRate: 0, duplicateRate: 0.5, delayMs: 1...400)
        var net = try SimNetwork(sites, seed: 4, faults: faults)
        for i in 0..<40 {
            try net.write(at: sites[i % sites.count], keys: ["t-\(i % 7)"])
            net.run(forMs: 13)
        }
        let converged = net.runUntilConverged(maxMs: 10_000)
        #expect(converged)
        expectHealthy(net)
        for id in net.ids { #expect(net.nodes[id]!.store.count == 40) }
    }

    @Test func lossyNetwork_convergesThroughRetransmissionAndAntiEntropy() throws {
        let faults = Faults(dropRate: 0.3, duplicateRate: 0.1, delayMs: 1...200)
        var net = try SimNetwork(sites, seed: 5, faults: faults)
        for i in 0..<60 {
            try net.write(at: sites[i % sites.count], keys: ["t-\(i % 11)"])
            net.run(forMs: 29)
        }
        net.faults = Faults()
        let converged = net.runUntilConverged(maxMs: 30_000)
        #expect(converged)
        expectHealthy(net)
    }

    @Test func bufferOverflow_fallsBackToFullState_andStillConverges() throws {
        var net = try SimNetwork(["hq", "north-bay", "east-lake"], seed: 6) {
            $0.bufferItemsMax = 4
            $0.fallbackKeysMax = 3
        }
        net.partition(["east-lake"], from: ["hq", "north-bay"])
        for i in 0..<30 { try net.write(at: "hq", keys: ["t-\(i)"]) }
        #expect(net["hq"].bufferedItems(for: rid("east-lake")) <= 4)
        #expect(net["hq"].fallbackKeyCount(for: rid("east-lake")) == 3)
        try net.heal()
        let converged = net.runUntilConverged(maxMs: 20_000)
        #expect(converged)
        expectHealthy(net)
    }

    @Test func sameSeedTwice_givesIdenticalMessageTrace() throws {
        func runOnce(seed: UInt64) throws -> [String] {
            let faults = Faults(dropRate: 0.2, duplicateRate: 0.2, delayMs: 1...300)
            var net = try SimNetwork(sites, seed: seed, faults: faults)
            for i in 0..<30 {
                try net.write(at: sites[i % sites.count], keys: ["t-\(i % 5)"])
                net.run(forMs: 37)
            }
            net.run(forMs: 5_000)
            return net.trace
        }
        let a = try runOnce(seed: 42)
        let b = try runOnce(seed: 42)
        #expect(a.count > 100)
        #expect(a == b)
        #expect(try runOnce(seed: 43) != a)
    }

    @Test func hq_receivesEveryDelta_evenWithFanOutOfOne() throws {
        var net = try SimNetwork(sites, seed: 7) {
            $0.hq = rid("hq")
            $0.deltaFanOut = 1
            $0.antiEntropyIntervalMs = 1_000_000
        }
        net.run(forMs: 5)  // the digests exchanged at peer-up, while stores are empty
        for i in 0..<12 { try net.write(at: sites[1 + i % 3], keys: ["t-\(i)"]) }
        net.run(forMs: 50)  // before the first tick's anti-entropy round
        #expect(net["hq"].store.count == 12)
        #expect(net["north-bay"].store.count < 12)
        #expect(net.violations.isEmpty)
    }
}
