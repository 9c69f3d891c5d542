import CourtyardCRDT
@testable import CourtyardDomain
import Testing

// MARK: - Lifecycle

@Test func fold_fullLifecycle_tracksStatusDepartmentAndTimeline() {
    var h = TicketHistory()
    h.add(.assigned(Sample.assign("manager-1", "工程部")), atMinute: 1, actor: "agent-1")
    h.add(.reassigned(Sample.assign("tech-7", "工程部-水电组")), atMinute: 3, actor: "manager-1")
    h.add(.accepted, atMinute: 4, actor: "tech-7")
    h.add(.arrived, atMinute: 12, actor: "tech-7")
    h.add(Sample.note, atMinute: 13, actor: "tech-7")
    h.add(Sample.suspended, atMinute: 14, actor: "tech-7")
    h.add(.resumed, atMinute: 54, actor: "tech-7")
    h.add(Sample.resolved, atMinute: 60, actor: "tech-7")
    h.add(Sample.callback(4), atMinute: 120, actor: "agent-2")
    let last = h.add(Sample.closed, atMinute: 121, actor: "agent-2")
    let s = h.state

    #expect(s.status == .closed)
    #expect(s.timeline.map(\.status)
        == [.open, .dispatched, .dispatched, .accepted, .onSite, .suspended, .onSite, .resolved, .closed])
    #expect(s.timeline[2].department == "工程部-水电组" && s.timeline[2].assignee == "tech-7")
    #expect(s.timeline[5].sinceMs == h.startMs + 14 * minuteMs)
    #expect(s.assignee == "tech-7" && s.department == "工程部-水电组")
    #expect(s.suspendedMs == 40 * minuteMs && s.suspendedSinceMs == nil)
    #expect(s.suspensions == [SuspensionSpan(startMs: h.startMs + 14 * minuteMs, endMs: h.startMs + 54 * minuteMs,
                                             reason: "等待配件")])
    #expect(s.acceptedAtMs == h.startMs + 4 * minuteMs && s.arrivedAtMs == h.startMs + 12 * minuteMs)
    #expect(s.resolvedAtMs == h.startMs + 60 * minuteMs && s.closedAtMs == h.startMs + 121 * minuteMs)
    #expect(s.satisfaction == .score(4) && s.noteCount == 1)
    #expect(s.eventCount == 11 && s.frontier == [last] && s.updatedAtMs == h.startMs + 121 * minuteMs)
    #expect(s.conflicts.isEmpty)
}

@Test func fold_withoutCreatedEvent_isNil() {
    var h = TicketHistory()
    h.add(.assigned(Sample.assign()), atMinute: 1)
    #expect(TicketState.fold(h.events.dropFirst()) == nil)
    #expect(TicketState.fold([TicketEvent]()) == nil)
}

@Test func fold_cancelWhileSuspended_closesTheSuspensionSpan() {
    var h = Sample.history(in: .suspended)
    h.add(Sample.cancelled, atMinute: 10)
    let s = h.state
    #expect(s.status == .cancelled && s.suspendedSinceMs == nil)
    #expect(s.suspendedMs == 7 * minuteMs && s.suspensions.last?.endMs == h.startMs + 10 * minuteMs)
}

// MARK: - Concurrency

@Test func fold_concurrentAssignments_laterWinsAndConflictListsTheOther() {
    var h = TicketHistory()
    let fromNorthBay = h.add(.assigned(Sample.assign("tech-1", "工程部")), atMinute: 1, site: northBay,
                             parents: [h.createdID])
    let fromHQ = h.add(.assigned(Sample.assign("tech-5", "客服部")), atMinute: 2, site: hq, parents: [h.createdID])
    let s = h.state
    #expect(s.assignee == "tech-5" && s.department == "客服部" && s.status == .dispatched)
    #expect(s.conflicts == [TicketConflict(.concurrentAssignment, applied: fromHQ, concurrent: [fromNorthBay],
                                           detail: s.conflicts.first?.detail ?? "")])
    #expect(s.frontier == [fromNorthBay, fromHQ])
}

@Test func fold_threeConcurrentAssignments_formOneConflict() {
    var h = TicketHistory()
    let a = h.add(.assigned(Sample.assign("tech-1")), atMinute: 1, parents: [h.createdID])
    let b = h.add(.assigned(Sample.assign("tech-2")), atMinute: 2, site: hq, parents: [h.createdID])
    let c = h.add(.assigned(Sample.assign("tech-3")), atMinute: 3, site: ReplicaID("south-gate"), parents: [h.createdID])
    let s = h.state
    #expect(s.assignee == "tech-3")
    #expect(s.conflicts.count == 1)
    #expect(s.conflicts.first?.applied == c && s.conflicts.first?.concurrent == [a, b])
}

@Test func fold_sequentialReassignment_isNotAConflict() {
    var h = TicketHistory()
    h.add(.assigned(Sample.assign("tech-1")), atMinute: 1)
    h.add(.reassigned(Sample.assign("tech-2")), atMinute: 2, site: hq)
    h.add(.reassigned(Sample.assign("tech-3")), atMinute: 3)
    #expect(h.state.assignee == "tech-3")
    #expect(h.state.conflicts.isEmpty)
}

@Test func fold_resolvedConcurrentWithCancelled_keepsOneAndSurfacesTheOther() {
    var h = Sample.history(in: .onSite)
    let seen = h.state.frontier
    let cancel = h.add(Sample.cancelled, atMinute: 10, site: hq, actor: "agent-3", parents: seen)
    let resolve = h.add(Sample.resolved, atMinute: 11, parents: seen)
    let s = h.state
    #expect(s.status == .cancelled)
    #expect(s.conflicts.count == 1)
    let c = s.conflicts[0]
    #expect(c.kind == TicketConflictKind.concurrentTransition.rawValue)
    #expect(c.applied == cancel && c.concurrent == [resolve] && c.skipped == [resolve])
}

@Test func fold_noteConcurrentWithClose_isSurfacedEitherWay() {
    // The note lands after the close in id order: it is skipped and listed.
    var late = Sample.history(in: .resolved)
    let seen = late.state.frontier
    let close = late.add(Sample.closed, atMinute: 20, site: hq, parents: seen)
    let note = late.add(Sample.note, atMinute: 21, parents: seen)
    #expect(late.state.status == .closed && late.state.noteCount == 0)
    #expect(late.state.conflicts.map(\.skipped) == [[note]] && late.state.conflicts[0].applied == close)

    // The note comes first: the close still applies, listing the note it did not see.
    var early = Sample.history(in: .resolved)
    let seen2 = early.state.frontier
    let note2 = early.add(Sample.note, atMinute: 20, parents: seen2)
    let close2 = early.add(Sample.closed, atMinute: 21, site: hq, parents: seen2)
    #expect(early.state.status == .closed && early.state.noteCount == 1)
    #expect(early.state.conflicts.count == 1)
    #expect(early.state.conflicts[0].applied == close2 && early.state.conflicts[0].concurrent == [note2])
}

@Test func fold_acceptOfAReplacedAssignment_isSkippedAsConcurrent() {
    var h = Sample.history(in: .dispatched)   // tech-1 holds it
    let seen = h.state.frontier
    let reassign = h.add(.reassigned(Sample.assign("tech-2")), atMinute: 5, site: hq, actor: "manager-1", parents: seen)
    let accept = h.add(.accepted, atMinute: 6, actor: "tech-1", parents: seen)
    let s = h.state
    #expect(s.status == .dispatched && s.assignee == "tech-2")
    #expect(s.conflicts.map(\.skipped) == [[accept]] && s.conflicts[0].applied == reassign)
}

@Test func fold_impossibleEventThatSawEverything_isSkippedAsInvalidTransition() {
    var h = TicketHistory()
    let arrive = h.add(.arrived, atMinute: 1)   // parents: [created]; nothing concurrent
    let s = h.state
    #expect(s.status == .open && s.arrivedAtMs == nil)
    #expect(s.conflicts.map(\.kind) == [TicketConflictKind.invalidTransition.rawValue])
    #expect(s.conflicts[0].skipped == [arrive] && s.eventCount == 2)
}

@Test func fold_eventWithUndeliveredParent_isSkippedUntilTheParentArrives() {
    var h = TicketHistory()
    h.add(.assigned(Sample.assign()), atMinute: 1)
    h.add(.accepted, atMinute: 2)
    let withoutAssignment = [h.events[0], h.events[2]]
    let partial = TicketState.fold(withoutAssignment)!
    #expect(partial.status == .open)
    #expect(partial.conflicts.map(\.kind) == [TicketConflictKind.missingParents.rawValue])
    #expect(h.state.status == .accepted && h.state.conflicts.isEmpty)
}

@Test func fold_differentEventsUnderOneID_keepOneWhateverTheOrder() {
    var h = Sample.history(in: .dispatched)
    let accept = h.add(.accepted, atMinute: 5)
    let forged = TicketEvent(id: accept, ticketID: h.ticketID, actor: "tech-1", parents: h.events.last!.parents,
                             body: Sample.note)
    let a = TicketState.fold(h.events + [forged])!
    let b = TicketState.fold([forged] + h.events.reversed())!
    #expect(a == b)
    #expect(a.conflicts.map(\.kind) == [TicketConflictKind.duplicateEventID.rawValue])
}

@Test func fold_eventOfAnotherTicket_isSkipped() {
    var h = Sample.history(in: .dispatched)
    let other = TicketHistory(startMs: h.startMs + 1, site: hq)
    let stray = TicketEvent(id: EventID(hlc: HLCTimestamp(wallMs: h.startMs + 9 * minuteMs), origin: hq),
                            ticketID: other.ticketID, actor: "x", parents: [], body: .accepted)
    h.append(stray)
    #expect(h.state.status == .dispatched)
    #expect(h.state.conflicts.map(\.kind) == [TicketConflictKind.foreignTicket.rawValue])
}

// MARK: - Escalation marks

@Test func fold_duplicateEscalationFromTwoNodes_countsTheLevelOnce() {
    var h = Sample.history(in: .dispatched)
    let seen = h.state.frontier
    let first = h.add(Sample.escalated(1), atMinute: 30, actor: "system", parents: seen)
    h.add(Sample.escalated(1), atMinute: 31, site: hq, actor: "system", parents: seen)  // failover node
    h.add(Sample.warned(1), atMinute: 32, site: hq, actor: "system", parents: seen)     // stale warning
    let s = h.state
    #expect(s.escalationLevel == 1 && s.escalations.count == 1 && s.escalations[0].eventID == first)
    #expect(s.conflicts.isEmpty)
    h.add(Sample.escalated(2), atMinute: 45, site: hq, actor: "system")
    #expect(h.state.escalationLevel == 2 && h.state.escalations.map(\.mark.level) == [1, 2])
}

// MARK: - Child tickets

@Test func fold_childTicket_linksBothWays() {
    var parent = Sample.history(in: .resolved)
    parent.add(.callback(CallbackResult(satisfaction: .notSolved, comment: "还在漏", needsFollowUp: true)),
               atMinute: 60, actor: "agent-2")
    #expect(parent.state.followUpPending)
    let child = TicketHistory(startMs: parent.startMs + 61 * minuteMs, parent: parent.ticketID)
    parent.add(.childOpened(ChildLink(childID: child.ticketID)), atMinute: 62, actor: "agent-2")
    parent.add(Sample.closed, atMinute: 63, actor: "agent-2")

    #expect(child.state.parentTicketID == parent.ticketID)
    #expect(child.state.status == .open)
    #expect(parent.state.children == [ChildLink(childID: child.ticketID)])
    #expect(!parent.state.followUpPending && parent.state.status == .closed)
    #expect(parent.state.satisfaction == .notSolved)
}
