import Testing
@testable import CourtyardCallCenter

/// The gateway core of `courtyard dial` against scripted nodes on virtual time.
@Suite struct DialGatewayTests {
    @Test func everyArrival_isOffered_andEveryCallEndsOneWay() {
        var h = DialHarness(settings: DialHarness.settings(rate: 30, durationMs: 600_000), node: scriptedNode())
        h.connect(0)
        h.start()
        h.run(untilMs: 2_000_000)
        let f = h.gateway.figures
        #expect(f.offered == h.events("callOffered").count)
        #expect(f.offered > 200 && f.offered < 400, "about 300 calls in 10 minutes at 30/min: \(f.offered)")
        #expect(h.gateway.activeCallCount == 0)
        #expect(f.answered == h.events("answered").count && f.answered == h.events("bridged").count)
        #expect(f.answered + f.endedByNode == f.offered, "0 → agent, any other key → node hangs up")
        #expect(f.answered > f.offered / 3, "callers prefer the agent key: \(f)")
        #expect(f.completed == f.answered && h.wrapUps.count == f.answered)
        #expect(f.protocolErrors == 0, "\(h.notes)")
        #expect(f.notPlaced == 0 && f.abandoned == 0)
    }

    @Test func keysPressed_areOnesTheMenuOffered() {
        var h = DialHarness(settings: DialHarness.settings(rate: 30, durationMs: 300_000), node: scriptedNode())
        h.connect(0)
        h.start()
        h.run(untilMs: 1_000_000)
        let keys = h.events("dtmf").compactMap { e -> String? in if case .dtmf(_, _, let d) = e { d } else { nil } }
        #expect(!keys.isEmpty)
        #expect(keys.allSatisfy { ["0", "1", "2", "3", "4", "5", "9", "#"].contains($0) }, "\(keys)")
    }

    @Test func sameSeed_sameNode_sameTranscript() {
        func transcript(_ seed: UInt64) -> [String] {
            var b = DialBehaviour()
            b.talk = DialDuration(medianMs: 20_000, sigma: 0.5, minMs: 5_000, maxMs: 60_000)
            var h = DialHarness(settings: DialHarness.settings(rate: 20, durationMs: 300_000, seed: seed, behaviour: b),
                                residents: ["+8613800000001", "+8613800000002"], node: scriptedNode())
            h.connect(0)
            h.start()
            h.run(untilMs: 1_000_000)
            return h.sent.map { CTICodec.encode(CTIInbound(seq: 0, event: $0.event)) }
        }
        #expect(transcript(5) == transcript(5))
        #expect(transcript(5) != transcript(6))
    }

    @Test func callerInAQueueNobodyAnswers_abandonsAfterTheirPatience() {
        var h = DialHarness(settings: DialHarness.settings(rate: 6, durationMs: 60_000), node: scriptedNode(agent: nil))
        h.connect(0)
        h.start()
        h.run(untilMs: 400_000)
        let f = h.gateway.figures
        let queued = h.events("dtmf").filter { if case .dtmf(_, _, "0") = $0 { true } else { false } }.count
        #expect(queued > 0)
        #expect(f.abandoned == queued)
        #expect(h.events("hungUp").count == f.offered, "abandoners hang up; calls the node ended are reported ended by the system")
        #expect(f.answered == 0 && h.gateway.activeCallCount == 0)
    }

    @Test func voicemail_isRecordedAndReported() {
        var h = DialHarness(settings: DialHarness.settings(rate: 6, durationMs: 20_000)) { _, event, _ in
            switch event {
            case .hello: return [.welcome(site: SiteID("hq"), resumed: [])]
            case .callOffered(let gw, _, _): return [.voicemail(callId: CallID("hq:\(gw)"), gatewayCallId: gw, maxDurationMs: 10_000)]
            default: return []
            }
        }
        h.connect(0)
        h.start()
        h.run(untilMs: 400_000)
        let f = h.gateway.figures
        #expect(f.offered > 0 && f.voicemail == f.offered)
        let recordings = h.events("recordingReady")
        #expect(recordings.count == f.offered)
        for case .recordingReady(_, _, let rec) in recordings { #expect(rec.durationMs <= 10_000 && rec.id.hasPrefix("vm-")) }
    }

    @Test func badFramesFromTheNode_areCountedNotActedOn() {
        var h = DialHarness(settings: DialHarness.settings(rate: 60, durationMs: 20_000)) { _, event, _ in
            if case .hello = event { return [.welcome(site: SiteID("hq"), resumed: [])] }
            return []
        }
        h.connect(0)
        h.start()
        h.run(untilMs: 15_000)
        let before = h.gateway.figures
        #expect(before.offered > 0)
        h.frame("not json")
        h.frame(#"{"v":2,"type":"play","seq":50}"#)
        h.command(.bridge(callId: CallID("hq:x"), gatewayCallId: "nobody-1", agent: AgentID("a1"), endpoint: "sip:x"))
        h.frame(#"{"callId":"hq:c1","gatewayCallId":"gw-1","seq":1,"type":"enqueue","v":1,"queue":"q","priority":"normal"}"#)
        h.command(.protocolError(CTIProtocolError(.outOfOrder, "dtmf is not allowed", refSeq: 3)))
        h.command(.welcome(site: SiteID("hq"), resumed: []))
        let after = h.gateway.figures
        #expect(after.protocolErrors == 6, "\(h.notes)")
        #expect(after.queued == 0 && after.ringing == 0, "nothing acted on")
        #expect(h.notes.count == 6)
    }

    @Test func commandsBeforeWelcome_areRefused() {
        var h = DialHarness(settings: DialHarness.settings()) { _, _, _ in [] }
        h.connect(0)
        h.command(.ack(ackSeq: 1))
        #expect(h.gateway.figures.protocolErrors == 1)
        #expect(h.notes.first?.contains("before welcome") == true)
    }

    @Test func returningCallerAnsweredByTheSameAgent_isSameAgentAgain_andAnotherSitesAgentAnOverflow() {
        var settings = DialHarness.settings(rate: 20, durationMs: 600_000)
        settings.population = .init(unknownShare: 0, withheldShare: 0, returnShare: 0)
        var h = DialHarness(settings: settings, residents: ["+8613800000001"], node: scriptedNode(site: "north-bay", agent: "agent-7"))
        h.gateway.registerAgent(AgentID("agent-7"), site: SiteID("south-park"))
        h.connect(0)
        h.start()
        h.run(untilMs: 2_000_000)
        let f = h.gateway.figures
        #expect(f.answered > 2)
        #expect(f.sameAgentAgain == f.answered - 1, "one resident, one agent: every answer after the first is the same agent")
        #expect(f.stickyHits == 0, "the node never said a bridge was sticky")
        #expect(f.overflows == f.answered, "agent-7 is logged in at another site")
    }

    @Test func stickyHits_countAnswersTheNodeRangAsSticky() throws {
        var settings = DialHarness.settings(rate: 20, durationMs: 600_000)
        settings.population = .init(unknownShare: 0, withheldShare: 0, returnShare: 0)
        var h = DialHarness(settings: settings, residents: ["+8613800000001"],
                            node: scriptedNode(site: "north-bay", agent: "agent-7", sticky: true))
        h.connect(0)
        h.start()
        h.run(untilMs: 2_000_000)
        let f = h.gateway.figures
        #expect(f.answered > 2)
        #expect(f.stickyHits == f.answered, "every answered call was rung with sticky: true")
        // The flag survives the wire: encoded only when true, decoded to false when absent.
        let g = "gw-1", id = CallID("north-bay:c-1")
        var v = CTISessionValidator()
        let frame = CTICodec.encode(v.outbound(.bridge(callId: id, gatewayCallId: g, agent: AgentID("agent-7"), endpoint: "sip:7001", sticky: true)))
        #expect(frame.contains(#""sticky":true"#))
        let plain = CTICodec.encode(v.outbound(.bridge(callId: id, gatewayCallId: g, agent: AgentID("agent-7"), endpoint: "sip:7001")))
        #expect(!plain.contains("sticky"))
    }

    @Test func callsSpreadOverConnectedNodes_andNoneArePlacedWhileAllAreDown() {
        var h = DialHarness(settings: DialHarness.settings(rate: 30, durationMs: 120_000, slots: 2), node: scriptedNode())
        h.start()
        h.run(untilMs: 20_000)
        let early = h.gateway.figures
        #expect(early.offered == 0 && early.notPlaced > 0)
        h.connect(0)
        h.connect(1)
        h.run(untilMs: 500_000)
        let offers = h.sent.filter { if case .callOffered = $0.event { true } else { false } }
        let onFirst = offers.filter { $0.slot == 0 }.count
        #expect(offers.count > 20 && abs(onFirst * 2 - offers.count) <= 1, "round robin: \(onFirst) of \(offers.count)")
    }

    @Test func failover_helloListsHeldCalls_andTheNewNodeCarriesThemOn() {
        var b = DialBehaviour.quiet
        b.talk = DialDuration(medianMs: 100_000, sigma: 0, minMs: 100_000, maxMs: 100_000)
        var h = DialHarness(settings: DialHarness.settings(rate: 20, durationMs: 60_000, behaviour: b), node: scriptedNode())
        h.connect(0)
        h.start()
        h.run(untilMs: 70_000)
        let sentBefore = h.sent.count
        h.apply(h.gateway.connectionLost(slot: 0, nowMs: h.nowMs))
        h.run(untilMs: 75_000)
        #expect(h.sent.count == sentBefore, "nothing is sent while the connection is down")
        let talking = h.gateway.calls.values.filter { $0.talkingTo != nil }.map(\.gatewayCallId).sorted()
        #expect(!talking.isEmpty)
        guard case .hello(_, _, let calls) = h.gateway.hello(slot: 0) else { Issue.record("no hello"); return }
        #expect(calls.count == h.gateway.activeCallCount)
        #expect(calls.filter { $0.agent != nil }.map(\.gatewayCallId).sorted() == talking)
        #expect(calls.allSatisfy { $0.callId != nil && $0.dialled == "4008101234" })
        h.connect(0)
        #expect(h.gateway.figures.failovers == 1)
        h.run(untilMs: 1_000_000)
        let hungUp = Set(h.events("hungUp").compactMap(\.gatewayCallId))
        #expect(talking.allSatisfy { hungUp.contains($0) }, "talking calls end on the new connection")
        #expect(h.gateway.activeCallCount == 0)
    }
}
