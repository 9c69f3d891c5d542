import Foundation
import Testing
@testable import CourtyardCallCenter

@Suite struct CTICodecTests {
    static let eventGoldens: [String] = [
        ##"{"calls":[{"agent":"agent-7","callId":"hq:c9","caller":"13812345678","dialled":"4008101234","gatewayCallId":"gw-5"}],"gatewayId":"gw-a","seq":1,"token":"s3cret","type":"hello","v":1}"##,
        ##"{"caller":"+86 138-1234-5678","dialled":"4008101234","gatewayCallId":"gw-77","seq":2,"type":"callOffered","v":1}"##,
        ##"{"callId":"north-bay:c000123","digits":"1203#","gatewayCallId":"gw-77","seq":3,"type":"dtmf","v":1}"##,
        ##"{"agent":"agent-7","callId":"north-bay:c000123","gatewayCallId":"gw-77","seq":4,"type":"answered","v":1}"##,
        ##"{"agent":"agent-7","callId":"north-bay:c000123","gatewayCallId":"gw-77","seq":5,"type":"bridged","v":1}"##,
        ##"{"by":"caller","callId":"north-bay:c000123","gatewayCallId":"gw-77","seq":6,"type":"hungUp","v":1}"##,
        ##"{"callId":"north-bay:c000123","gatewayCallId":"gw-77","recording":{"bytes":72000,"durationMs":9000,"format":"wav","id":"rec-1"},"seq":7,"type":"recordingReady","v":1}"##,
    ]
    static let commandGoldens: [String] = [
        ##"{"resumed":[{"callId":"hq:c9","gatewayCallId":"gw-5"}],"seq":1,"site":"north-bay","type":"welcome","v":1}"##,
        ##"{"announcement":true,"callId":"north-bay:c000123","gatewayCallId":"gw-77","seq":2,"text":"3号楼明天停水","type":"play","v":1}"##,
        ##"{"callId":"north-bay:c000123","digitsMax":9,"gatewayCallId":"gw-77","seq":3,"terminator":"#","timeoutMs":6000,"type":"collect","v":1}"##,
        ##"{"callId":"north-bay:c000123","gatewayCallId":"gw-77","priority":"emergency","queue":"north-bay.emergency","seq":4,"type":"enqueue","v":1}"##,
        ##"{"agent":"agent-7","callId":"north-bay:c000123","endpoint":"sip:7001@10.0.0.5","gatewayCallId":"gw-77","seq":5,"type":"bridge","v":1}"##,
        ##"{"callId":"north-bay:c000123","gatewayCallId":"gw-77","maxDurationMs":120000,"seq":6,"type":"voicemail","v":1}"##,
        ##"{"callId":"north-bay:c000123","gatewayCallId":"gw-77","seq":7,"target":"01012345678","type":"transfer","v":1}"##,
        ##"{"callId":"north-bay:c000123","gatewayCallId":"gw-77","reason":"served","seq":8,"type":"hangUp","v":1}"##,
        ##"{"ackSeq":41,"seq":9,"type":"ack","v":1}"##,
        ##"{"code":"outOfOrder","gatewayCallId":"gw-77","message":"dtmf is not allowed for gateway call gw-77 in state ended","refSeq":42,"seq":10,"type":"protocolError","v":1}"##,
        ##"{"agent":"agent-7","callId":"north-bay:c000123","gatewayCallId":"gw-77","seq":11,"type":"cancelBridge","v":1}"##,
    ]

    @Test func everyEvent_encodesToItsGoldenJSON_andDecodesBack() throws {
        #expect(CTIExamples.events.count == Self.eventGoldens.count)
        for (msg, golden) in zip(CTIExamples.events, Self.eventGoldens) {
            #expect(CTICodec.encode(msg) == golden)
            #expect(try CTICodec.decodeEvent(Array(golden.utf8)).get() == msg)
        }
        let types = Set(Self.eventGoldens.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .compactMap { $0["type"] as? String })
        #expect(types == Set(CTIMessageType.allCases.filter(\.isEvent).map(\.rawValue)))
    }

    @Test func everyCommand_encodesToItsGoldenJSON_andDecodesBack() throws {
        #expect(CTIExamples.commands.count == Self.commandGoldens.count)
        for (msg, golden) in zip(CTIExamples.commands, Self.commandGoldens) {
            #expect(CTICodec.encode(msg) == golden)
            #expect(try CTICodec.decodeCommand(Array(golden.utf8)).get() == msg)
        }
        let types = Set(Self.commandGoldens.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .compactMap { $0["type"] as? String })
        #expect(types == Set(CTIMessageType.allCases.filter { !$0.isEvent }.map(\.rawValue)))
    }

    func code(_ text: String) -> CTIProtocolError.Code? {
        if case .failure(let e) = CTICodec.decodeEvent(Array(text.utf8)) { return e.code }
        return nil
    }

    @Test func garbage_isMalformedJSON() {
        #expect(code("not json") == .malformedJSON)
        #expect(code("[1,2]") == .malformedJSON)
        #expect(code("") == .malformedJSON)
        #expect(code(#"{"v":"1","type":"dtmf","seq":1}"#) == .malformedJSON)
    }

    @Test func oversizeFrame_isRefusedBeforeParsing() {
        let big = #"{"v":1,"type":"hello","seq":1,"token":""# + String(repeating: "x", count: CTIProtocol.frameBytesMax) + #""}"#
        #expect(code(big) == .frameTooLarge)
        #expect(CTIProtocolError.Code.frameTooLarge.isFatal)
    }

    @Test func wrongVersion_isUnsupportedVersion_evenWithUnknownType() {
        #expect(code(#"{"v":2,"type":"teleport","seq":1}"#) == .unsupportedVersion)
        #expect(code(#"{"type":"dtmf","seq":1}"#) == .missingField)
    }

    @Test func unknownType_andCommandSentAsEvent_areUnknownType() {
        #expect(code(#"{"v":1,"type":"teleport","seq":1}"#) == .unknownType)
        #expect(code(#"{"v":1,"type":"play","seq":1}"#) == .unknownType)
    }

    @Test func missingFields_nameTheField() {
        guard case .failure(let e) = CTICodec.decodeEvent(Array(#"{"v":1,"type":"dtmf","seq":3,"gatewayCallId":"g1","digits":"1"}"#.utf8)) else {
            Issue.record("accepted a dtmf without callId"); return
        }
        #expect(e.code == .missingField)
        #expect(e.message.contains("callId"))
        #expect(e.refSeq == 3)
        #expect(code(#"{"v":1,"type":"callOffered","gatewayCallId":"g1","caller":"1","dialled":"2"}"#) == .missingField)
    }

    @Test func invalidFields_areInvalidField() {
        #expect(code(#"{"v":1,"type":"dtmf","seq":1,"gatewayCallId":"g1","callId":"c1","digits":"12a"}"#) == .invalidField)
        #expect(code(#"{"v":1,"type":"hungUp","seq":1,"gatewayCallId":"g1","by":"ghost"}"#) == .invalidField)
        #expect(code(#"{"v":1,"type":"answered","seq":1,"gatewayCallId":"g 1","callId":"c1","agent":"a"}"#) == .invalidField)
        #expect(code(#"{"v":1,"type":"recordingReady","seq":1,"gatewayCallId":"g1","callId":"c1","recording":{"id":"r","durationMs":-1,"bytes":0,"format":"wav"}}"#) == .invalidField)
        #expect(code(#"{"v":1,"type":"callOffered","seq":1,"gatewayCallId":"g1","caller":5,"dialled":"2"}"#) == .invalidField)
    }

    func commandCode(_ text: String) -> CTIProtocolError.Code? {
        if case .failure(let e) = CTICodec.decodeCommand(Array(text.utf8)) { return e.code }
        return nil
    }

    @Test func cancelBridge_encodesExactly_decodesBack_andRefusesBadFields() throws {
        let out = CTIOutbound(seq: 3, command: .cancelBridge(callId: CallID("hq:c9"), gatewayCallId: "gw-5", agent: AgentID("agent-2")))
        let golden = #"{"agent":"agent-2","callId":"hq:c9","gatewayCallId":"gw-5","seq":3,"type":"cancelBridge","v":1}"#
        #expect(CTICodec.encode(out) == golden)
        #expect(try CTICodec.decodeCommand(Array(golden.utf8)).get() == out)
        #expect(out.command.typeName == "cancelBridge")
        // Every field is required and checked as for `bridge`.
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw-5","callId":"hq:c9"}"#) == .missingField)
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw-5","agent":"agent-2"}"#) == .missingField)
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"callId":"hq:c9","agent":"agent-2"}"#) == .missingField)
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw-5","callId":"hq:c9","agent":"agent 2"}"#) == .invalidField)
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw 5","callId":"hq:c9","agent":"agent-2"}"#) == .invalidField)
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw-5","callId":"hq:c9","agent":7}"#) == .invalidField)
        let long = String(repeating: "a", count: CallCenterTokens.lengthMax + 1)
        #expect(commandCode(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw-5","callId":"hq:c9","agent":"\#(long)"}"#) == .invalidField)
        // A command, not an event: a gateway cannot send it to the node.
        #expect(code(#"{"v":1,"type":"cancelBridge","seq":1,"gatewayCallId":"gw-5","callId":"hq:c9","agent":"agent-2"}"#) == .unknownType)
    }
}
