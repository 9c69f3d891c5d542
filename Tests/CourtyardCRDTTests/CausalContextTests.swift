import CourtyardCRDT
import Testing

private let hq = ReplicaID("hq"), nb = ReplicaID("north-bay"), gone = ReplicaID("west-gate")

private func dot(_ r: ReplicaID, _ n: UInt64) -> Dot { Dot(replica: r, counter: n) }

@Suite("Causal context")
struct CausalContextTests {
    @Test func insert_outOfOrderThenGapFilled_compactsCloudToEmpty() {
        var ctx = CausalContext()
        ctx.insert(dot(hq, 3))
        ctx.insert(dot(hq, 2))
        #expect(ctx.cloud == [dot(hq, 2), dot(hq, 3)])
        #expect(ctx.vector[hq] == 0)
        ctx.insert(dot(hq, 1))
        #expect(ctx.cloud.isEmpty)
        #expect(ctx.vector[hq] == 3)
        #expect(ctx.contains(dot(hq, 2)) && !ctx.contains(dot(hq, 4)))
    }

    @Test func merge_ofComplementaryClouds_compactsAfterMerge() {
        let a = CausalContext(dots: [dot(hq, 1), dot(hq, 3), dot(nb, 2)])
        let b = CausalContext(dots: [dot(hq, 2), dot(nb, 1), dot(hq, 5)])
        let merged = a.merging(b)
        #expect(merged.vector == VersionVector([hq: 3, nb: 2]))
        #expect(merged.cloud == [dot(hq, 5)])
    }

    @Test func nextDot_issuesPastHighestSeenIncludingCloud() {
        var ctx = CausalContext(dots: [dot(hq, 1), dot(hq, 4)])
        #expect(ctx.nextDot(for: hq) == dot(hq, 5))
        #expect(ctx.nextDot(for: nb) == dot(nb, 1))
        #expect(ctx.contains(dot(hq, 5)) && ctx.contains(dot(nb, 1)))
    }

    @Test func prune_removesReplicaFromVectorAndCloud() {
        var ctx = CausalContext(dots: [dot(gone, 1), dot(gone, 2), dot(gone, 9), dot(hq, 1)])
        ctx.prune(replica: gone)
        #expect(ctx == CausalContext(dots: [dot(hq, 1)]))
        #expect(!ctx.contains(dot(gone, 1)))
    }

    @Test func init_withVectorAndCoveredCloud_isCanonical() {
        let ctx = CausalContext(vector: VersionVector([hq: 2]), cloud: [dot(hq, 1), dot(hq, 3), dot(hq, 5)])
        #expect(ctx == CausalContext(vector: VersionVector([hq: 3]), cloud: [dot(hq, 5)]))
    }

    @Test func versionVector_dominanceAndConcurrency() {
        let a = VersionVector([hq: 2, nb: 1]), b = VersionVector([hq: 3, nb: 1]), c = VersionVector([nb: 4])
        #expect(a.isDominated(by: b) && !b.isDominated(by: a))
        #expect(a.isConcurrent(with: c))
        #expect(VersionVector([hq: 0]).isEmpty, "zero entries are dropped")
    }

    @Test func versionVector_increment_saturatesInsteadOfTrapping() {
        var v = VersionVector()
        v.increment(hq, by: .max)
        #expect(v.increment(hq, by: .max) == Dot.counterMax)
    }
}
