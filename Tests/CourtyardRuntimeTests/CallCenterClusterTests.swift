import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

/// Cross-site overflow: the call's owner reserves a remote agent through the agent owner's
/// `CallCenterNodeActor`, over the in-memory network.
@Suite struct CallCenterClusterTests {
    @Test func overflow_reservesTheRemoteAgentOnItsOwner_andNeverDoubleBooks() async throws {
        try await TestCluster.with(nodes: 3) { c in
            let rigs = try await makeRigs(c)
            let centers = rigs.map(\.center)
            let (a, b, cc) = (rigs[0], rigs[1], rigs[2])
            try await b.logIn("agent-x")
            await settleAll(centers)
            #expect(await a.center.agents().map(\.agent) == [AgentID("agent-x")])
            #expect(await a.center.agents().first?.site == ReplicaID("site-b"))

            let callA = await a.offer("gw-a1")
            let callC = await cc.offer("gw-c1", caller: "13900000009")
            await a.keys(callA, "gw-a1", "0")
            await cc.keys(callC, "gw-c1", "0")
            await settleAll(centers)

            let reserved = await b.center.acdSnapshot.reservations.reservations.filter { $0.agent == AgentID("agent-x") }
            #expect(reserved.count == 1)
            let offers = await b.consoleEvents("agent-x").filter { $0.type == .offer }
            #expect(offers.count == 1)
            let offered = try #require(offers.first?.call)
            #expect(offered == callA || offered == callC)

            // The agent answers at the console: the call's owner bridges the caller to it.
            try await b.center.answer(AgentID("agent-x"), call: offered)
            await settleAll(centers)
            let owner = offered == callA ? a : cc
            let gw = offered == callA ? "gw-a1" : "gw-c1"
            #expect(owner.gateway.commands(for: offered).last?.bridgedAgent == AgentID("agent-x"))
            #expect(await b.agentState("agent-x") == .onCall)
            #expect(owner.ledger.all.contains { $0.callID == offered && $0.body == .overflowed(toSite: ReplicaID("site-b")) })

            // The other call was never given the busy agent.
            let other = offered == callA ? callC : callA
            let otherRig = offered == callA ? cc : a
            #expect(otherRig.gateway.commands(for: other).allSatisfy { $0.bridgedAgent == nil })

            // The gateway connects them, then the caller hangs up: the agent's owner lets the
            // agent go to wrap-up.
            #expect(await owner.send(.answered(gatewayCallId: gw, callId: offered, agent: AgentID("agent-x"))) == nil)
            #expect(await owner.send(.bridged(gatewayCallId: gw, callId: offered, agent: AgentID("agent-x"))) == nil)
            await owner.send(.hungUp(gatewayCallId: gw, callId: offered, by: .caller))
            await settleAll(centers)
            let after = await b.agentState("agent-x")
            #expect(after == .available)  // logged in with no wrap-up time
            #expect(await b.center.acdSnapshot.reservations.reservations.isEmpty)
        }
    }

    @Test func failover_agentLogsInAtAnotherNode_takesOverWithHigherVersion() async throws {
        try await TestCluster.with(nodes: 2) { c in
            let rigs = try await makeRigs(c)
            let centers = rigs.map(\.center)
            try await rigs[0].logIn("agent-y")
            try await rigs[0].center.setState(AgentID("agent-y"), .notReady(.lunch))
            await settleAll(centers)
            let before = try #require(await rigs[1].center.agents().first)
            // Node a "dies": the console reconnects to node b with the same id.
            _ = try await rigs[1].center.logIn(AgentID("agent-y"))
            await settleAll(centers)
            let after = try await rigs[1].center.view(AgentID("agent-y"))
            #expect(after.site == ReplicaID("site-b"))
            #expect(after.version > before.version)
            #expect(after.state == .notReady)
            #expect(after.reason == "lunch")
            // Node a saw the takeover and let its copy go.
            #expect(await rigs[0].center.acdSnapshot.agents[AgentID("agent-y")] == nil)
        }
    }

    private func makeRigs(_ c: TestCluster) async throws -> [CallCenterRig] {
        let identities = c.nodes.map(\.identity)
        var out: [CallCenterRig] = []
        for node in c.nodes {
            let site = node.identity.site.rawValue
            let rig = CallCenterRig(site: site) { config in
                config = CallCenterConfiguration.demo(site: ReplicaID(site), gatewayTokens: ["gw-test": "s3cret"],
                                                      overflowAfterMs: 0)
            }
            let actor = try CallCenterNodeActor.make(in: node.system, center: rig.center)
            node.keeper.keep(actor)
            out.append(rig)
        }
        for (i, rig) in out.enumerated() {
            let me = c.nodes[i].identity
            await rig.center.setPeers(ClusterCallCenterPeers(system: c.nodes[i].system) { identities.filter { $0 != me } })
        }
        return out
    }
}
