import Testing
import CourtyardCRDT
import CourtyardDomain
@testable import CourtyardCallCenter

@Suite struct CallSessionSelfServiceTests {
    @Test func feeInquiry_collectsRoom_readsBills_speaksAmount_returnsToMenu() throws {
        var s = try Fixture.at("2")
        let ask = try s.onDigits("1", nowMs: 1)
        #expect(ask.plays.contains(Fixture.menu.prompts.enterRoomCode))
        #expect(ask.last == .collectDigits(digitsMax: 9, timeoutMs: 6_000, terminator: .hash))
        let read = try s.onDigits("1203#", nowMs: 2)
        #expect(read == [.readBills(.init(caller: s.caller, roomCode: "1203"))])
        let said = try s.onLookup(.bills(amountDueCents: 12_305), nowMs: 3)
        #expect(said.plays.first == "您的房屋当前应缴费用为123.05元。")
        #expect(s.phase == .menu(IVRNodePath([.d2])))
    }

    @Test func roomCode_malformed_reprompts() throws {
        var s = try Fixture.at("2", "1")
        let out = try s.onDigits("12*3#", nowMs: 1)
        #expect(out.plays.first == Fixture.menu.prompts.invalidKey)
        #expect(s.phase == .selfService(.collectingRoom(IVRNodePath([.d2, .d1]), .bills)))
    }

    @Test func feePayment_confirmedWithOne_recordsPayment() throws {
        var s = try Fixture.at("2", "2", "1203#")
        let confirm = try s.onLookup(.bills(amountDueCents: 5_000), nowMs: 1)
        #expect(confirm.plays.contains(Fixture.menu.prompts.confirmPayment))
        let pay = try s.onDigits("1", nowMs: 2)
        #expect(pay == [.recordPayment(.init(caller: s.caller, roomCode: "1203", amountCents: 5_000))])
        let done = try s.onPaymentResult(recorded: true, nowMs: 3)
        #expect(done.plays.first == Fixture.menu.prompts.paymentRecorded)
        #expect(s.phase == .menu(IVRNodePath([.d2])))
    }

    @Test func feePayment_failure_sendsCallerToAnAgent() throws {
        var s = try Fixture.at("2", "2", "1203#")
        _ = try s.onLookup(.bills(amountDueCents: 5_000), nowMs: 1)
        _ = try s.onDigits("1", nowMs: 2)
        let out = try s.onPaymentResult(recorded: false, nowMs: 3)
        #expect(out.last == .enqueue(Fixture.service, .normal))
        #expect(s.phase == .queued(Fixture.service, .normal))
    }

    @Test func insuranceInquiry_readsInsurance_andSpeaksSummary() throws {
        var s = try Fixture.at("2", "3")
        #expect(try s.onDigits("88", nowMs: 1) == [.readInsurance(.init(caller: s.caller, roomCode: "88"))])
        let out = try s.onLookup(.insurance(summary: "家财险有效至2027年"), nowMs: 2)
        #expect(out.plays.first == "家财险有效至2027年")
    }

    @Test func lookup_wrongKindOrNotExpected_isTypedError() throws {
        var s = try Fixture.at("2", "3", "88")
        #expect(throws: CallSessionError.self) { try s.onLookup(.bills(amountDueCents: 1), nowMs: 1) }
        var t = try Fixture.at()
        #expect(throws: CallSessionError.self) { try t.onLookup(.notFound, nowMs: 1) }
    }

    @Test func repairBooking_recordsVoicemail_thenOpensRepairTicketWithRecording() throws {
        var s = try Fixture.at("3")
        let rec = try s.onDigits("1", nowMs: 1)
        #expect(rec.last == .voicemail(maxDurationMs: Fixture.menu.voicemailDurationMsMax))
        let out = try s.onRecordingReady(.init(id: "rec-1", durationMs: 9_000, bytes: 72_000, format: "wav"), nowMs: 2)
        #expect(out.tickets.first?.category == .repair)
        #expect(out.tickets.first?.recordingID == "rec-1")
        #expect(out.tickets.first?.menuPath == IVRNodePath([.d3, .d1]))
        #expect(out.contains(.hangUp))
        #expect(out.last == .ended(.selfServed))
    }

    @Test func publicFacilityRepair_opensPublicFacilityTicket() throws {
        var s = try Fixture.at("3", "5")
        let out = try s.onRecordingReady(.init(id: "r2", durationMs: 1, bytes: 1, format: "wav"), nowMs: 2)
        #expect(out.tickets.first?.category == .publicFacilityRepair)
    }

    @Test func voicemailComplaint_callerHangsUpFirst_ticketStillCarriesRecording() throws {
        var s = try Fixture.at("5", "1")
        #expect(try s.onHungUp(by: .caller, nowMs: 5) == [.ended(.selfServed)])
        let out = try s.onRecordingReady(.init(id: "rec-9", durationMs: 30_000, bytes: 1, format: "wav"), nowMs: 6)
        #expect(out.count == 1)
        #expect(out.tickets.first?.category == .complaint)
        #expect(out.tickets.first?.recordingID == "rec-9")
        #expect(throws: CallSessionError.self, "a second recording is refused") {
            try s.onRecordingReady(.init(id: "rec-10", durationMs: 1, bytes: 1, format: "wav"), nowMs: 7)
        }
    }

    @Test func voicemailSuggestion_opensSuggestionTicket() throws {
        var s = try Fixture.at("5", "2")
        let out = try s.onRecordingReady(.init(id: "r3", durationMs: 1, bytes: 1, format: "wav"), nowMs: 2)
        #expect(out.tickets.first?.category == .suggestion)
    }
}

@Suite struct CallSessionAgentTests {
    @Test func queued_offered_answered_bridged_hangUp_wrapUp() throws {
        var s = try Fixture.at("0")
        #expect(try s.offerToAgent(Fixture.agent, nowMs: 1) == [.bridge(Fixture.agent)])
        _ = try s.onAnswered(Fixture.agent, nowMs: 2)
        _ = try s.onBridged(Fixture.agent, nowMs: 3)
        #expect(s.phase == .bridged(Fixture.agent))
        #expect(try s.onHungUp(by: .agent, nowMs: 4) == [.ended(.answered(Fixture.agent))])
        #expect(s.phase == .wrapUp(Fixture.agent))
        _ = try s.finishWrapUp(nowMs: 5)
        #expect(s.phase == .ended(.answered(Fixture.agent)))
    }

    @Test func agentNoAnswer_requeuesWithSamePriority() throws {
        var s = try Fixture.at("9")
        _ = try s.offerToAgent(Fixture.agent, nowMs: 1)
        _ = try s.agentDidNotAnswer(Fixture.agent, nowMs: 2)
        #expect(s.phase == .queued(Fixture.emergencyQ, .emergency))
    }

    @Test func eventsForAnotherAgent_areRefused() throws {
        var s = try Fixture.at("0")
        _ = try s.offerToAgent(Fixture.agent, nowMs: 1)
        #expect { try s.onBridged(AgentID("agent-8"), nowMs: 2) } throws: { ($0 as? CallSessionError)?.code == .wrongAgent }
    }

    @Test func outOfOrder_bridgeBeforeOffer_dtmfWhileQueued_afterEnd() throws {
        var s = try Fixture.at("0")
        #expect { try s.onBridged(Fixture.agent, nowMs: 1) } throws: { ($0 as? CallSessionError)?.code == .outOfOrder }
        #expect { try s.onDigits("1", nowMs: 1) } throws: { ($0 as? CallSessionError)?.code == .outOfOrder }
        _ = try s.onHungUp(by: .caller, nowMs: 2)
        #expect { try s.onHungUp(by: .caller, nowMs: 3) } throws: { ($0 as? CallSessionError)?.code == .ended }
        #expect { try s.offerToAgent(Fixture.agent, nowMs: 3) } throws: { ($0 as? CallSessionError)?.code == .ended }
    }

    @Test(arguments: [
        ([String](), CallSession.Stage.offered, false),
        ([], .ivr, true),
        (["2", "1"], .selfService, true),
        (["0"], .queued, true),
    ])
    func callerHangUp_beforeAgent_isAbandonAtThatStage(keys: [String], stage: CallSession.Stage, started: Bool) throws {
        var s = Fixture.session()
        if started { _ = try s.start(nowMs: 1) }
        for k in keys { _ = try s.onDigits(k, nowMs: 2) }
        #expect(try s.onHungUp(by: .caller, nowMs: 9) == [.ended(.abandoned(stage))])
        #expect(s.endedAtMs == 9)
    }

    @Test func callerHangUp_whileRinging_isAbandonRinging_andSystemHangUpIsNotAbandon() throws {
        var s = try Fixture.at("0")
        _ = try s.offerToAgent(Fixture.agent, nowMs: 1)
        #expect(try s.onHungUp(by: .caller, nowMs: 2) == [.ended(.abandoned(.ringing))])
        var t = try Fixture.at("0")
        #expect(try t.onHungUp(by: .system, nowMs: 2) == [.ended(.systemEnded(.queued))])
    }
}
