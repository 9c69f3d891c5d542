import CourtyardCRDT
@testable import CourtyardCallCenter

/// One example of every CTI message, shared by the golden and round-trip tests.
enum CTIExamples {
    static let call = CallID("north-bay:c000123")
    static let g = "gw-77"
    static let agent = AgentID("agent-7")

    static let events: [CTIInbound] = [
        .init(seq: 1, event: .hello(gatewayId: "gw-a", token: "s3cret",
                                    calls: [CTIActiveCall(gatewayCallId: "gw-5", callId: CallID("hq:c9"),
                                                          caller: "13812345678", dialled: "4008101234", agent: agent)])),
        .init(seq: 2, event: .callOffered(gatewayCallId: g, caller: "+86 138-1234-5678", dialled: "4008101234")),
        .init(seq: 3, event: .dtmf(gatewayCallId: g, callId: call, digits: "1203#")),
        .init(seq: 4, event: .answered(gatewayCallId: g, callId: call, agent: agent)),
        .init(seq: 5, event: .bridged(gatewayCallId: g, callId: call, agent: agent)),
        .init(seq: 6, event: .hungUp(gatewayCallId: g, callId: call, by: .caller)),
        .init(seq: 7, event: .recordingReady(gatewayCallId: g, callId: call,
                                             recording: .init(id: "rec-1", durationMs: 9000, bytes: 72000, format: "wav"))),
    ]

    static let commands: [CTIOutbound] = [
        .init(seq: 1, command: .welcome(site: SiteID("north-bay"), resumed: [CTIResumedCall(gatewayCallId: "gw-5", callId: CallID("hq:c9"))])),
        .init(seq: 2, command: .play(callId: call, gatewayCallId: g, text: "3号楼明天停水", promptId: nil, announcement: true)),
        .init(seq: 3, command: .collect(callId: call, gatewayCallId: g, digitsMax: 9, timeoutMs: 6000, terminator: .hash)),
        .init(seq: 4, command: .enqueue(callId: call, gatewayCallId: g, queue: QueueID("north-bay.emergency"), priority: .emergency)),
        .init(seq: 5, command: .bridge(callId: call, gatewayCallId: g, agent: agent, endpoint: "sip:7001@10.0.0.5")),
        .init(seq: 6, command: .voicemail(callId: call, gatewayCallId: g, maxDurationMs: 120000)),
        .init(seq: 7, command: .transfer(callId: call, gatewayCallId: g, target: "01012345678")),
        .init(seq: 8, command: .hangUp(callId: call, gatewayCallId: g, reason: "served")),
        .init(seq: 9, command: .ack(ackSeq: 41)),
        .init(seq: 10, command: .protocolError(CTIProtocolError(.outOfOrder, "dtmf is not allowed for gateway call gw-77 in state ended", refSeq: 42, gatewayCallId: g))),
        .init(seq: 11, command: .cancelBridge(callId: call, gatewayCallId: g, agent: agent)),
    ]
}
