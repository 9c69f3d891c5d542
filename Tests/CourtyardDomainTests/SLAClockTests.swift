@testable import CourtyardDomain
import Testing

// MARK: - Policy

@Test func policy_defaults_matchTheSeeds() {
    let p = SLAPolicy.standard
    #expect(p.targets(category: .repair, priority: .ordinary).completionMs == 30 * minuteMs)
    #expect(p.targets(category: .repair, priority: .major).completionMs == 6 * hourMs)
    let e = p.targets(category: .emergency, priority: .emergency)
    #expect(e.responseMs == 5 * minuteMs && e.arrivalMs == 30 * minuteMs)
    #expect(p.targets(category: .consultation, priority: .ordinary).arrivalMs == nil)
}

@Test func policy_override_winsForItsPairOnly() throws {
    var p = SLAPolicy.standard
    try p.setOverride(SLAOverride(category: .complaint, priority: .ordinary,
                                  targets: SLATargets(responseMs: minuteMs, arrivalMs: nil, completionMs: 24 * hourMs)))
    #expect(p.targets(category: .complaint, priority: .ordinary).completionMs == 24 * hourMs)
    #expect(p.targets(category: .complaint, priority: .major).completionMs == 6 * hourMs)
    #expect(throws: SLAPolicyError.self) {
        try p.setOverride(SLAOverride(category: .repair, priority: .ordinary,
                                      targets: SLATargets(responseMs: hourMs, arrivalMs: nil, completionMs: minuteMs)))
    }
}

// MARK: - Deadlines

@Test func clock_ordinaryRepair_deadlinesAndOutcomes() throws {
    var h = TicketHistory()   // Monday 09:00, ordinary repair: 10 / 20 / 30 minutes
    let clock = SLAClock(policy: .standard, calendar: try officeCalendar())
    var d = clock.deadlines(of: h.state)
    #expect(d.response.dueAtMs == h.startMs + 10 * minuteMs)
    #expect(d.arrival?.dueAtMs == h.startMs + 20 * minuteMs)
    #expect(d.completion.dueAtMs == h.startMs + 30 * minuteMs)
    #expect(d.completion.outcome(nowMs: h.startMs + 30 * minuteMs) == .pending)
    #expect(d.completion.outcome(nowMs: h.startMs + 31 * minuteMs) == .breached)

    h.add(.assigned(Sample.assign()), atMinute: 2)
    h.add(.accepted, atMinute: 5)
    h.add(.arrived, atMinute: 25)
    h.add(Sample.resolved, atMinute: 29)
    d = clock.deadlines(of: h.state)
    let later = h.startMs + 60 * minuteMs
    #expect(d.response.outcome(nowMs: later) == .met)
    #expect(d.arrival?.outcome(nowMs: later) == .metLate)
    #expect(d.completion.outcome(nowMs: later) == .met)
    #expect(d.breached(nowMs: later) == [.arrival])
}

@Test func clock_suspension_movesTheDeadlineByTheSuspendedSpan() throws {
    var h = TicketHistory()
    let clock = SLAClock(policy: .standard, calendar: .alwaysOpen)
    h.add(.assigned(Sample.assign()), atMinute: 1)
    h.add(.accepted, atMinute: 2)
    h.add(Sample.suspended, atMinute: 10)
    #expect(clock.deadlines(of: h.state).completion.dueAtMs == nil)
    #expect(clock.deadlines(of: h.state).completion.outcome(nowMs: h.startMs + 90 * minuteMs) == .paused)
    // A deadline that fell before the suspension stays put.
    #expect(clock.deadlines(of: h.state).response.dueAtMs == h.startMs + 10 * minuteMs)
    h.add(.resumed, atMinute: 25)
    #expect(clock.deadlines(of: h.state).completion.dueAtMs == h.startMs + 45 * minuteMs)
    #expect(clock.elapsedWorkingMs(of: h.state, nowMs: h.startMs + 30 * minuteMs) == 15 * minuteMs)
}

@Test func clock_suspensionOutsideWorkingHours_costsNothing() throws {
    // Created Monday 17:50: 10 working minutes left today, 20 more on Tuesday.
    var h = TicketHistory(startMs: beijing("2026-03-02", 17, 50))
    let clock = SLAClock(policy: .standard, calendar: try officeCalendar())
    #expect(clock.deadlines(of: h.state).completion.dueAtMs == beijing("2026-03-03", 9, 20))
    h.add(.assigned(Sample.assign()), atMinute: 1)
    h.add(Sample.suspended, atMinute: 5)       // 17:55
    h.add(.resumed, atMinute: 5 + 15 * 60)     // Tuesday 08:55: only 5 working minutes were paused
    #expect(clock.deadlines(of: h.state).completion.dueAtMs == beijing("2026-03-03", 9, 25))
}

@Test func clock_emergency_runsTwentyFourSevenWhateverTheSiteCalendar() throws {
    let saturdayNight = beijing("2026-03-07", 23)
    let h = TicketHistory(startMs: saturdayNight, category: .emergency, priority: .ordinary)
    let d = SLAClock(policy: .standard, calendar: try officeCalendar()).deadlines(of: h.state)
    #expect(d.response.dueAtMs == saturdayNight + 5 * minuteMs)
    #expect(d.arrival?.dueAtMs == saturdayNight + 30 * minuteMs)
}

@Test func clock_cancelledTicket_voidsWhatWasNotMet() {
    var h = Sample.history(in: .accepted)
    h.add(Sample.cancelled, atMinute: 40)
    let d = SLAClock(policy: .standard, calendar: .alwaysOpen).deadlines(of: h.state)
    #expect(d.response.outcome(nowMs: h.startMs + 50 * minuteMs) == .met)
    #expect(d.completion.outcome(nowMs: h.startMs + 50 * minuteMs) == .void)
}
