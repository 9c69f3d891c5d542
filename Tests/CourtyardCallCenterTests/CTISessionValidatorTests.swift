import Testing
@testable import CourtyardCallCenter

@Suite struct CTISessionValidatorTests {
    let call = CallID("north-bay:c1")
    let agent = AgentID("agent-7")

    func hello(_ seq: UInt64 = 1, calls: [CTIActiveCall] = []) -> CTIInbound {
        .init(seq: seq, event: .hello(gatewayId: "gw-a", token: "t", calls: calls))
    }

    func greeted() -> CTISessionValidator {
        var v = CTISessionValidator()
        #expect(v.accept(hello()) == nil)
        return v
    }

    @Test func fullCall_inOrder_isAccepted() {
        var v = greeted()
        let events: [CTIEvent] = [
            .callOffered(gatewayCallId: "g1", caller: "13812345678", dialled: "4008101234"),
            .dtmf(gatewayCallId: "g1", callId: call, digits: "0"),
            .answered(gatewayCallId: "g1", callId: call, agent: agent),
            .bridged(gatewayCallId: "g1", callId: call, agent: agent),
            .hungUp(gatewayCallId: "g1", callId: call, by: .agent),
            .recordingReady(gatewayCallId: "g1", callId: call, recording: .init(id: "r1", durationMs: 1, bytes: 1, format: "wav")),
        ]
        for (i, e) in events.enumerated() {
            #expect(v.accept(.init(seq: UInt64(i + 2), event: e)) == nil, "\(e)")
        }
        #expect(v.calls["g1"] == .ended)
        #expect(v.activeCallCount == 0)
    }

    @Test func eventBeforeHello_isHelloRequired_andFatal() {
        var v = CTISessionValidator()
        let e = v.accept(.init(seq: 1, event: .callOffered(gatewayCallId: "g1", caller: "", dialled: "1")))
        #expect(e?.code == .helloRequired)
        #expect(e?.isFatal == true)
        #expect(v.accept(hello(2)) == nil, "hello still accepted after")
        #expect(v.accept(hello(3))?.code == .duplicateHello)
    }

    @Test func seqNotIncreasing_isRefused() {
        var v = greeted()
        #expect(v.accept(.init(seq: 5, event: .callOffered(gatewayCallId: "g1", caller: "", dialled: "1"))) == nil)
        #expect(v.accept(.init(seq: 5, event: .callOffered(gatewayCallId: "g2", caller: "", dialled: "1")))?.code == .seqNotIncreasing)
        #expect(v.accept(.init(seq: 4, event: .callOffered(gatewayCallId: "g2", caller: "", dialled: "1")))?.code == .seqNotIncreasing)
        #expect(v.calls["g2"] == nil)
    }

    @Test func dtmfBeforeOffered_isUnknownCall_answeredAfterHangUp_isOutOfOrder() {
        var v = greeted()
        #expect(v.accept(.init(seq: 2, event: .dtmf(gatewayCallId: "g1", callId: call, digits: "1")))?.code == .unknownCall)
        #expect(v.accept(.init(seq: 3, event: .callOffered(gatewayCallId: "g1", caller: "", dialled: "1"))) == nil)
        #expect(v.accept(.init(seq: 4, event: .hungUp(gatewayCallId: "g1", callId: nil, by: .caller))) == nil)
        let e = v.accept(.init(seq: 5, event: .answered(gatewayCallId: "g1", callId: call, agent: agent)))
        #expect(e?.code == .outOfOrder)
        #expect(e?.gatewayCallId == "g1")
        #expect(v.accept(.init(seq: 6, event: .callOffered(gatewayCallId: "g1", caller: "", dialled: "1")))?.code == .duplicateCall)
        #expect(v.accept(.init(seq: 7, event: .hungUp(gatewayCallId: "g1", callId: nil, by: .caller)))?.code == .outOfOrder)
    }

    @Test func dtmfWhileBridged_isOutOfOrder() {
        var v = greeted()
        _ = v.accept(.init(seq: 2, event: .callOffered(gatewayCallId: "g1", caller: "", dialled: "1")))
        _ = v.accept(.init(seq: 3, event: .bridged(gatewayCallId: "g1", callId: call, agent: agent)))
        #expect(v.accept(.init(seq: 4, event: .dtmf(gatewayCallId: "g1", callId: call, digits: "1")))?.code == .outOfOrder)
    }

    @Test func boundCallId_mismatch_isInvalidField() {
        var v = greeted()
        _ = v.accept(.init(seq: 2, event: .callOffered(gatewayCallId: "g1", caller: "", dialled: "1")))
        v.bind(gatewayCallId: "g1", to: call)
        let e = v.accept(.init(seq: 3, event: .dtmf(gatewayCallId: "g1", callId: CallID("other:c2"), digits: "1")))
        #expect(e?.code == .invalidField)
    }

    @Test func helloWithActiveCalls_resumesThem_forFailover() {
        var v = CTISessionValidator()
        let calls = [CTIActiveCall(gatewayCallId: "g5", callId: call, caller: "1", dialled: "2", agent: agent),
                     CTIActiveCall(gatewayCallId: "g6", caller: "1", dialled: "2")]
        #expect(v.accept(hello(calls: calls)) == nil)
        #expect(v.calls["g5"] == .bridged)
        #expect(v.calls["g6"] == .offered)
        #expect(v.callIds["g5"] == call)
        #expect(v.accept(.init(seq: 2, event: .hungUp(gatewayCallId: "g5", callId: call, by: .caller))) == nil)
        var dup = CTISessionValidator()
        #expect(dup.accept(hello(calls: [calls[1], calls[1]]))?.code == .duplicateCall)
    }

    @Test func receive_garbageFrame_yieldsNumberedProtocolErrorReply_andStateIsUnchanged() {
        var v = greeted()
        let before = v
        guard case .failure(let f) = v.receive(frame: Array("{oops".utf8)) else { Issue.record("accepted garbage"); return }
        #expect(f.error.code == .malformedJSON)
        #expect(f.reply.seq == 1)
        #expect(!f.closeAfterReply)
        guard case .protocolError(let e) = f.reply.command else { Issue.record("reply is not a protocolError"); return }
        #expect(e.code == .malformedJSON)
        #expect(v.calls == before.calls)
        #expect(v.lastSeq == before.lastSeq)
        #expect(v.outbound(.ack(ackSeq: 1)).seq == 2, "outbound seq keeps increasing")
    }

    @Test func receive_wrongVersion_closesTheConnection() {
        var v = CTISessionValidator()
        guard case .failure(let f) = v.receive(frame: Array(#"{"v":9,"type":"hello","seq":1}"#.utf8)) else {
            Issue.record("accepted v9"); return
        }
        #expect(f.error.code == .unsupportedVersion)
        #expect(f.closeAfterReply)
    }

    @Test func authenticationFailed_reply_isFatalProtocolError() {
        var v = greeted()
        let out = v.authenticationFailed(refSeq: 1)
        #expect(out.command == .protocolError(CTIProtocolError(.authenticationFailed, "gateway token refused", refSeq: 1)))
        #expect(!v.isGreeted)
        #expect(CTIProtocolError.Code.authenticationFailed.isFatal)
    }

    @Test func directives_mapToGatewayCommands() {
        let g = "g1"
        #expect(CTICommand.from(.bridge(agent), callId: call, gatewayCallId: g, endpoint: { "sip:\($0)" })
                == .bridge(callId: call, gatewayCallId: g, agent: agent, endpoint: "sip:agent-7"))
        #expect(CTICommand.from(.countHit(.root), callId: call, gatewayCallId: g, endpoint: { _ in "" }) == nil)
        #expect(CTICommand.from(.hangUp, callId: call, gatewayCallId: g, endpoint: { _ in "" })
                == .hangUp(callId: call, gatewayCallId: g, reason: nil))
    }
}
