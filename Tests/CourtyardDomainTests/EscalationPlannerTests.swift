import CourtyardCRDT
@testable import CourtyardDomain
import Testing

// MARK: - Helpers

private func evaluate(_ h: TicketHistory, atMinute m: Int64,
                      calendar: BusinessCalendar = .alwaysOpen) -> [EscalationDirective] {
    EscalationPlanner.evaluate(state: h.state, policy: .standard, calendar: calendar, ladder: .standard,
                               nowMs: h.startMs + m * minuteMs)
}

private func nextCheck(_ h: TicketHistory, atMinute m: Int64) -> Int64? {
    EscalationPlanner.nextCheckMs(state: h.state, policy: .standard, calendar: .alwaysOpen, ladder: .standard,
                                  nowMs: h.startMs + m * minuteMs)
}

/// Runs the home node's timer loop minute by minute, writing what the planner asks for.
/// Returns (minute, directive) for everything emitted.
private func runTimer(_ h: inout TicketHistory, minutes: ClosedRange<Int64>) -> [(Int64, EscalationDirective)] {
    var fired: [(Int64, EscalationDirective)] = []
    for m in minutes {
        for d in evaluate(h, atMinute: m) {
            fired.append((m, d))
            h.add(d.eventBody(ladder: .standard), atMinute: m, actor: "system", logical: UInt32(d.level))
        }
    }
    return fired
}

// MARK: - Ladder

@Test func ladder_standard_isProportionalToTheTarget() {
    let o = EscalationLadder.standard.offsets(completionMs: 30 * minuteMs)
    #expect(o.map(\.escalateAtMs) == [30, 45, 75].map { $0 * minuteMs })
    #expect(o.map(\.warnAtMs) == [24, 39, 69].map { $0 * minuteMs })
    #expect(o.map(\.notify) == ["departmentSupervisor", "projectManager", "branchQualityDepartment"])
}

@Test func ladder_invalidRungs_areRefused() {
    #expect(throws: EscalationLadderError.self) {
        try EscalationLadder(rungs: [.init(level: 1, notify: "a", after: .fixedMs(0)),
                                     .init(level: 3, notify: "c", after: .fixedMs(0))],
                             warningLead: .fixedMs(0))
    }
    #expect(throws: EscalationLadderError.self) {
        try EscalationLadder(rungs: (1...3).map { .init(level: $0, notify: "x", after: .permilleOfCompletion(-1)) },
                             warningLead: .fixedMs(0))
    }
}

// MARK: - Planner

@Test func planner_asTimeAdvances_emitsEachLevelOnceInOrder() {
    var h = Sample.history(in: .dispatched)   // ordinary repair, 30 minutes
    let fired = runTimer(&h, minutes: 0...300)
    let expected: [(Int64, EscalationDirective)] = [
        (24, .warn(level: 1, dueAtMs: h.startMs + 30 * minuteMs)),
        (30, .escalate(level: 1, dueAtMs: h.startMs + 30 * minuteMs)),
        (39, .warn(level: 2, dueAtMs: h.startMs + 45 * minuteMs)),
        (45, .escalate(level: 2, dueAtMs: h.startMs + 45 * minuteMs)),
        (69, .warn(level: 3, dueAtMs: h.startMs + 75 * minuteMs)),
        (75, .escalate(level: 3, dueAtMs: h.startMs + 75 * minuteMs)),
    ]
    #expect(fired.map(\.0) == expected.map(\.0))
    #expect(fired.map(\.1) == expected.map(\.1))
    #expect(h.state.escalationLevel == 3 && h.state.warnedLevel == 3 && h.state.conflicts.isEmpty)
    #expect(nextCheck(h, atMinute: 300) == nil)
}

@Test func planner_lateFirstLook_escalatesEveryDueLevelInOrderWithoutWarnings() {
    let h = Sample.history(in: .accepted)
    #expect(evaluate(h, atMinute: 80) == [
        .escalate(level: 1, dueAtMs: h.startMs + 30 * minuteMs),
        .escalate(level: 2, dueAtMs: h.startMs + 45 * minuteMs),
        .escalate(level: 3, dueAtMs: h.startMs + 75 * minuteMs),
    ])
}

@Test func planner_neverRepeatsARecordedLevel_evenWrittenByAnotherNode() {
    var h = Sample.history(in: .dispatched)
    h.add(Sample.escalated(1, due: h.startMs + 30 * minuteMs), atMinute: 30, site: hq, actor: "system")
    #expect(evaluate(h, atMinute: 31).isEmpty)
    #expect(evaluate(h, atMinute: 40) == [.warn(level: 2, dueAtMs: h.startMs + 45 * minuteMs)])
}

@Test func planner_afterResolve_emitsNothing() {
    var h = Sample.history(in: .dispatched)
    _ = runTimer(&h, minutes: 0...35)
    #expect(h.state.escalationLevel == 1)
    h.add(.accepted, atMinute: 36)
    h.add(Sample.resolved, atMinute: 37)
    #expect(runTimer(&h, minutes: 37...500).isEmpty)
    #expect(nextCheck(h, atMinute: 37) == nil)
    for status: TicketStatus in [.closed, .cancelled] {
        #expect(evaluate(Sample.history(in: status), atMinute: 500).isEmpty)
    }
}

@Test func planner_whileSuspended_emitsNothingAndTheClockMovesBySuspendedSpan() {
    var h = Sample.history(in: .accepted)
    h.add(Sample.suspended, atMinute: 10)
    #expect(evaluate(h, atMinute: 200).isEmpty)
    #expect(nextCheck(h, atMinute: 200) == nil)
    h.add(.resumed, atMinute: 70)   // paused 60 minutes
    #expect(evaluate(h, atMinute: 83).isEmpty)
    #expect(nextCheck(h, atMinute: 70) == h.startMs + 84 * minuteMs)
    #expect(evaluate(h, atMinute: 84) == [.warn(level: 1, dueAtMs: h.startMs + 90 * minuteMs)])
    let fired = runTimer(&h, minutes: 71...200)
    #expect(fired.filter { if case .escalate = $0.1 { true } else { false } }.map(\.0) == [90, 105, 135])
}

@Test func planner_nextCheck_pointsAtTheNextWarningOrLevel() {
    let h = Sample.history(in: .dispatched)
    #expect(nextCheck(h, atMinute: 0) == h.startMs + 24 * minuteMs)
    #expect(nextCheck(h, atMinute: 24) == h.startMs + 30 * minuteMs)
}

@Test func planner_businessCalendar_escalatesOnWorkingTime() throws {
    // Created Monday 17:50 on an office calendar: level 1 falls Tuesday 09:20.
    let h = TicketHistory(startMs: beijing("2026-03-02", 17, 50))
    let cal = try officeCalendar()
    let times = EscalationPlanner.times(state: h.state, policy: .standard, calendar: cal, ladder: .standard)
    #expect(times.first?.dueAtMs == beijing("2026-03-03", 9, 20))
    #expect(times.first?.warnAtMs == beijing("2026-03-03", 9, 14))
    let nightMinutes = (beijing("2026-03-03", 3) - h.startMs) / minuteMs
    #expect(evaluate(h, atMinute: nightMinutes, calendar: cal).isEmpty)
}

@Test func directive_eventBody_carriesTheLadderRole() {
    let body = EscalationDirective.escalate(level: 2, dueAtMs: 99).eventBody(ladder: .standard)
    #expect(body == .escalated(EscalationMark(level: 2, deadline: .completion, dueAtMs: 99, notify: "projectManager")))
}
