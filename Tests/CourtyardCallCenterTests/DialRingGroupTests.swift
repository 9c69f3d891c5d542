import Testing
@testable import CourtyardCallCenter

/// Ring groups in the `courtyard dial` core: several `bridge`s ring several legs, the first
/// pick-up wins, `cancelBridge` stops a leg. Timers are fired by hand or on virtual time.
@Suite struct DialRingGroupTests {
    static let a1 = AgentID("agent-1"), a2 = AgentID("agent-2"), a3 = AgentID("agent-3")
    static let g = "gw-1", id = CallID("hq:c-gw-1")

    /// A harness whose node queues every call at once and does nothing else: the test
    /// sends the bridges. Returns it once the first call is queued.
    static func queuedCall(behaviour: DialBehaviour = .quiet) throws -> DialHarness {
        var h = DialHarness(settings: DialHarness.settings(rate: 6, durationMs: 60_000, behaviour: behaviour)) { _, event, _ in
            switch event {
            case .hello: return [.welcome(site: SiteID("hq"), resumed: [])]
            case .callOffered(let gw, _, _):
                return [.enqueue(callId: CallID("hq:c-\(gw)"), gatewayCallId: gw, queue: QueueID("hq.service"), priority: .normal)]
            default: return []
            }
        }
        h.connect(0)
        h.start()
        let deadline = h.nowMs + 120_000
        while h.gateway.calls[g]?.phase != .queued, h.nowMs < deadline { h.run(untilMs: h.nowMs + 500) }
        try #require(h.gateway.calls[g]?.phase == .queued)
        return h
    }

    static func bridge(_ h: inout DialHarness, _ agent: AgentID, sticky: Bool = false) {
        h.command(.bridge(callId: id, gatewayCallId: g, agent: agent, endpoint: "sip:\(agent)", sticky: sticky))
    }

    static func cancel(_ h: inout DialHarness, _ agent: AgentID) {
        h.command(.cancelBridge(callId: id, gatewayCallId: g, agent: agent))
    }

    /// `answered` events of the test's call, by agent.
    static func answeredBy(_ h: DialHarness) -> [AgentID] {
        h.events("answered").compactMap { if case .answered(g, _, let a) = $0 { a } else { nil } }
    }

    /// The pending pick-up timers of the test's call.
    static func ringTimers(_ h: DialHarness) -> [(atMs: Int64, order: Int, leg: Int)] {
        h.timers.compactMap { t in
            if case .ring(g, let leg) = t.timer { (t.atMs, t.order, leg) } else { nil }
        }
    }

    @Test func twoBridges_ringTwoLegs_theFirstPickUpWins_andTheOtherNeverAnswers() throws {
        var h = try Self.queuedCall()
        Self.bridge(&h, Self.a1)
        h.run(untilMs: h.nowMs + 1_000)
        Self.bridge(&h, Self.a2)
        Self.bridge(&h, Self.a1)  // already ringing: idempotent
        #expect(h.gateway.calls[Self.g]?.ringingAgents == [Self.a1, Self.a2])
        #expect(Self.ringTimers(h).count == 2, "adding a leg keeps the first leg's pick-up")
        #expect(h.gateway.figures.ringing == 1, "one call ringing, whatever its legs")
        h.run(untilMs: h.nowMs + 600_000)
        #expect(Self.answeredBy(h) == [Self.a1], "agent-1 rang first with the same delay")
        #expect(h.events("bridged").filter { $0.gatewayCallId == Self.g }.count == 1)
        #expect(h.gateway.figures.protocolErrors == 0, "\(h.notes)")
    }

    @Test func theLaterLegMayPickUpFirst_andCountsItsOwnStickyAndOverflow() throws {
        var h = try Self.queuedCall()
        h.gateway.registerAgent(Self.a2, site: SiteID("elsewhere"))
        Self.bridge(&h, Self.a1)
        Self.bridge(&h, Self.a2, sticky: true)
        let timers = Self.ringTimers(h)
        try #require(timers.count == 2)
        // Fire the second leg's pick-up first.
        let second = try #require(timers.first { $0.leg == 2 })
        h.timers.removeAll { $0.order == second.order }
        h.nowMs = second.atMs
        h.apply(h.gateway.onTimer(.ring(gatewayCallId: Self.g, leg: 2), nowMs: h.nowMs))
        #expect(h.gateway.calls[Self.g]?.talkingTo == Self.a2)
        // The first leg's timer is now stale: the gateway dropped that leg.
        h.apply(h.gateway.onTimer(.ring(gatewayCallId: Self.g, leg: 1), nowMs: h.nowMs + 10))
        h.run(untilMs: h.nowMs + 600_000)
        #expect(Self.answeredBy(h) == [Self.a2])
        let f = h.gateway.figures
        #expect(f.stickyHits == 1 && f.overflows == 1, "the answering leg's flags: \(f)")
        #expect(f.protocolErrors == 0, "\(h.notes)")
    }

    @Test func cancelBridge_stopsALeg_itsPickUpNeverComes_andTheOtherLegAnswers() throws {
        var h = try Self.queuedCall()
        Self.bridge(&h, Self.a1)
        Self.bridge(&h, Self.a2)
        Self.bridge(&h, Self.a3)
        Self.cancel(&h, Self.a1)
        Self.cancel(&h, Self.a1)  // no longer rings: ignored
        #expect(h.gateway.calls[Self.g]?.ringingAgents == [Self.a2, Self.a3])
        h.run(untilMs: h.nowMs + 600_000)
        #expect(Self.answeredBy(h) == [Self.a2])
        #expect(h.gateway.figures.protocolErrors == 0, "\(h.notes)")
    }

    @Test func cancelBridgeOfTheLastLeg_holdsTheCaller_andALaterBridgeIsAccepted() throws {
        var h = try Self.queuedCall()
        Self.bridge(&h, Self.a1)
        Self.cancel(&h, Self.a1)
        #expect(h.gateway.calls[Self.g]?.phase == .queued)
        h.run(untilMs: h.nowMs + 5_000)
        #expect(Self.answeredBy(h).isEmpty, "the cancelled leg never picks up")
        Self.bridge(&h, Self.a2)
        #expect(h.gateway.calls[Self.g]?.ringingAgents == [Self.a2])
        h.run(untilMs: h.nowMs + 600_000)
        #expect(Self.answeredBy(h) == [Self.a2])
        #expect(h.gateway.figures.protocolErrors == 0, "\(h.notes)")
    }

    @Test func unansweredRing_thenCancelBridgeAndANewBridge_isAnswered() throws {
        var h = try Self.queuedCall()
        h.gateway.calls[Self.g]?.plan.agentAnswers = false  // this caller's first ring goes unanswered
        Self.bridge(&h, Self.a1)
        #expect(Self.ringTimers(h).isEmpty)
        h.run(untilMs: h.nowMs + 20_000)  // the node's ring timeout
        #expect(h.gateway.calls[Self.g]?.ringingAgents == [Self.a1])
        Self.cancel(&h, Self.a1)
        Self.bridge(&h, Self.a2)
        h.run(untilMs: h.nowMs + 600_000)
        #expect(Self.answeredBy(h) == [Self.a2])
        #expect(h.gateway.figures.protocolErrors == 0, "no 'bridge while ringing' refusal: \(h.notes)")
    }

    @Test func holdingCaller_keepsTheirPatience_acrossLegs() throws {
        var b = DialBehaviour.quiet
        b.agentNoAnswerShare = 1  // nobody ever picks up
        var h = try Self.queuedCall(behaviour: b)
        h.gateway.calls[Self.g]?.plan.agentAnswers = false
        let abandonAt = try #require(h.gateway.calls[Self.g]?.abandonAtMs)
        Self.bridge(&h, Self.a1)
        Self.cancel(&h, Self.a1)
        Self.bridge(&h, Self.a2)
        #expect(h.gateway.calls[Self.g]?.abandonAtMs == abandonAt, "patience is not restarted by a new leg")
        h.run(untilMs: abandonAt)
        #expect(h.gateway.calls[Self.g] == nil)
        #expect(h.events("hungUp").contains { $0.gatewayCallId == Self.g })
        #expect(Self.answeredBy(h).isEmpty)
    }

    @Test func bridgeWhileTalking_isStillRefused() throws {
        var h = try Self.queuedCall()
        Self.bridge(&h, Self.a1)
        h.run(untilMs: h.nowMs + 3_000)
        #expect(h.gateway.calls[Self.g]?.talkingTo == Self.a1)
        Self.bridge(&h, Self.a2)
        #expect(h.gateway.figures.protocolErrors == 1)
        #expect(h.notes.last?.contains("bridge for gw-1 while talking") == true, "\(h.notes)")
        Self.cancel(&h, Self.a1)  // the talking leg no longer rings: ignored, not refused
        #expect(h.gateway.calls[Self.g]?.talkingTo == Self.a1 && h.gateway.figures.protocolErrors == 1)
    }
}
