import Foundation
import CourtyardCRDT
import PropertyBased
import Testing

@Suite("Hybrid logical clock")
struct HLCTests {
    @Test func now_whenPhysicalClockGoesBackwards_staysStrictlyMonotone() async {
        await propertyCheck(count: 60, input: Gen.int64(in: 0...5_000).array(of: 1...40)) { physical in
            var clock = HybridLogicalClock()
            var previous = HLCTimestamp.zero
            for ms in physical {
                let t = try clock.now(physicalMs: ms)
                #expect(t > previous)
                #expect(t.wallMs >= ms, "never behind physical time")
                previous = t
            }
        }
    }

    @Test func receive_underSkewBetweenNodes_ordersAfterBothAndStaysMonotone() async {
        let gen = zip(Gen.int64(in: -30_000...30_000), zip(Gen.bool, Gen.int64(in: 0...50)).array(of: 1...40))
        await propertyCheck(count: 60, input: gen) { skewMs, steps in
            var a = HybridLogicalClock(), b = HybridLogicalClock()
            var lastA = HLCTimestamp.zero, lastB = HLCTimestamp.zero
            var realMs: Int64 = 1_000_000
            for (aSends, advanceMs) in steps {
                realMs += advanceMs
                if aSends {
                    let sent = try a.now(physicalMs: realMs)
                    let got = try b.receive(sent, physicalMs: realMs + skewMs)
                    #expect(got > sent && got > lastB)
                    #expect(sent > lastA)
                    lastA = sent; lastB = got
                } else {
                    let sent = try b.now(physicalMs: realMs + skewMs)
                    let got = try a.receive(sent, physicalMs: realMs)
                    #expect(got > sent && got > lastA)
                    #expect(sent > lastB)
                    lastB = sent; lastA = got
                }
            }
        }
    }

    @Test func receive_ordersAfterRemoteEvenWhenLocalIsBehind() throws {
        var clock = HybridLogicalClock()
        _ = try clock.now(physicalMs: 100)
        let remote = HLCTimestamp(wallMs: 5_000, logical: 7)
        let t = try clock.receive(remote, physicalMs: 200)
        #expect(t == HLCTimestamp(wallMs: 5_000, logical: 8))
        #expect(try clock.now(physicalMs: 300) > t)
    }

    @Test func receive_whenRemoteTooFarAhead_refusesAndLeavesClockUnchanged() throws {
        var clock = HybridLogicalClock(maxDriftMs: 1_000)
        _ = try clock.now(physicalMs: 10_000)
        let before = clock
        let remote = HLCTimestamp(wallMs: 11_001, logical: 0)
        let error = #expect(throws: HLCError.self) { try clock.receive(remote, physicalMs: 10_000) }
        #expect(error?.kind == .remoteTooFarAhead)
        #expect(error?.remote == remote)
        #expect(error?.description.contains("1001 ms ahead") == true)
        #expect(clock == before)
        // Exactly at the bound is accepted.
        #expect(try clock.receive(HLCTimestamp(wallMs: 11_000), physicalMs: 10_000).wallMs == 11_000)
    }

    @Test func receive_whenRemoteIsHostileExtreme_throwsInsteadOfTrapping() throws {
        var clock = HybridLogicalClock()
        let error = #expect(throws: HLCError.self) {
            try clock.receive(HLCTimestamp(wallMs: .max, logical: .max), physicalMs: .min)
        }
        #expect(error?.kind == .remoteTooFarAhead)
        #expect(clock.last == .zero)
    }

    @Test func now_whenLogicalCounterExhausted_throwsOverflow() throws {
        var clock = HybridLogicalClock(last: HLCTimestamp(wallMs: 500, logical: HLCTimestamp.logicalPackedMax))
        let error = #expect(throws: HLCError.self) { try clock.now(physicalMs: 400) }
        #expect(error?.kind == .logicalOverflow)
        #expect(clock.last.logical == HLCTimestamp.logicalPackedMax, "unchanged")
        // Physical time moving past the stuck millisecond recovers.
        #expect(try clock.now(physicalMs: 501) == HLCTimestamp(wallMs: 501, logical: 0))
    }

    @Test func receive_whenRemoteLogicalExhausted_throwsOverflow() {
        var clock = HybridLogicalClock()
        let remote = HLCTimestamp(wallMs: 100, logical: UInt32.max)
        let error = #expect(throws: HLCError.self) { try clock.receive(remote, physicalMs: 100) }
        #expect(error?.kind == .logicalOverflow)
        #expect(clock.last == .zero)
    }

    @Test func packed_preservesOrderAndRoundTrips() async {
        let ts = zip(Gen.int64(in: 0...(1 << 47) - 1), Gen.uint32(in: 0...HLCTimestamp.logicalPackedMax))
            .map { HLCTimestamp(wallMs: $0, logical: $1) }
        await propertyCheck(count: 200, input: ts, ts) { a, b in
            #expect((a < b) == (a.packed < b.packed))
            #expect(HLCTimestamp(packed: a.packed) == a)
        }
    }

    @Test func restore_neverIssuesAtOrBelowRestoredTimestamp() throws {
        var clock = HybridLogicalClock()
        clock.restore(atLeast: HLCTimestamp(wallMs: 9_000, logical: 3))
        #expect(try clock.now(physicalMs: 1_000) == HLCTimestamp(wallMs: 9_000, logical: 4))
    }

    @Test func decoding_refusesNonPositiveDrift() {
        let json = #"{"last":{"logical":0,"wallMs":0},"maxDriftMs":0}"#
        #expect(throws: CRDTCodecError.self) {
            try CRDTCodec.decode(HybridLogicalClock.self, from: Data(json.utf8))
        }
    }

    @Test func eventID_tieOnHLCIsBrokenByOrigin() {
        let hlc = HLCTimestamp(wallMs: 42, logical: 1)
        #expect(EventID(hlc: hlc, origin: ReplicaID("hq")) < EventID(hlc: hlc, origin: ReplicaID("north-bay")))
        #expect(EventID(hlc: hlc, origin: ReplicaID("zz")) < EventID(hlc: HLCTimestamp(wallMs: 42, logical: 2), origin: ReplicaID("aa")))
    }
}
