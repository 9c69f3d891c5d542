import CourtyardCRDT
@testable import CourtyardDomain
import Testing

// MARK: - The transition table

/// One sample body per event kind, valid in its fields (so only the status decides).
private let bodies: [(String, TicketEventBody)] = [
    ("assigned", .assigned(Sample.assign("tech-2"))),
    ("reassigned", .reassigned(Sample.assign("tech-2", "绿化部"))),
    ("accepted", .accepted),
    ("arrived", .arrived),
    ("note", Sample.note),
    ("suspended", Sample.suspended),
    ("resumed", .resumed),
    ("resolved", Sample.resolved),
    ("callback", Sample.callback()),
    ("childOpened", .childOpened(ChildLink(childID: TicketID(site: hq, hlc: HLCTimestamp(wallMs: 1))))),
    ("warned", Sample.warned(1)),
    ("escalated", Sample.escalated(1)),
    ("closed", Sample.closed),
    ("cancelled", Sample.cancelled),
    ("created", .created(Sample.history(in: .open).state.created)),
]

/// Which event kinds each status allows, written out independently of the implementation.
private let allowed: [TicketStatus: Set<String>] = [
    .open: ["assigned", "note", "resolved", "childOpened", "warned", "escalated", "cancelled"],
    .dispatched: ["reassigned", "accepted", "note", "suspended", "childOpened", "warned", "escalated", "cancelled"],
    .accepted: ["reassigned", "arrived", "note", "suspended", "resolved", "childOpened", "warned", "escalated",
                "cancelled"],
    .onSite: ["reassigned", "note", "suspended", "resolved", "childOpened", "warned", "escalated", "cancelled"],
    .suspended: ["note", "resumed", "childOpened", "cancelled"],
    .resolved: ["note", "callback", "childOpened", "closed"],
    .closed: ["childOpened"],
    .cancelled: [],
]

@Test(arguments: TicketStatus.allCases)
func validate_everyEventKind_isAllowedOrRefusedPerTheTable(status: TicketStatus) {
    let state = Sample.history(in: status).state
    for (kind, body) in bodies {
        let expectAllowed = allowed[status]!.contains(kind)
        do {
            try state.validate(body, actor: "tech-2")
            #expect(expectAllowed, "\(kind) should be refused from \(status)")
        } catch {
            #expect(!expectAllowed, "\(kind) should be allowed from \(status): \(error)")
            if status == .closed {
                #expect(error.kind == .alreadyClosed)
            } else {
                #expect(error.kind == .invalidTransition(from: status, event: kind))
            }
        }
    }
}

// MARK: - Named refusals

private func refusal(_ state: TicketState, _ body: TicketEventBody, actor: String = "tech-1")
    -> TicketTransitionError.Kind? {
    do {
        try state.validate(body, actor: actor)
        return nil
    } catch {
        #expect(!error.message.isEmpty)
        return error.kind
    }
}

@Test func validate_acceptBeforeDispatch_isRefused() {
    #expect(refusal(Sample.history(in: .open).state, .accepted) == .invalidTransition(from: .open, event: "accepted"))
}

@Test func validate_arriveBeforeAccept_isRefused() {
    #expect(refusal(Sample.history(in: .dispatched).state, .arrived)
        == .invalidTransition(from: .dispatched, event: "arrived"))
}

@Test func validate_resolveOnClosedTicket_isRefusedAsAlreadyClosed() {
    #expect(refusal(Sample.history(in: .closed).state, Sample.resolved) == .alreadyClosed)
}

@Test func validate_callbackBeforeResolve_isRefused() {
    #expect(refusal(Sample.history(in: .onSite).state, Sample.callback())
        == .invalidTransition(from: .onSite, event: "callback"))
}

@Test(arguments: [0, 6, -1, 100])
func validate_satisfactionOutsideOneToFive_isRefused(score: Int) {
    #expect(refusal(Sample.history(in: .resolved).state, Sample.callback(score)) == .invalidSatisfaction(score))
}

@Test func validate_closeWithoutResolve_isRefused() {
    #expect(refusal(Sample.history(in: .onSite).state, Sample.closed) == .invalidTransition(from: .onSite, event: "closed"))
}

@Test func validate_escalateLevelThreeBeforeTwo_isRefused() {
    var h = Sample.history(in: .dispatched)
    h.add(Sample.escalated(1), atMinute: 30, actor: "system")
    #expect(refusal(h.state, Sample.escalated(3)) == .escalationLevelOutOfOrder(level: 3, recorded: 1))
    #expect(refusal(h.state, Sample.escalated(1)) == .escalationAlreadyRecorded(level: 1))
    #expect(refusal(h.state, Sample.escalated(2)) == nil)
}

@Test func validate_closeWhileFollowUpPending_isRefusedUntilChildLinked() {
    var h = Sample.history(in: .resolved)
    h.add(Sample.callback(2, followUp: true), atMinute: 60)
    #expect(refusal(h.state, Sample.closed) == .followUpPending)
    h.add(.childOpened(ChildLink(childID: TicketID(site: northBay, hlc: HLCTimestamp(wallMs: 9)))), atMinute: 61)
    #expect(refusal(h.state, Sample.closed) == nil)
}

@Test func validate_grabForSomeoneElse_isRefused() {
    let grab = TicketEventBody.assigned(Assignment(assignee: "tech-9", department: "工程部", mode: .grab))
    #expect(refusal(Sample.history(in: .open).state, grab, actor: "tech-1")
        == .actorNotAllowed(actor: "tech-1", reason: "a grab (抢单) assigns only oneself"))
    #expect(refusal(Sample.history(in: .open).state, grab, actor: "tech-9") == nil)
}

@Test func validate_fieldBounds_areEnforced() {
    let state = Sample.history(in: .accepted).state
    let longNote = TicketEventBody.note(ProgressNote(text: String(repeating: "漏", count: TicketLimits.noteCharsMax + 1)))
    #expect(refusal(state, longNote) == .fieldTooLong(field: "text", limit: TicketLimits.noteCharsMax))
    let photos = (0...TicketLimits.photosPerNoteMax).map { "p-\($0)" }
    #expect(refusal(state, .note(ProgressNote(text: "照片", photos: photos)))
        == .tooManyItems(field: "photos", limit: TicketLimits.photosPerNoteMax))
    #expect(refusal(state, .note(ProgressNote(text: "  "))) == .missingField("text"))
    #expect(refusal(state, Sample.note, actor: "") == .missingField("actor"))
    #expect(refusal(state, .suspended(Suspension(reason: ""))) == .missingField("reason"))
    let partial = TicketEventBody.closed(Closure(residentConfirmed: true, apology: "抱歉"))
    #expect(refusal(Sample.history(in: .resolved).state, partial) == .missingField("reason"))
}

// MARK: - Drafts

@Test func draftValidate_reportsEveryFieldError() {
    let draft = TicketDraft(category: .complaint, title: " ",
                            description: String(repeating: "噪", count: TicketLimits.descriptionCharsMax + 1),
                            callerPhone: "call me", consultationTopic: .fees)
    let fields = draft.validate().map(\.field)
    #expect(fields == ["title", "description", "callerPhone", "consultationTopic"])
}

@Test func draftValidate_titleLimitCountsCJKCharactersOnce() {
    let ok = TicketDraft(category: .repair, title: String(repeating: "修", count: TicketLimits.titleCharsMax))
    #expect(ok.validate().isEmpty)
    let long = TicketDraft(category: .repair, title: String(repeating: "修", count: TicketLimits.titleCharsMax + 1))
    #expect(long.validate().map(\.kind) == [.fieldTooLong(field: "title", limit: TicketLimits.titleCharsMax)])
}

@Test func draftCreated_carriesEveryField() {
    let parent = TicketID(site: northBay, hlc: HLCTimestamp(wallMs: 5))
    let draft = TicketDraft(category: .repair, priority: .major, title: "电梯困人", roomID: "1-1-101",
                            callerPhone: "+86 138-0000-0000", parentTicketID: parent, warranty: .inWarranty)
    #expect(draft.validate().isEmpty)
    let c = draft.created(number: TicketNumber(siteCode: "NB", year: 2026, sequence: 7), site: northBay)
    #expect(c.parentTicketID == parent && c.warranty == .inWarranty && c.priority == .major)
    #expect(TicketDraft(c) == draft)
}
