import CourtyardCRDT
@testable import CourtyardCallCenter
import Foundation
import Testing

@Suite struct LedgerEventTests {
    typealias F = LedgerFixture

    @Test func callEntered_normalisesTheCallerNumber() {
        let e = LedgerEvent.callEntered(site: F.northBay, atMs: F.t0, callID: CallID("c1"),
                                        rawCaller: "+86 138-1234-5678", dialled: "4008101234")
        #expect(e.body == .callEntered(caller: "+8613812345678", dialled: "4008101234"))
        let withheld = LedgerEvent.callEntered(site: F.northBay, atMs: F.t0, callID: CallID("c2"),
                                               rawCaller: "", dialled: "4008101234")
        #expect(withheld.body == .callEntered(caller: "anonymous", dialled: "4008101234"))
    }

    @Test func everyFixtureEvent_isValidAndRoundTripsThroughJSON() throws {
        let events = F.calls + F.noise + F.a1States
        try events.validateBatch()
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([LedgerEvent].self, from: data) == events)
    }

    @Test(arguments: [Int64(0), -1, 946_684_799_999, 7_258_118_400_001])
    func insaneTimestamps_areRefused(_ atMs: Int64) {
        let e = LedgerEvent(site: F.northBay, atMs: atMs, callID: CallID("c1"), body: .voicemail)
        #expect(throws: LedgerError(.timestampOutOfRange,
                                    "voicemail at \(atMs) ms is outside 2000-01-01…2200-01-01 (epoch milliseconds expected)")) {
            try e.validate()
        }
    }

    @Test func callEventWithoutCallID_andAgentStateWithOne_areRefused() {
        let noCall = LedgerEvent(site: F.northBay, atMs: F.t0, callID: nil, body: .voicemail)
        #expect(throws: LedgerError(.missingCallID, "voicemail needs a call id")) { try noCall.validate() }
        var state = F.state(F.a1, 1, .available, .onCall)
        state.callID = CallID("c1")
        #expect(throws: LedgerError(.unexpectedCallID, "agentState must not carry a call id")) { try state.validate() }
    }

    @Test(arguments: [
        LedgerEventBody.callEntered(caller: "", dialled: "1"),
        .callEntered(caller: String(repeating: "9", count: 41), dialled: "1"),
        .ivrNode(node: "bad\u{7}node"),
        .ivrNode(node: String(repeating: "节", count: 22)),  // 66 bytes
        .abandoned(stage: .queued, waitedMs: -1),
        .abandoned(stage: .ringing, waitedMs: 86_400_001),
        .transferred(from: nil, toAgent: nil, toQueue: nil),
        .transferred(from: nil, toAgent: AgentID("a"), toQueue: QueueID("q")),
        .agentState(agent: AgentID("a"), from: .available, to: .available, reason: nil),
    ])
    func malformedBodies_areRefused(_ body: LedgerEventBody) {
        let call: CallID? = if case .agentState = body { nil } else { CallID("c1") }
        let e = LedgerEvent(site: F.northBay, atMs: F.t0, callID: call, body: body)
        #expect(throws: LedgerError.self) { try e.validate() }
    }

    @Test func batch_namesTheBadEventsIndex() {
        let good = LedgerEvent(site: F.northBay, atMs: F.t0, callID: CallID("c1"), body: .voicemail)
        let bad = LedgerEvent(site: F.northBay, atMs: F.t0, callID: CallID("c1"), body: .ivrNode(node: ""))
        do {
            try [good, bad].validateBatch()
            Issue.record("accepted a bad batch")
        } catch {
            #expect(error.message.hasPrefix("event [1]: ivr node must be 1–64 bytes"))
        }
        let big = Array(repeating: good, count: LedgerLimits.batchEventsMax + 1)
        #expect(throws: LedgerError.self) { try big.validateBatch() }
    }

    @Test func ranges_mustBeOrderedSaneAndBounded() {
        #expect(throws: LedgerError.self) { try LedgerRange(fromMs: F.t0, toMs: F.t0) }
        #expect(throws: LedgerError.self) { try LedgerRange(fromMs: 0, toMs: F.t0) }
        #expect(throws: LedgerError.self) { try LedgerRange(fromMs: F.t0, toMs: F.t0 + LedgerRange.spanMsMax + 1) }
        #expect((try? LedgerRange(fromMs: F.t0, toMs: F.t0 + 1))?.contains(F.t0) == true)
    }

    @Test func recordingFormats_areRecognisedByTheirFirstBytes() {
        let wav: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVEfmt ".utf8)
        #expect(RecordingFormat.wav.matches(wav))
        #expect(!RecordingFormat.mp3.matches(wav))
        #expect(RecordingFormat.mp3.matches(Array("ID3".utf8) + [4, 0]))
        #expect(RecordingFormat.mp3.matches([0xFF, 0xFB, 0x90]))
        #expect(RecordingFormat.ogg.matches(Array("OggS".utf8) + [0]))
        #expect(!RecordingFormat.wav.matches(Array("RIFF".utf8)))
        #expect(RecordingFormat(contentType: "audio/mpeg; charset=binary") == .mp3)
        #expect(RecordingFormat(contentType: "text/plain") == nil)
    }
}
