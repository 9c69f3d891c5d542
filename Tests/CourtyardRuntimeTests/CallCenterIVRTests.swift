import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

/// Self-service through the IVR, driven in-process with a fake gateway.
@Suite struct CallCenterIVRTests {
    @Test func offeredCall_playsMenuAndCollectsOneKey_andLedgerNotesEntry() async throws {
        let rig = CallCenterRig()
        let call = await rig.offer("gw-1")
        let cmds = rig.gateway.commands(for: call)
        guard case .collect(_, "gw-1", 1, _, _)? = cmds.last else {
            Issue.record("expected a one-key collect last, got \(cmds)")
            return
        }
        #expect(rig.ledgerKinds(call).first == "callEntered")
        #expect(await rig.center.hits.total(.root) == 1)
    }

    @Test func repairBooking_voiceMail_createsRepairTicketCarryingCallRecordingAndPhone() async throws {
        let rig = CallCenterRig()
        let call = await rig.offer("gw-2")
        await rig.keys(call, "gw-2", "3")
        await rig.keys(call, "gw-2", "1")
        guard case .voicemail? = rig.gateway.commands(for: call).last else {
            Issue.record("expected voicemail, got \(rig.gateway.commands(for: call))")
            return
        }
        let rec = CallSession.Recording(id: "rec-9", durationMs: 9_000, bytes: 72_000, format: "wav")
        #expect(await rig.send(.recordingReady(gatewayCallId: "gw-2", callId: call, recording: rec)) == nil)
        let tickets = try await rig.allTickets()
        #expect(tickets.count == 1)
        let t = try #require(tickets.first)
        #expect(t.created.category == .repair)
        #expect(t.created.callID == call.rawValue)
        #expect(t.created.recordingID == "rec-9")
        #expect(t.created.callerPhone == "+8613812345678")
        #expect(t.created.channel == .ivr)
        guard case .hangUp? = rig.gateway.commands(for: call).last else {
            Issue.record("expected the node to hang up after the message")
            return
        }
    }

    @Test func complaintVoiceMail_afterCallerHungUp_stillOpensComplaintTicket() async throws {
        let rig = CallCenterRig()
        let call = await rig.offer("gw-3")
        await rig.keys(call, "gw-3", "5")
        await rig.keys(call, "gw-3", "1")
        await rig.send(.hungUp(gatewayCallId: "gw-3", callId: call, by: .caller))
        let rec = CallSession.Recording(id: "rec-3", durationMs: 4_000, bytes: 32_000, format: "wav")
        #expect(await rig.send(.recordingReady(gatewayCallId: "gw-3", callId: call, recording: rec)) == nil)
        let t = try #require(try await rig.allTickets().first)
        #expect(t.created.category == .complaint)
        #expect(t.created.recordingID == "rec-3")
        #expect(await rig.center.activeCalls.isEmpty)
    }

    @Test func feeInquiry_readsTheBillAndSpeaksTheAmount() async throws {
        let rig = CallCenterRig()
        rig.bills.put(RoomBill(roomCode: "1203", amountDueCents: 12_345, phones: ["+8613812345678"]))
        let call = await rig.offer("gw-4")
        await rig.keys(call, "gw-4", "2")
        await rig.keys(call, "gw-4", "1")
        await rig.keys(call, "gw-4", "1203#")
        let spoken = rig.gateway.commands(for: call).compactMap { c -> String? in
            if case .play(_, _, let text, _, _) = c { return text } else { return nil }
        }
        #expect(spoken.contains { $0.contains("123.45") })
    }

    @Test func feeInquiry_forAStrangersRoom_saysNotFound() async throws {
        let rig = CallCenterRig()
        rig.bills.put(RoomBill(roomCode: "1203", amountDueCents: 12_345, phones: ["+8613900000000"]))
        let call = await rig.offer("gw-5")
        await rig.keys(call, "gw-5", "2")
        await rig.keys(call, "gw-5", "1")
        await rig.keys(call, "gw-5", "1203#")
        let spoken = rig.gateway.commands(for: call).compactMap { c -> String? in
            if case .play(_, _, let text, _, _) = c { return text } else { return nil }
        }
        #expect(!spoken.contains { $0.contains("123.45") })
    }

    @Test func keyWhileQueued_isAnsweredWithOutOfOrder_andChangesNothing() async throws {
        let rig = CallCenterRig()
        let call = await rig.offer("gw-6")
        await rig.keys(call, "gw-6", "0")
        let error = await rig.send(.dtmf(gatewayCallId: "gw-6", callId: call, digits: "1"))
        #expect(error?.code == .outOfOrder)
        #expect(await rig.center.acdSnapshot.calls[call] != nil)
    }

    @Test func eventForUnknownCall_isAnsweredWithUnknownCall() async throws {
        let rig = CallCenterRig()
        let error = await rig.send(.dtmf(gatewayCallId: "nope", callId: CallID("x:1"), digits: "1"))
        #expect(error?.code == .unknownCall)
    }

    @Test func hello_withBadToken_isRefused_andGoodTokenGetsWelcome() async throws {
        let rig = CallCenterRig()
        #expect(await rig.center.gatewayHello(gatewayId: "gw-test", token: "wrong", calls: [], link: rig.gateway) == false)
        #expect(await rig.center.gatewayHello(gatewayId: "intruder", token: "s3cret", calls: [], link: rig.gateway) == false)
        #expect(rig.gateway.commands.isEmpty)
        #expect(await rig.center.gatewayHello(gatewayId: "gw-test", token: "s3cret", calls: [], link: rig.gateway))
        guard case .welcome(let site, [])? = rig.gateway.commands.first else {
            Issue.record("expected welcome")
            return
        }
        #expect(site == ReplicaID("north-bay"))
    }

    @Test func hello_resumingCalls_keepsCallIdsAndRequeuesUnbridgedCalls() async throws {
        let rig = CallCenterRig()
        let held = [
            CTIActiveCall(gatewayCallId: "gw-a", callId: CallID("hq:c9"), caller: "13812345678", dialled: "4008101234"),
            CTIActiveCall(gatewayCallId: "gw-b", callId: nil, caller: "", dialled: "4008101234", agent: AgentID("agent-7")),
        ]
        #expect(await rig.center.gatewayHello(gatewayId: "gw-test", token: "s3cret", calls: held, link: rig.gateway))
        await rig.center.settle()
        guard case .welcome(_, let resumed)? = rig.gateway.commands.first else {
            Issue.record("expected welcome first")
            return
        }
        #expect(resumed.count == 2)
        #expect(resumed.first { $0.gatewayCallId == "gw-a" }?.callId == CallID("hq:c9"))
        #expect(await rig.center.acdSnapshot.calls[CallID("hq:c9")] != nil)
        let bridgedID = try #require(resumed.first { $0.gatewayCallId == "gw-b" }?.callId)
        #expect(await rig.center.acdSnapshot.calls[bridgedID] == nil)
    }
}
