import Testing
import CourtyardCRDT
import CourtyardDomain
@testable import CourtyardCallCenter

/// Ring-all through the gateway: a ringing call holds one leg per agent the ACD reserved.
@Suite struct CallSessionRingGroupTests {
    static let a1 = AgentID("agent-1"), a2 = AgentID("agent-2"), a3 = AgentID("agent-3")

    /// A queued call (key 0) ringing `legs`, offered in that order.
    func ringing(_ legs: [AgentID]) throws -> CallSession {
        var s = try Fixture.at("0")
        for a in legs { _ = try s.offerToAgent(a, nowMs: 2_000) }
        return s
    }

    @Test func offers_addLegsInOfferOrder_eachWithItsOwnBridge() throws {
        var s = try Fixture.at("0")
        #expect(try s.offerToAgent(Self.a2, nowMs: 1) == [.bridge(Self.a2)])
        #expect(try s.offerToAgent(Self.a1, sticky: true, nowMs: 2) == [.bridge(Self.a1, sticky: true)])
        #expect(try s.offerToAgent(Self.a3, nowMs: 3) == [.bridge(Self.a3)])
        #expect(s.phase == .ringing([Self.a2, Self.a1, Self.a3], queue: Fixture.service, priority: .normal, answered: nil))
    }

    @Test func offeringARingingAgentAgain_isIdempotent() throws {
        var s = try ringing([Self.a1, Self.a2])
        let before = s
        #expect(try s.offerToAgent(Self.a1, nowMs: 3) == [])
        #expect(s == before)
    }

    @Test func cancellingTheMiddleLeg_sendsCancelBridge_andKeepsTheOthersRinging() throws {
        var s = try ringing([Self.a1, Self.a2, Self.a3])
        #expect(try s.agentDidNotAnswer(Self.a2, nowMs: 3) == [.cancelBridge(Self.a2)])
        #expect(s.phase == .ringing([Self.a1, Self.a3], queue: Fixture.service, priority: .normal, answered: nil))
        // The cancelled agent no longer counts as a leg.
        #expect { try s.onAnswered(Self.a2, nowMs: 4) } throws: { ($0 as? CallSessionError)?.code == .wrongAgent }
    }

    @Test func cancellingTheLastLeg_queuesTheCallAgain_andANewOfferRingsAgain() throws {
        var s = try Fixture.at("9")
        _ = try s.offerToAgent(Self.a1, nowMs: 1)
        #expect(try s.agentDidNotAnswer(Self.a1, nowMs: 2) == [.cancelBridge(Self.a1)])
        #expect(s.phase == .queued(Fixture.emergencyQ, .emergency))
        #expect(try s.offerToAgent(Self.a2, nowMs: 3) == [.bridge(Self.a2)])
        #expect(s.phase == .ringing([Self.a2], queue: Fixture.emergencyQ, priority: .emergency, answered: nil))
    }

    @Test func answerOrBridgeByAnAgentWhoIsNotALeg_isRefused_andChangesNothing() throws {
        var s = try ringing([Self.a1, Self.a2])
        let before = s
        #expect { try s.onAnswered(Self.a3, nowMs: 3) } throws: { ($0 as? CallSessionError)?.code == .wrongAgent }
        #expect { try s.onBridged(Self.a3, nowMs: 3) } throws: { ($0 as? CallSessionError)?.code == .wrongAgent }
        #expect { try s.agentDidNotAnswer(Self.a3, nowMs: 3) } throws: { ($0 as? CallSessionError)?.code == .wrongAgent }
        #expect(s == before)
    }

    @Test func answeredLeg_wins_otherLegsLeaveWithoutCancelBridge_andOnlyItMayBridge() throws {
        var s = try ringing([Self.a1, Self.a2, Self.a3])
        #expect(try s.onAnswered(Self.a2, nowMs: 3) == [])
        // A second pick-up, or another offer, does not fit an answered call.
        var t = s
        #expect { try t.onAnswered(Self.a1, nowMs: 4) } throws: { ($0 as? CallSessionError)?.code == .outOfOrder }
        #expect { try t.offerToAgent(AgentID("agent-4"), nowMs: 4) } throws: { ($0 as? CallSessionError)?.code == .outOfOrder }
        #expect(t == s)
        // The ACD releases the others: the gateway dropped their legs on pick-up.
        #expect(try s.agentDidNotAnswer(Self.a1, nowMs: 4) == [])
        #expect(try s.agentDidNotAnswer(Self.a3, nowMs: 4) == [])
        #expect(s.phase == .ringing([Self.a2], queue: Fixture.service, priority: .normal, answered: Self.a2))
        // The agent who answered is not "missed".
        let before = s
        #expect { try s.agentDidNotAnswer(Self.a2, nowMs: 5) } throws: { ($0 as? CallSessionError)?.code == .outOfOrder }
        #expect(s == before)
        #expect { try s.onBridged(Self.a1, nowMs: 5) } throws: { ($0 as? CallSessionError)?.code == .wrongAgent }
        #expect(try s.onBridged(Self.a2, nowMs: 5) == [])
        #expect(s.phase == .bridged(Self.a2))
    }

    @Test func bridgedWithoutAnswered_mayNameAnyLeg() throws {
        var s = try ringing([Self.a1, Self.a2])
        _ = try s.onBridged(Self.a2, nowMs: 3)
        #expect(s.phase == .bridged(Self.a2))
        #expect { try s.agentDidNotAnswer(Self.a1, nowMs: 4) } throws: { ($0 as? CallSessionError)?.code == .outOfOrder }
    }

    @Test func cancelBridgeDirective_becomesTheCTICommand() {
        let call = CallID("north-bay:c1")
        #expect(CTICommand.from(.cancelBridge(Self.a1), callId: call, gatewayCallId: "gw-1", endpoint: { _ in "sip:x" })
            == .cancelBridge(callId: call, gatewayCallId: "gw-1", agent: Self.a1))
    }
}
