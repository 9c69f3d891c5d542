import CourtyardCRDT
@testable import CourtyardReplication
import Testing

@Suite struct WriteConsistencyTests {
    let peers: Set<ReplicaID> = [rid("a"), rid("b"), rid("c"), rid("d")]

    // MARK: Tracker

    @Test func local_isSatisfiedAtOnce() throws {
        var t = WriteTracker(pendingMax: 8)
        #expect(try t.begin(WriteID(1), level: .local, alivePeers: peers, deadlineMs: 10) == .satisfied(WriteID(1)))
        #expect(t.pendingCount == 0)
    }

    @Test func quorum_ofFiveMembers_needsTwoPeerAcks() throws {
        var t = WriteTracker(pendingMax: 8)
        #expect(try t.begin(WriteID(1), level: .quorum, alivePeers: peers, deadlineMs: 10) == nil)
        #expect(t.ack(WriteID(1), by: rid("a")) == nil)
        #expect(t.ack(WriteID(1), by: rid("a")) == nil)  // the same peer twice counts once
        #expect(t.ack(WriteID(1), by: rid("c")) == .satisfied(WriteID(1)))
        #expect(t.ack(WriteID(1), by: rid("d")) == nil)  // reported once
    }

    @Test func all_needsEveryAlivePeer_andIgnoresStrangers() throws {
        var t = WriteTracker(pendingMax: 8)
        _ = try t.begin(WriteID(1), level: .all, alivePeers: [rid("a"), rid("b")], deadlineMs: 10)
        #expect(t.ack(WriteID(1), by: rid("z")) == nil)
        #expect(t.ack(WriteID(1), by: rid("a")) == nil)
        #expect(t.ack(WriteID(1), by: rid("b")) == .satisfied(WriteID(1)))
    }

    @Test func sites_beyondAliveMembers_failsAtOnce() throws {
        var t = WriteTracker(pendingMax: 8)
        let outcome = try t.begin(WriteID(1), level: .sites(6), alivePeers: peers, deadlineMs: 10)
        guard case .failed(_, let error) = outcome else { Issue.record("expected failure"); return }
        #expect(error.kind == .notEnoughReplicas)
        #expect(try t.begin(WriteID(2), level: .sites(1), alivePeers: [], deadlineMs: 10) == .satisfied(WriteID(2)))
        #expect(throws: ReplicationError.self) { try t.begin(WriteID(3), level: .sites(0), alivePeers: peers, deadlineMs: 10) }
    }

    @Test func pendingWrite_failsAtDeadline_notBefore() throws {
        var t = WriteTracker(pendingMax: 8)
        _ = try t.begin(WriteID(1), level: .sites(2), alivePeers: peers, deadlineMs: 100)
        #expect(t.expire(nowMs: 99).isEmpty)
        let out = t.expire(nowMs: 100)
        guard case .failed(_, let error)? = out.first else { Issue.record("expected timeout"); return }
        #expect(error.kind == .timedOut)
        #expect(t.ack(WriteID(1), by: rid("a")) == nil)
    }

    @Test func peerDown_failsWritesThatCanNoLongerReachTheirLevel() throws {
        var t = WriteTracker(pendingMax: 8)
        _ = try t.begin(WriteID(1), level: .all, alivePeers: [rid("a"), rid("b")], deadlineMs: 100)
        _ = try t.begin(WriteID(2), level: .sites(2), alivePeers: [rid("a"), rid("b")], deadlineMs: 100)
        let out = t.peerDown(rid("a"))
        #expect(out.count == 1)
        if case .failed(let id, let e)? = out.first { #expect(id == WriteID(1)); #expect(e.kind == .notEnoughReplicas) }
        #expect(t.ack(WriteID(2), by: rid("b")) == .satisfied(WriteID(2)))
    }

    @Test func tooManyPendingWrites_isATypedError() throws {
        var t = WriteTracker(pendingMax: 1)
        _ = try t.begin(WriteID(1), level: .all, alivePeers: peers, deadlineMs: 100)
        #expect(throws: ReplicationError.self) { try t.begin(WriteID(2), level: .all, alivePeers: peers, deadlineMs: 100) }
    }

    // MARK: On the network

    @Test func quorumAllAndSites_areSatisfiedByPersistedAcks() throws {
        var net = try SimNetwork(["hq", "north-bay", "east-lake"], seed: 11)
        let q = try net.write(at: "hq", keys: ["t-1"], consistency: .quorum)
        let a = try net.write(at: "hq", keys: ["t-2"], consistency: .all)
        let s = try net.write(at: "hq", keys: ["t-3"], consistency: .sites(2))
        let l = try net.write(at: "hq", keys: ["t-4"], consistency: .local)
        #expect(net.outcomes[rid("hq")]?[l] == .writeSatisfied(l))
        #expect(net.outcomes[rid("hq")]?[a] == nil)  // not before the peers persisted
        net.run(forMs: 50)
        for w in [q, a, s] { #expect(net.outcomes[rid("hq")]?[w] == .writeSatisfied(w)) }
        #expect(net.violations.isEmpty)
    }

    @Test func writeAtAll_withAPeerPartitioned_timesOutWithTypedError() throws {
        var net = try SimNetwork(["hq", "north-bay", "east-lake"], seed: 12)
        // The link is cut but membership has not noticed: the peer still counts as alive.
        net.dropFilter = { _, to, _ in to == rid("east-lake") }
        let w = try net.write(at: "hq", keys: ["t-1"], consistency: .all, timeoutMs: 1_000)
        net.run(forMs: 999)
        #expect(net.outcomes[rid("hq")]?[w] == nil)
        net.run(forMs: 200)
        guard case .writeFailed(_, let error)? = net.outcomes[rid("hq")]?[w] else {
            Issue.record("expected a failed write"); return
        }
        #expect(error.kind == .timedOut)
        #expect(error.acks == 1 && error.acksNeeded == 2)
    }

    @Test func writeAtQuorum_survivesOnePartitionedPeerOfThree() throws {
        var net = try SimNetwork(["hq", "north-bay", "east-lake"], seed: 13)
        net.dropFilter = { _, to, _ in to == rid("east-lake") }
        let w = try net.write(at: "hq", keys: ["t-1"], consistency: .quorum, timeoutMs: 1_000)
        net.run(forMs: 50)
        #expect(net.outcomes[rid("hq")]?[w] == .writeSatisfied(w))
    }
}
