import CourtyardCRDT
@testable import CourtyardReplication
import PropertyBased
import Testing

/// Random schedules: any number of nodes, writes, loss, duplication, reordering and a
/// partition that heals; once the network is fair again every node converges to every
/// write, without a persist-before-ack violation or a message over the byte bound.
@Suite struct ConvergencePropertyTests {
    static let names = ["hq", "north-bay", "east-lake", "south-gate", "west-hill"]

    /// (node count, writes as (node, key, gap ms), drop %, duplicate %, max delay, partitioned node, seed)
    static let scheduleGen = zip(
        Gen.int(in: 3...5),
        zip(Gen.int(in: 0...4), Gen.int(in: 0...9), Gen.int(in: 0...120)).array(of: 1...30),
        Gen.int(in: 0...40),
        Gen.int(in: 0...30),
        Gen.int(in: 1...300),
        Gen.int(in: -1...4),
        Gen.uint64()
    )

    @Test func randomSchedules_converge() async {
        await propertyCheck(count: 40, input: Self.scheduleGen) { count, writes, drop, dup, delay, cutNode, seed in
            let sites = Array(Self.names.prefix(count))
            let faults = Faults(dropRate: Double(drop) / 100, duplicateRate: Double(dup) / 100, delayMs: 1...Int64(delay))
            var net = try SimNetwork(sites, seed: seed, faults: faults) { $0.bufferItemsMax = 8; $0.fallbackKeysMax = 4 }
            if cutNode >= 0, cutNode < count {
                net.partition([sites[cutNode]], from: sites.filter { $0 != sites[cutNode] })
            }
            for (node, key, gap) in writes {
                try net.write(at: sites[node % count], keys: ["t-\(key)"])
                net.run(forMs: Int64(gap))
            }
            try net.heal()
            net.faults = Faults()
            let converged = net.runUntilConverged(maxMs: 120_000)
            #expect(converged, "seed \(seed)")
            #expect(net.violations.isEmpty, "\(net.violations.prefix(3))")
            #expect(net.rejections.isEmpty, "\(net.rejections.prefix(3))")
            for id in net.ids {
                #expect(Set(net.nodes[id]!.store.allItems.map(\.itemID)) == net.allWrittenIDs)
            }
        }
    }
}
