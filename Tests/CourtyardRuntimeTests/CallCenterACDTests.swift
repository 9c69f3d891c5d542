import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

/// Queues, agents, offers, screen pops and the ledger, driven in-process.
@Suite struct CallCenterACDTests {
    private func seedResident(_ rig: CallCenterRig) async throws {
        let room = Room(id: "room-1203", site: ReplicaID("north-bay"), building: "12", unit: "1", floor: 2, number: "1203",
                        arrearsCents: 50_000)
        let resident = Resident(id: "res-1", site: ReplicaID("north-bay"), name: "张伟", phones: ["+8613812345678"])
        var batch = DirectoryBatch()
        batch.rooms = [room]
        batch.residents = [resident]
        batch.occupancies = [Occupancy(residentID: "res-1", roomID: "room-1203", role: .owner)]
        _ = try await rig.harness.directory.apply(batch)
    }

    @Test func queuedCall_isOfferedToLongestIdleAgent_withScreenPop() async throws {
        let rig = CallCenterRig()
        try await seedResident(rig)
        try await rig.logIn("agent-1")
        rig.wall.advance(byMs: 1_000)
        try await rig.logIn("agent-2")
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        #expect(rig.gateway.commands(for: call).last?.bridgedAgent == AgentID("agent-1"))
        #expect(await rig.agentState("agent-1") == .reserved)
        let offer = try #require(await rig.consoleEvents("agent-1").last { $0.type == .offer })
        #expect(offer.call == call)
        let pop = try #require(offer.screenPop)
        #expect(pop.residents.map(\.name) == ["张伟"])
        #expect(pop.residents.first?.rooms.first?.role == .owner)
        #expect(pop.arrearsCents == 50_000)
        #expect(rig.ledgerKinds(call).contains("offered"))
    }

    @Test func screenPop_prefersTheRoomsLiveBill_overTheDirectorysArrears() async throws {
        let rig = CallCenterRig()
        try await seedResident(rig)
        // A phone payment left 12 000 owing; the directory still says 50 000.
        rig.bills.put(RoomBill(roomCode: "1203", roomID: "room-1203", amountDueCents: 12_000, phones: ["+8613812345678"]))
        try await rig.logIn("agent-1")
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        let offer = try #require(await rig.consoleEvents("agent-1").last { $0.type == .offer })
        let pop = try #require(offer.screenPop)
        #expect(pop.arrearsCents == 12_000)
        #expect(pop.residents.first?.rooms.first?.arrearsCents == 12_000)
    }

    @Test func answerHangUpWrapUp_movesAgentThroughStates_andLedgerRecordsThem() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1", wrapUpMs: 30_000)
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        #expect(await rig.send(.answered(gatewayCallId: "gw-1", callId: call, agent: AgentID("agent-1"))) == nil)
        #expect(await rig.send(.bridged(gatewayCallId: "gw-1", callId: call, agent: AgentID("agent-1"))) == nil)
        #expect(await rig.agentState("agent-1") == .onCall)
        await rig.send(.hungUp(gatewayCallId: "gw-1", callId: call, by: .caller))
        #expect(await rig.agentState("agent-1") == .wrapUp)
        try await rig.center.wrapUpDone(AgentID("agent-1"))
        await rig.center.settle()
        #expect(await rig.agentState("agent-1") == .available)
        let kinds = rig.ledgerKinds(call)
        for kind in ["callEntered", "queueEntered", "offered", "answered", "hungUp", "wrapUpStarted", "wrapUpEnded"] {
            #expect(kinds.contains(kind), "ledger lacks \(kind): \(kinds)")
        }
        #expect(await rig.center.activeCalls.isEmpty)
    }

    @Test func consoleAnswer_connectsTheCall() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1")
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        try await rig.center.answer(AgentID("agent-1"), call: call)
        await rig.center.settle()
        #expect(await rig.agentState("agent-1") == .onCall)
        #expect(await rig.consoleEvents("agent-1").contains { $0.type == .connected && $0.call == call })
    }

    @Test func offerTimeout_requeuesAndOffersTheNextAgent() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1")
        rig.wall.advance(byMs: 1_000)
        try await rig.logIn("agent-2")
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        await rig.advance(ms: 21_000)
        #expect(rig.gateway.commands(for: call).last?.bridgedAgent == AgentID("agent-2"))
        #expect(await rig.consoleEvents("agent-1").contains { $0.type == .offerWithdrawn && $0.call == call })
        #expect(rig.ledger.all.contains { $0.callID == call && $0.body == .offerEnded(agent: AgentID("agent-1"), outcome: .timedOut) })
    }

    @Test func abandonWhileQueued_landsInMissedCalls_andLedger() async throws {
        let rig = CallCenterRig()
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        rig.wall.advance(byMs: 7_000)
        await rig.send(.hungUp(gatewayCallId: "gw-1", callId: call, by: .caller))
        let missed = await rig.center.missedCalls()
        #expect(missed.map(\.call) == [call])
        #expect(missed.first?.callerNumber == "+8613812345678")
        #expect(rig.ledger.all.contains { $0.callID == call && $0.body == .abandoned(stage: .queued, waitedMs: 7_000) })
        #expect(await rig.center.acdSnapshot.calls[call] == nil)
    }

    @Test func emergency_jumpsTheQueue_andOpensAnEmergencyTicket() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1")
        try await rig.center.setState(AgentID("agent-1"), .notReady(.meeting))
        let normal = await rig.offer("gw-1", caller: "13900000001")
        await rig.keys(normal, "gw-1", "0")
        rig.wall.advance(byMs: 1_000)
        let urgent = await rig.offer("gw-2", caller: "13900000002")
        await rig.keys(urgent, "gw-2", "9")
        try await rig.center.setState(AgentID("agent-1"), .available)
        await rig.center.settle()
        #expect(rig.gateway.commands(for: urgent).last?.bridgedAgent == AgentID("agent-1"))
        #expect(rig.gateway.commands(for: normal).allSatisfy { $0.bridgedAgent == nil })
        let t = try #require(try await rig.allTickets().first)
        #expect(t.created.category == .emergency)
        #expect(t.created.priority == .emergency)
        #expect(t.created.callID == urgent.rawValue)
    }

    @Test func returningCaller_isOfferedToTheirLastAgent_beforeTheLongestIdle() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1")
        rig.wall.advance(byMs: 1_000)
        try await rig.logIn("agent-2")
        try await rig.center.setState(AgentID("agent-1"), .notReady(.meeting))
        let first = await rig.offer("gw-1")
        await rig.keys(first, "gw-1", "0")
        await rig.send(.answered(gatewayCallId: "gw-1", callId: first, agent: AgentID("agent-2")))
        await rig.send(.hungUp(gatewayCallId: "gw-1", callId: first, by: .caller))
        try await rig.center.setState(AgentID("agent-1"), .available)
        rig.wall.advance(byMs: 60_000)
        await rig.center.settle()
        let second = await rig.offer("gw-2")
        await rig.keys(second, "gw-2", "0")
        #expect(rig.gateway.commands(for: second).last?.bridgedAgent == AgentID("agent-2"))
        let offer = try #require(await rig.consoleEvents("agent-2").last { $0.type == .offer })
        #expect(offer.screenPop?.lastAgent == AgentID("agent-2"))
        #expect(rig.ledger.all.contains { $0.callID == second && $0.body == .offered(agent: AgentID("agent-2"), sticky: true) })
    }

    @Test func login_twice_isAConflict_andLogoutWhileRinging_isRefused() async throws {
        let rig = CallCenterRig()
        try await rig.logIn("agent-1")
        await #expect(throws: CallCenterError.self) { try await rig.logIn("agent-1") }
        let call = await rig.offer("gw-1")
        await rig.keys(call, "gw-1", "0")
        await #expect(throws: CallCenterError.self) { try await rig.center.logOut(AgentID("agent-1")) }
        #expect(await rig.agents().count == 1)
    }
}

extension CallCenterRig {
    func agents() async -> [AgentView] { await center.agents() }
}
