import CourtyardCRDT
@testable import CourtyardReplication
import Testing

/// An unacknowledged delta is re-sent after `retransmitMs`, then after twice that, and so
/// on up to `retransmitMsMax`; a peer coming up gets everything at once. (Found by the
/// actor simulator: a fixed 500 ms retransmission flooded a peer cut off by a partition
/// that indirect probes kept alive.)
@Suite struct RetransmitBackoffTests {
    typealias Instance = ReplicationInstance<TestItem>

    func deltaSendTimes(untilMs: Int64, configure: (inout ReplicationConfig) -> Void) throws -> [Int64] {
        var config = ReplicationConfig(replica: rid("hq"))
        config.antiEntropyIntervalMs = 1_000_000_000 // keep digests out of the count
        configure(&config)
        var n = try Instance(config: config, epoch: 7)
        _ = try n.onPeerUp(rid("north-bay"), nowMs: 0)
        _ = try n.onLocalWrite([TestItem(key: "t-1", itemID: eid(1, 0, "hq"), payload: "厨房水龙头漏水")], nowMs: 0)
        var rng = SystemRandomNumberGenerator()
        var times: [Int64] = []
        var t: Int64 = 0
        while t <= untilMs {
            for d in n.onTick(nowMs: t, rng: &rng) {
                if case .send(_, .delta) = d { times.append(t) }
            }
            t += config.tickIntervalMs
        }
        return times
    }

    @Test func retransmissions_backOffExponentially_upToTheCap() throws {
        let times = try deltaSendTimes(untilMs: 40_000) { c in
            c.retransmitMs = 500
            c.retransmitMsMax = 8_000
        }
        // First send happens with the write (not a tick); retransmissions at +0.5, +1, +2, +4, +8, +8 s …
        #expect(times.prefix(5) == [500, 1_500, 3_500, 7_500, 15_500])
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 <= 8_000 })
        #expect(gaps.suffix(2) == [8_000, 8_000])
        #expect(times.count < 12) // a fixed 500 ms would have sent 80
    }

    @Test func peerComingUp_getsItsBacklogAtOnce() throws {
        var config = ReplicationConfig(replica: rid("hq"))
        config.antiEntropyIntervalMs = 1_000_000_000
        var n = try Instance(config: config, epoch: 7)
        _ = try n.onPeerUp(rid("north-bay"), nowMs: 0)
        _ = try n.onLocalWrite([TestItem(key: "t-1", itemID: eid(1, 0, "hq"), payload: "楼道灯不亮")], nowMs: 0)
        var rng = SystemRandomNumberGenerator()
        for t in stride(from: Int64(100), through: 10_000, by: 100) { _ = n.onTick(nowMs: t, rng: &rng) }
        _ = n.onPeerDown(rid("north-bay"))
        let out = try n.onPeerUp(rid("north-bay"), nowMs: 10_050)
        #expect(out.contains { if case .send(_, .delta) = $0 { true } else { false } })
    }

    @Test func retransmitMsMaxBelowRetransmitMs_isRefused() {
        var config = ReplicationConfig(replica: rid("hq"))
        config.retransmitMs = 1_000
        config.retransmitMsMax = 500
        #expect(throws: ReplicationError.self) { try config.validate() }
    }
}
