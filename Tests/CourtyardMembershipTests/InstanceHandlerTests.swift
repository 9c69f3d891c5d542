import CourtyardCRDT
@testable import CourtyardMembership
import Testing

// MARK: - Driving one instance directly

@Suite struct InstanceHandlerTests {
    static func node(_ i: Int, life: UInt64 = 1) -> NodeID {
        NodeID(site: ReplicaID("site-\(i)"), endpoint: Endpoint(host: "10.0.0.\(i + 1)", port: 7946), incarnation: life)
    }

    static func started(_ i: Int = 0, settings: MembershipSettings = MembershipSettings()) throws -> MembershipInstance {
        var instance = try MembershipInstance(myself: node(i), settings: settings)
        var rng = SplitMix64(seed: 7)
        _ = instance.start(nowMs: 0, rng: &rng)
        return instance
    }

    static func gossip(from i: Int, to me: NodeID, _ updates: [MembershipUpdate]) -> MembershipMessage {
        MembershipMessage(from: node(i), to: me, kind: .gossip, gossip: updates)
    }

    @Test func suspicionOfItself_isRefutedWithAHigherIncarnation_andCostsLocalHealth() throws {
        var a = try Self.started()
        let me = a.myself
        _ = try a.receive(Self.gossip(from: 1, to: me, [
            MembershipUpdate(node: me, status: .suspect(incarnation: 0, confirmers: [Self.node(1)])),
        ]), nowMs: 100)
        #expect(a.selfStatus == .alive(incarnation: 1))
        #expect(a.localHealthMultiplier == 1)
        let reply = a.onPing(from: Self.node(1), seq: 9, nowMs: 200)
        guard case .send(_, let message) = reply.first else { Issue.record("no ack"); return }
        #expect(message.gossip.contains(MembershipUpdate(node: me, status: .alive(incarnation: 1))))
        // A stale suspicion of the old incarnation changes nothing.
        _ = try a.receive(Self.gossip(from: 2, to: me, [
            MembershipUpdate(node: me, status: .suspect(incarnation: 0, confirmers: [Self.node(2)])),
        ]), nowMs: 300)
        #expect(a.selfStatus == .alive(incarnation: 1))
    }

    @Test func suspicionTimeout_shrinksWithEachIndependentConfirmation() throws {
        var a = try Self.started()
        let me = a.myself, c = Self.node(3)
        var deadlines: [Int64] = []
        let confirmerSets = [[1], [1, 2], [1, 2, 4], [1, 2, 4, 5]].map { $0.map { Self.node($0) } }
        _ = try a.receive(Self.gossip(from: 1, to: me, [MembershipUpdate(node: c, status: .alive(incarnation: 0))]), nowMs: 0)
        for confirmers in confirmerSets {
            let out = try a.receive(Self.gossip(from: 1, to: me, [
                MembershipUpdate(node: c, status: .suspect(incarnation: 0, confirmers: confirmers)),
            ]), nowMs: 1_000)
            for case .scheduleTimer(.suspicionTimeout(c), let atMs) in out { deadlines.append(atMs) }
        }
        let s = a.settings
        #expect(deadlines == (0...3).map { 1_000 + s.suspicionTimeoutMs(confirmations: $0) })
        #expect(deadlines.first == 1_000 + s.suspicionTimeoutMaxMs)
        #expect(deadlines.last == 1_000 + s.suspicionTimeoutMinMs)
        #expect(zip(deadlines, deadlines.dropFirst()).allSatisfy { $0 > $1 })
        // The earlier, now stale timer does nothing; the shortened deadline expires it.
        #expect(a.onSuspicionTimeout(node: c, nowMs: deadlines.last! - 1).isEmpty)
        let expired = a.onSuspicionTimeout(node: c, nowMs: deadlines.last!)
        #expect(expired.contains(.statusChanged(member: c,
                                                from: .suspect(incarnation: 0, confirmers: confirmerSets[3]),
                                                to: .unreachable(incarnation: 0))))
        #expect(a.status(of: c) == .unreachable(incarnation: 0))
    }

    @Test func suspicionTimeoutFormula_followsLifeguard() {
        let s = MembershipSettings()
        #expect(s.suspicionTimeoutMs(confirmations: 0) == 24_000)
        #expect(s.suspicionTimeoutMs(confirmations: 1) == 14_000) // 24 − 20·log2/log4
        #expect(s.suspicionTimeoutMs(confirmations: 3) == 4_000)
        #expect(s.suspicionTimeoutMs(confirmations: 50) == 4_000)
    }

    @Test func failedProbe_withoutNacks_raisesHealth_andAckLowersIt() throws {
        var a = try Self.started()
        var rng = SplitMix64(seed: 1)
        for i in 1...4 {
            _ = try a.receive(Self.gossip(from: i, to: a.myself, []), nowMs: 0)
        }
        let tick = a.onTick(nowMs: 1_000, rng: &rng)
        guard let seq = tick.compactMap({ d -> UInt64? in
            if case .send(_, let m) = d, case .ping(let seq) = m.kind { return seq } else { return nil }
        }).first else { Issue.record("no ping"); return }
        let requests = a.onProbeTimeout(seq: seq, nowMs: 1_500, rng: &rng)
        #expect(requests.count == 3)
        _ = a.onIndirectProbeTimeout(seq: seq, nowMs: 2_000) // no ack, no nack from 3 relays
        #expect(a.localHealthMultiplier == 3)
        // The next round is scheduled 1 + LHM intervals later.
        let next = a.onTick(nowMs: 2_000, rng: &rng)
        #expect(next.contains(.scheduleTimer(.protocolPeriod, atMs: 2_000 + 4 * 1_000)))
        guard let seq2 = next.compactMap({ d -> UInt64? in
            if case .send(_, let m) = d, case .ping(let seq) = m.kind { return seq } else { return nil }
        }).first, case .send(let target, _)? = next.first(where: { if case .send = $0 { true } else { false } }) else {
            Issue.record("no second ping"); return
        }
        _ = a.onAck(from: target, seq: seq2, nowMs: 2_100)
        #expect(a.localHealthMultiplier == 2)
    }

    @Test func failedProbe_withAllNacks_leavesHealthAlone() throws {
        var a = try Self.started()
        var rng = SplitMix64(seed: 1)
        for i in 1...4 { _ = try a.receive(Self.gossip(from: i, to: a.myself, []), nowMs: 0) }
        let tick = a.onTick(nowMs: 1_000, rng: &rng)
        guard case .send(let target, let ping)? = tick.first(where: { if case .send = $0 { true } else { false } }),
              case .ping(let seq) = ping.kind else { Issue.record("no ping"); return }
        for case .send(let relay, _) in a.onProbeTimeout(seq: seq, nowMs: 1_500, rng: &rng) {
            _ = try a.receive(MembershipMessage(from: relay, to: a.myself, kind: .nack(seq: seq), gossip: []), nowMs: 1_900)
        }
        _ = a.onIndirectProbeTimeout(seq: seq, nowMs: 2_000)
        #expect(a.localHealthMultiplier == 0)
        #expect(a.status(of: target)?.kind == .suspect)
    }

    @Test func pingRequest_forwardsTheAck_orNacksOnTimeout() throws {
        var relay = try Self.started()
        let origin = Self.node(1), target = Self.node(2)
        for i in 1...2 { _ = try relay.receive(Self.gossip(from: i, to: relay.myself, []), nowMs: 0) }
        let out = relay.onPingRequest(from: origin, seq: 77, target: target, nowMs: 10)
        guard case .send(target, let ping)? = out.first, case .ping(let mySeq) = ping.kind else {
            Issue.record("no relayed ping"); return
        }
        #expect(out.contains(.scheduleTimer(.relayTimeout(seq: mySeq), atMs: 10 + 400)))
        let forwarded = relay.onAck(from: target, seq: mySeq, nowMs: 20)
        guard case .send(origin, let ack)? = forwarded.first else { Issue.record("ack not forwarded"); return }
        #expect(ack.kind == .ack(seq: 77))
        #expect(relay.onRelayTimeout(seq: mySeq, nowMs: 410).isEmpty)

        let second = relay.onPingRequest(from: origin, seq: 78, target: target, nowMs: 500)
        guard case .send(_, let ping2)? = second.first, case .ping(let seq2) = ping2.kind else { return }
        let nack = relay.onRelayTimeout(seq: seq2, nowMs: 900)
        guard case .send(origin, let message)? = nack.first else { Issue.record("no nack"); return }
        #expect(message.kind == .nack(seq: 78))
    }

    @Test func untrustedMessage_overTheGossipLimit_isRefusedWhole() throws {
        var settings = MembershipSettings()
        settings.gossipUpdatesPerMessageMax = 2
        var a = try Self.started(settings: settings)
        let updates = (1...3).map { MembershipUpdate(node: Self.node($0), status: .alive(incarnation: 0)) }
        #expect(throws: MembershipError.self) { try a.receive(Self.gossip(from: 1, to: a.myself, updates), nowMs: 0) }
        #expect(a.view.count == 1, "nothing of a refused message is applied")
        let unsorted = MembershipUpdate(node: Self.node(3),
                                        status: .suspect(incarnation: 0, confirmers: [Self.node(2), Self.node(1)]))
        #expect(throws: MembershipError.self) { try a.receive(Self.gossip(from: 1, to: a.myself, [unsorted]), nowMs: 0) }
    }

    @Test func messageForAnotherNode_isRefused_butOneForMyPreviousLifeIsAnswered() throws {
        var a = try Self.started()
        #expect(throws: MembershipError.misaddressed(to: Self.node(5), myself: a.myself)) {
            try a.receive(Self.gossip(from: 1, to: Self.node(5), []), nowMs: 0)
        }
        let previous = Self.node(0, life: 99)
        let out = try a.receive(MembershipMessage(from: Self.node(1), to: previous, kind: .ping(seq: 1), gossip: []), nowMs: 0)
        #expect(a.status(of: previous) == .down)
        guard case .send(_, let answer)? = out.first(where: { if case .send = $0 { true } else { false } }) else {
            Issue.record("no answer"); return
        }
        #expect(answer.gossip.contains(MembershipUpdate(node: previous, status: .down)))
    }

    @Test func joinSendsSnapshotToSeeds_skippingItsOwnEndpoint() throws {
        var a = try Self.started()
        let seeds = [Self.node(2).endpoint, a.myself.endpoint, Self.node(1).endpoint]
        let out = a.onJoin(seeds: seeds, nowMs: 0)
        let targets = out.compactMap { d -> Endpoint? in if case .sendToEndpoint(let e, _) = d { e } else { nil } }
        #expect(targets == [Self.node(1).endpoint, Self.node(2).endpoint])
    }
}

// MARK: - Push/pull and bounds

@Suite struct PushPullAndBoundsTests {
    static func node(_ i: Int, life: UInt64 = 1) -> NodeID { InstanceHandlerTests.node(i, life: life) }

    @Test func pushPullExchange_leavesBothSidesWithTheSameView() throws {
        var a = try InstanceHandlerTests.started(0)
        var b = try InstanceHandlerTests.started(1)
        let c = Self.node(2), d = Self.node(3)
        _ = a.onGossip([MembershipUpdate(node: c, status: .alive(incarnation: 2)),
                        MembershipUpdate(node: d, status: .suspect(incarnation: 0, confirmers: [a.myself]))], nowMs: 0)
        _ = b.onGossip([MembershipUpdate(node: d, status: .alive(incarnation: 1)),
                        MembershipUpdate(node: Self.node(4), status: .down)], nowMs: 0)
        let reply = b.onPushPull(from: a.myself, snapshot: a.snapshot(), nowMs: 10)
        guard case .pushPull(let to, let message)? = reply.last, case .pushPullReply(let snapshot) = message.kind else {
            Issue.record("no reply"); return
        }
        #expect(to == a.myself)
        _ = a.onPushPullReply(from: b.myself, snapshot: snapshot, nowMs: 20)
        #expect(a.view == b.view)
        #expect(a.status(of: d) == .alive(incarnation: 1), "a higher incarnation beats an older suspicion")
        #expect(a.status(of: Self.node(4)) == .down)
    }

    @Test func fullTable_evictsTheOldestTombstone_andPrunesExpiredOnes() throws {
        var settings = MembershipSettings()
        settings.membersMax = 4
        settings.tombstoneRetentionMs = 10_000
        var a = try InstanceHandlerTests.started(settings: settings)
        var rng = SplitMix64(seed: 1)
        _ = a.onGossip([MembershipUpdate(node: Self.node(1), status: .down)], nowMs: 0)
        _ = a.onGossip([MembershipUpdate(node: Self.node(2), status: .left)], nowMs: 1)
        _ = a.onGossip([MembershipUpdate(node: Self.node(3), status: .alive(incarnation: 0))], nowMs: 2)
        #expect(a.view.count == 4)
        _ = a.onGossip([MembershipUpdate(node: Self.node(4), status: .alive(incarnation: 0))], nowMs: 3)
        #expect(a.status(of: Self.node(1)) == nil, "the oldest tombstone made room")
        #expect(a.status(of: Self.node(4))?.kind == .alive)
        _ = a.onGossip([MembershipUpdate(node: Self.node(5), status: .alive(incarnation: 0))], nowMs: 4)
        _ = a.onGossip([MembershipUpdate(node: Self.node(6), status: .alive(incarnation: 0))], nowMs: 5)
        #expect(a.status(of: Self.node(6)) == nil, "a table full of live members drops strangers")
        #expect(a.view.count == 4)
        _ = a.onGossip([MembershipUpdate(node: Self.node(3), status: .down)], nowMs: 6)
        _ = a.onTick(nowMs: 10_005, rng: &rng)
        #expect(a.status(of: Self.node(3)) == .down, "kept for the whole retention")
        _ = a.onTick(nowMs: 10_006, rng: &rng)
        #expect(a.status(of: Self.node(3)) == nil, "forgotten after it")
    }
}
