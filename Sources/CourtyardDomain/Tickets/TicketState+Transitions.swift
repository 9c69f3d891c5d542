// MARK: - Transition rules

extension TicketState {
    /// Checks a local write before it becomes an event: the actor, the payload's fields, and
    /// that the event fits the ticket's current state. Throws the first problem found.
    ///
    /// The fold applies the same status rules to replicated events, but it never throws: an
    /// event that does not fit there is skipped and surfaced as a `TicketConflict`.
    public func validate(_ body: TicketEventBody, actor: String) throws(TicketTransitionError) {
        var check = TicketFieldCheck()
        check.required(actor, "actor", limit: TicketLimits.idCharsMax)
        try check.throwFirst()
        try body.validateFields()
        if let duplicate = duplicateMarkLevel(body) {
            throw TicketTransitionError(.escalationAlreadyRecorded(level: duplicate))
        }
        if let error = transitionError(body) { throw error }
        try checkLocalRules(body, actor: actor)
    }

    /// The statuses an event may be applied in. `childOpened` may link a follow-up even to a
    /// closed ticket (the resident calls again a week later); `resolved` may come straight
    /// from `open` (first-contact resolution, 一次解决, e.g. a consultation answered on the call).
    static func allowedStatuses(_ body: TicketEventBody) -> [TicketStatus] {
        switch body {
        case .created: []
        case .assigned: [.open]
        case .reassigned: [.dispatched, .accepted, .onSite]
        case .accepted: [.dispatched]
        case .arrived: [.accepted]
        case .note: [.open, .dispatched, .accepted, .onSite, .suspended, .resolved]
        case .suspended: [.dispatched, .accepted, .onSite]
        case .resumed: [.suspended]
        case .resolved: [.open, .accepted, .onSite]
        case .callback: [.resolved]
        case .childOpened: [.open, .dispatched, .accepted, .onSite, .suspended, .resolved, .closed]
        case .warned, .escalated: [.open, .dispatched, .accepted, .onSite]
        case .closed: [.resolved]
        case .cancelled: [.open, .dispatched, .accepted, .onSite, .suspended]
        }
    }

    /// Why `body` cannot follow the current state (status and escalation order), or nil.
    /// Shared by `validate` and the fold. Duplicate marks are not errors here: the fold merges
    /// them away and `validate` refuses them before calling this.
    func transitionError(_ body: TicketEventBody) -> TicketTransitionError? {
        guard Self.allowedStatuses(body).contains(status) else {
            if status == .closed { return TicketTransitionError(.alreadyClosed) }
            return TicketTransitionError(.invalidTransition(from: status, event: body.kind))
        }
        switch body {
        case .escalated(let m), .warned(let m):
            // Levels come in order: 1 before 2 before 3. A warning announces the next level.
            if m.level > escalationLevel + 1 {
                return TicketTransitionError(.escalationLevelOutOfOrder(level: m.level, recorded: escalationLevel))
            }
            return nil
        default:
            return nil
        }
    }

    /// The level of a warning or escalation that is already recorded (it would merge away),
    /// or nil. A warning for a level already escalated is stale, hence a duplicate too.
    func duplicateMarkLevel(_ body: TicketEventBody) -> Int? {
        switch body {
        case .escalated(let m) where m.level <= escalationLevel:
            m.level
        case .warned(let m) where m.level <= max(warnedLevel, escalationLevel):
            m.level
        default:
            nil
        }
    }

    /// Rules only the local writer can keep; replicated events are not held to them.
    private func checkLocalRules(_ body: TicketEventBody, actor: String) throws(TicketTransitionError) {
        switch body {
        case .assigned(let a), .reassigned(let a):
            if a.mode == .grab && a.assignee != actor {
                throw TicketTransitionError(.actorNotAllowed(actor: actor, reason: "a grab (抢单) assigns only oneself"))
            }
            if a.assignee == assignee && a.department == department {
                throw TicketTransitionError(.invalidField(field: "assignee", reason: "already holds the ticket"))
            }
        case .childOpened(let link):
            if link.childID == id {
                throw TicketTransitionError(.invalidField(field: "childID", reason: "is this ticket"))
            }
            if children.contains(where: { $0.childID == link.childID }) {
                throw TicketTransitionError(.invalidField(field: "childID", reason: "is already linked"))
            }
        case .closed:
            if followUpPending { throw TicketTransitionError(.followUpPending) }
        default:
            break
        }
    }
}

// MARK: - Event traits

extension TicketEventBody {
    /// Changes status or assignment: the events whose concurrency matters.
    var isStatusChange: Bool {
        switch self {
        case .assigned, .reassigned, .accepted, .arrived, .suspended, .resumed, .resolved, .closed, .cancelled:
            true
        case .created, .note, .callback, .childOpened, .warned, .escalated:
            false
        }
    }

    var isAssignment: Bool {
        switch self {
        case .assigned, .reassigned: true
        default: false
        }
    }

    /// Information a closure should have seen: a close concurrent with one of these is surfaced.
    var isInformational: Bool {
        switch self {
        case .note, .callback, .childOpened: true
        default: false
        }
    }

    var isCreated: Bool {
        if case .created = self { return true }
        return false
    }
}
