import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

/// Ring-all and ring timeouts through the gateway: every reserved agent's phone rings as a
/// leg of the call (`bridge`), and legs that stop ringing are cancelled (`cancelBridge`).
@Suite struct CallCenterRingGroupTests {
    static let a1 = AgentID("agent-1"), a2 = AgentID("agent-2"), a3 = AgentID("agent-3")

    /// A rig whose queues ring every eligible free agent at once.
    static func ringAllRig() -> CallCenterRig {
        CallCenterRig { config in
            if let ringAll = try? CallCenterConfiguration.standard(site: config.site, menu: config.menu,
                                                                  gatewayTokens: config.gatewayTokens,
                                                                  overflowAfterMs: nil, strategy: .ringAll) {
                config = ringAll
            }
        }
    }

    /// The leg commands (`bridge` / `cancelBridge`) the gateway received for `call`, in order.
    static func legs(_ rig: CallCenterRig, _ call: CallID) -> [String] {
        rig.gateway.commands(for: call).compactMap { c in
            if let a = c.bridgedAgent { return "bridge \(a)" }
            if let a = c.cancelledAgent { return "cancel \(a)" }
            return nil
        }
    }

    @Test func ringAll_bridgesEveryAgent_gatewayPickUpWins_andTheACDReleasesTheOthers() async throws {
        let rig = Self.ringAllRig()
        for a in ["agent-1", "agent-2", "agent-3"] { try await rig.logIn(a) }
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        let bridged = rig.gateway.commands(for: call).compactMap(\.bridgedAgent)
        #expect(bridged.count == 3 && Set(bridged) == [Self.a1, Self.a2, Self.a3], "\(Self.legs(rig, call))")
        for a in ["agent-1", "agent-2", "agent-3"] { #expect(await rig.agentState(a) == .reserved) }

        #expect(await rig.send(.answered(gatewayCallId: "gw-1", callId: call, agent: Self.a2)) == nil)
        #expect(await rig.send(.bridged(gatewayCallId: "gw-1", callId: call, agent: Self.a2)) == nil)
        #expect(await rig.agentState("agent-2") == .onCall)
        #expect(await rig.agentState("agent-1") == .available)
        #expect(await rig.agentState("agent-3") == .available)
        // The gateway dropped the other legs itself on pick-up: nothing to cancel.
        #expect(rig.gateway.commands(for: call).allSatisfy { $0.cancelledAgent == nil }, "\(Self.legs(rig, call))")
        for a in ["agent-1", "agent-3"] {
            #expect(await rig.consoleEvents(a).contains { $0.type == .offerWithdrawn && $0.call == call })
        }
        let answers = rig.ledger.all.filter { $0.callID == call && $0.body.kind == "answered" }
        #expect(answers.map(\.body) == [.answered(agent: Self.a2)])
        #expect(rig.ledgerKinds(call).filter { $0 == "offered" }.count == 3)
        // A second pick-up report is refused and changes nothing.
        #expect(await rig.send(.answered(gatewayCallId: "gw-1", callId: call, agent: Self.a1)) != nil)
        #expect(await rig.agentState("agent-1") == .available)
    }

    @Test func ringAll_consoleAnswer_cancelsTheOtherLegsAtTheGateway() async throws {
        let rig = Self.ringAllRig()
        for a in ["agent-1", "agent-2", "agent-3"] { try await rig.logIn(a) }
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        try await rig.center.answer(Self.a3, call: call)
        await rig.center.settle()
        #expect(await rig.agentState("agent-3") == .onCall)
        let cancelled = rig.gateway.commands(for: call).compactMap(\.cancelledAgent)
        #expect(Set(cancelled) == [Self.a1, Self.a2] && cancelled.count == 2, "\(Self.legs(rig, call))")
        // The winner's phone still rings; its pick-up connects the caller.
        #expect(await rig.send(.answered(gatewayCallId: "gw-1", callId: call, agent: Self.a3)) == nil)
        #expect(await rig.send(.bridged(gatewayCallId: "gw-1", callId: call, agent: Self.a3)) == nil)
        #expect(await rig.agentState("agent-1") == .available && rig.ledgerKinds(call).filter { $0 == "answered" }.count == 1)
    }

    @Test func ringTimeout_cancelsTheUnansweredLeg_thenBridgesTheNextAgent() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1")
        rig.wall.advance(byMs: 1_000)
        try await rig.logIn("agent-2")
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        #expect(Self.legs(rig, call) == ["bridge agent-1"])
        await rig.advance(ms: 21_000)
        #expect(Self.legs(rig, call) == ["bridge agent-1", "cancel agent-1", "bridge agent-2"])
        // The next agent's pick-up is accepted; the timed-out one's is refused.
        #expect(await rig.send(.answered(gatewayCallId: "gw-1", callId: call, agent: Self.a1)) != nil)
        #expect(await rig.send(.answered(gatewayCallId: "gw-1", callId: call, agent: Self.a2)) == nil)
        #expect(await rig.send(.bridged(gatewayCallId: "gw-1", callId: call, agent: Self.a2)) == nil)
        #expect(await rig.agentState("agent-2") == .onCall)
    }

    @Test func ringAll_everyLegTimesOut_everyLegIsCancelled_andTheCallWaitsAgain() async throws {
        let rig = Self.ringAllRig()
        for a in ["agent-1", "agent-2"] { try await rig.logIn(a) }
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        await rig.advance(ms: 21_000)
        let cancelled = rig.gateway.commands(for: call).compactMap(\.cancelledAgent)
        #expect(Set(cancelled) == [Self.a1, Self.a2] && cancelled.count == 2, "\(Self.legs(rig, call))")
        // Both agents wait out the retry delay, so the call waits in its queue…
        #expect(await rig.center.acdSnapshot.calls[call]?.phase == .waiting)
        #expect(Self.legs(rig, call).count == 4)
        // …and once it has passed, both phones ring again as new legs.
        await rig.advance(ms: 6_000)
        let again = Self.legs(rig, call).dropFirst(4)
        #expect(Set(again) == ["bridge agent-1", "bridge agent-2"] && again.count == 2, "\(Self.legs(rig, call))")
    }
}
