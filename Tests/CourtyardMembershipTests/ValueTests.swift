import CourtyardCRDT
import Foundation
@testable import CourtyardMembership
import Testing

// MARK: - Values: endpoints, statuses, settings, resolver, schedule

@Suite struct ValueTests {
    static func node(_ i: Int) -> NodeID { InstanceHandlerTests.node(i) }

    @Test func endpoint_parsesHostAndPort_andRefusesGarbage() {
        #expect(Endpoint(parsing: "10.0.0.7:7946") == Endpoint(host: "10.0.0.7", port: 7946))
        #expect(Endpoint(parsing: "[::1]:7946")?.host == "[::1]")
        for bad in ["", "host", "host:", "host:0", "host:70000", ":80", "a b:80", "::1:80", "h:+80"] {
            #expect(Endpoint(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func statusMerge_isCommutativeAssociativeIdempotent() {
        let c1 = [Self.node(1)], c2 = [Self.node(2)]
        let all: [MemberStatus] = [
            .alive(incarnation: 0), .alive(incarnation: 1), .suspect(incarnation: 0, confirmers: c1),
            .suspect(incarnation: 0, confirmers: c2), .suspect(incarnation: 1, confirmers: c1),
            .unreachable(incarnation: 0), .unreachable(incarnation: 1), .down, .left,
        ]
        for a in all {
            #expect(a.merged(with: a, confirmersMax: 4) == a)
            for b in all {
                #expect(a.merged(with: b, confirmersMax: 4) == b.merged(with: a, confirmersMax: 4))
                for c in all {
                    let left = a.merged(with: b, confirmersMax: 4).merged(with: c, confirmersMax: 4)
                    let right = a.merged(with: b.merged(with: c, confirmersMax: 4), confirmersMax: 4)
                    #expect(left == right)
                }
            }
        }
        #expect(MemberStatus.down.merged(with: .alive(incarnation: 9), confirmersMax: 4) == .down)
        #expect(MemberStatus.down.merged(with: .left, confirmersMax: 4) == .left)
    }

    @Test func settings_outOfRange_areRefusedWithTheFieldNamed() {
        var s = MembershipSettings()
        s.probeTimeoutMs = 2_000
        #expect(throws: MembershipError.self) { try s.validate() }
        s = MembershipSettings()
        s.suspicionTimeoutMinMs = 30_000
        #expect(throws: MembershipError.invalidSettings("suspicion timeouts must satisfy 0 < min <= max")) {
            try s.validate()
        }
    }

    @Test func retransmitLimit_growsWithTheLogOfClusterSize() {
        let s = MembershipSettings()
        #expect(s.retransmitLimit(memberCount: 1) == 4)
        #expect(s.retransmitLimit(memberCount: 9) == 4)
        #expect(s.retransmitLimit(memberCount: 10) == 8)
        #expect(s.retransmitLimit(memberCount: 100) == 12)
    }

    @Test func downResolver_waitsForStability_thenKeepsTheMajority() {
        var r = DownResolver(stableAfterMs: 1_000)
        let me = Self.node(0)
        var view: [NodeID: MemberStatus.Kind] = [me: .alive, Self.node(1): .alive, Self.node(2): .unreachable]
        #expect(r.evaluate(view: view, myself: me, nowMs: 0) == .wait(untilMs: 1_000))
        view[Self.node(3)] = .suspect // the troubled set changed: the window restarts
        #expect(r.evaluate(view: view, myself: me, nowMs: 500) == .wait(untilMs: 1_500))
        view[Self.node(3)] = .alive
        #expect(r.evaluate(view: view, myself: me, nowMs: 600) == .wait(untilMs: 1_600))
        #expect(r.evaluate(view: view, myself: me, nowMs: 1_600) == .down([Self.node(2)]))
    }

    @Test func downResolver_evenSplit_goesToTheSideWithTheLowestNode() {
        let view: [NodeID: MemberStatus.Kind] = [
            Self.node(0): .unreachable, Self.node(1): .unreachable, Self.node(2): .alive, Self.node(3): .alive,
        ]
        var low = DownResolver(stableAfterMs: 0)
        var high = DownResolver(stableAfterMs: 0)
        var mirrored = view
        for (k, v) in view { mirrored[k] = v == .alive ? .unreachable : .alive }
        #expect(high.evaluate(view: view, myself: Self.node(2), nowMs: 0) == .inMinority)
        #expect(low.evaluate(view: mirrored, myself: Self.node(0), nowMs: 0) == .down([Self.node(2), Self.node(3)]))
    }

    @Test func downResolver_ignoresTombstones_whenCounting() {
        var r = DownResolver(stableAfterMs: 0)
        let view: [NodeID: MemberStatus.Kind] = [
            Self.node(0): .alive, Self.node(1): .unreachable, Self.node(2): .down, Self.node(3): .left,
            Self.node(4): .down,
        ]
        // 1 of 2 members and the lowest: keeps the cluster.
        #expect(r.evaluate(view: view, myself: Self.node(0), nowMs: 0) == .down([Self.node(1)]))
    }

    @Test func probeSchedule_visitsEveryMemberOncePerRound() {
        var schedule = ProbeSchedule()
        var rng = SplitMix64(seed: 3)
        let members = (1...6).map(Self.node)
        var rounds: Set<[NodeID]> = []
        for _ in 0..<10 {
            let round = (0..<6).compactMap { _ in schedule.next(candidates: members, using: &rng) }
            #expect(round.sorted() == members)
            rounds.insert(round)
        }
        #expect(rounds.count > 1, "rounds are reshuffled")
    }

    @Test func deterministicDraw_isUniformEnough_andReplayable() {
        var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9)
        let xs = (0..<600).map { _ in DeterministicDraw.below(6, using: &a) }
        let ys = (0..<600).map { _ in DeterministicDraw.below(6, using: &b) }
        #expect(xs == ys)
        for v in 0..<6 { #expect((70...130).contains(xs.filter { $0 == v }.count)) }
    }
}

// MARK: - Wire form

@Suite struct WireFormTests {
    @Test func message_roundTripsThroughCanonicalJSON() throws {
        let a = InstanceHandlerTests.node(0), b = InstanceHandlerTests.node(1)
        let snapshot = MembershipSnapshot(members: [
            MembershipUpdate(node: b, status: .suspect(incarnation: 3, confirmers: [a])),
            MembershipUpdate(node: a, status: .alive(incarnation: 1)),
        ])
        let message = MembershipMessage(from: a, to: b, kind: .pushPull(snapshot),
                                        gossip: [MembershipUpdate(node: b, status: .left)])
        let decoded = try CRDTCodec.decode(MembershipMessage.self, from: CRDTCodec.encode(message))
        #expect(decoded == message)
        try decoded.validate(MembershipSettings())
    }

    @Test func decodedSnapshot_outOfOrder_isRefusedByValidation() throws {
        let a = InstanceHandlerTests.node(0), b = InstanceHandlerTests.node(1)
        let json = """
        {"from":\(String(decoding: try CRDTCodec.encode(a), as: UTF8.self)),"gossip":[],
         "kind":{"pushPull":{"_0":{"members":[
           {"node":\(String(decoding: try CRDTCodec.encode(b), as: UTF8.self)),"status":{"down":{}}},
           {"node":\(String(decoding: try CRDTCodec.encode(a), as: UTF8.self)),"status":{"down":{}}}]}}}}
        """
        let message = try CRDTCodec.decode(MembershipMessage.self, from: Data(json.utf8))
        #expect(throws: MembershipError.self) { try message.validate(MembershipSettings()) }
    }

    @Test func decoding_refusesAnInvalidEndpoint() {
        let json = #"{"site":"hq","endpoint":"no-port","incarnation":1}"#
        #expect(throws: CRDTCodecError.self) { try CRDTCodec.decode(NodeID.self, from: Data(json.utf8)) }
    }
}
