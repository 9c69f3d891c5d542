import CourtyardCRDT

/// The machinery of `TicketState.fold`: walks a ticket's events in id order, applies those
/// that fit, and surfaces the rest as conflicts.
struct TicketFolder {
    let events: [TicketEvent]
    let causality: TicketCausality
    var state: TicketState
    /// Applied status changes (positions), in order: the rivals a later event may not have seen.
    private var statusChanges: [Int] = []
    /// Applied assignments (positions), in order.
    private var assignments: [Int] = []
    /// Applied notes, callbacks and child links (positions): what a closure should have seen.
    private var information: [Int] = []

    init(events: [TicketEvent], createdIndex: Int, created: TicketCreated) {
        self.events = events
        causality = TicketCausality(events)
        let e = events[createdIndex]
        let t = e.id.hlc.wallMs
        state = TicketState(
            id: e.ticketID, created: created, createdBy: e.actor, createdAtMs: t, updatedAtMs: t,
            status: .open, assignee: nil, department: nil, escalationLevel: 0, warnedLevel: 0,
            satisfaction: nil, children: [], resolvedAtMs: nil, closedAtMs: nil, suspendedMs: 0,
            suspendedSinceMs: nil,
            timeline: [TimelineStep(status: .open, department: nil, assignee: nil, sinceMs: t, eventID: e.id)],
            conflicts: [], frontier: [], eventCount: 0,
            acceptedAtMs: nil, arrivedAtMs: nil, statusBeforeSuspension: nil, suspensions: [],
            escalations: [], assignmentEventID: nil, followUpPending: false, noteCount: 0, conflictsOmitted: 0)
    }

    // MARK: Steps

    /// Folds the event at position `i` (every position but the `created` one, in order).
    mutating func step(_ i: Int) {
        let e = events[i]
        if e.body.isCreated {
            skip(i, because: "a ticket is created once; a second 'created' event")
            return
        }
        if state.duplicateMarkLevel(e.body) != nil {
            return  // idempotent by (ticket, level): another node's copy merges away
        }
        if let error = fitError(i) {
            if e.body.isAssignment, overridesConcurrentAssignment(i) {
                apply(i)
                surfaceRivals(of: i)
            } else {
                skip(i, because: error.message)
            }
            return
        }
        apply(i)
        surfaceRivals(of: i)
    }

    /// Why the event at `i` does not fit the state the fold has reached, or nil.
    private func fitError(_ i: Int) -> TicketTransitionError? {
        let body = events[i].body
        if let error = state.transitionError(body) { return error }
        // Accepting or arriving answers one assignment: the one in force must be in its past,
        // or the acceptor accepted something that has since been replaced.
        switch body {
        case .accepted, .arrived:
            if let current = state.assignmentEventID, let j = position(of: current), !causality.happenedBefore(j, i) {
                return TicketTransitionError(.invalidField(field: "assignment",
                                                           reason: "in force (\(current)) was not seen by this event"))
            }
            return nil
        default:
            return nil
        }
    }

    /// An assignment that is impossible as written (an `assigned` on an already dispatched
    /// ticket) but concurrent with the assignment that got there first: the later in id
    /// order wins, as a re-assignment would.
    private func overridesConcurrentAssignment(_ i: Int) -> Bool {
        guard case .assigned(let a) = events[i].body,
              state.transitionError(.reassigned(a)) == nil else { return false }
        return assignments.contains { causality.concurrent($0, i) }
    }

    // MARK: Conflicts

    /// After applying the event at `i`: lists the applied events it raced.
    private mutating func surfaceRivals(of i: Int) {
        let body = events[i].body
        guard body.isStatusChange else { return }
        let e = events[i]
        if body.isAssignment {
            let rivals = assignments.filter { $0 != i && causality.concurrent($0, i) }
            if !rivals.isEmpty { mergeAssignmentConflict(winner: i, rivals: rivals) }
        }
        var others = statusChanges.filter { $0 != i && causality.concurrent($0, i) }
        if body.isAssignment { others.removeAll { events[$0].body.isAssignment } }
        switch body {
        case .closed, .cancelled:
            others += information.filter { causality.concurrent($0, i) }
        default:
            break
        }
        guard !others.isEmpty else { return }
        let ids = others.sorted().map { events[$0].id }
        let names = others.sorted().map { "'\(events[$0].body.kind)'" }.joined(separator: ", ")
        record(.concurrentTransition, applied: e.id, concurrent: ids,
               detail: "'\(body.kind)' by \(e.actor) was written without seeing \(names)")
    }

    /// Concurrent assignments form one conflict whose winner is the latest applied.
    private mutating func mergeAssignmentConflict(winner i: Int, rivals: [Int]) {
        var ids = Set(rivals.map { events[$0].id })
        let kind = TicketConflictKind.concurrentAssignment.rawValue
        let earlier = state.conflicts.filter { $0.kind == kind && ids.contains($0.applied) }
        for c in earlier { ids.formUnion(c.concurrent) }
        state.conflicts.removeAll { $0.kind == kind && ids.contains($0.applied) }
        let e = events[i]
        let assignee = state.assignee ?? "-"
        record(.concurrentAssignment, applied: e.id, concurrent: ids.sorted(),
               detail: "\(ids.count + 1) concurrent assignments; \(assignee) (\(e.id)) holds the ticket")
    }

    /// Skips the event at `i`, saying whether it raced an applied change, waits for missing
    /// parents, or is simply impossible (a corrupted or buggy history).
    private mutating func skip(_ i: Int, because reason: String) {
        let e = events[i]
        let rivals = statusChanges.filter { causality.concurrent($0, i) }
        let what = "'\(e.body.kind)' by \(e.actor) skipped: \(reason)"
        if let last = rivals.last {
            record(.concurrentTransition, applied: events[last].id, concurrent: [e.id],
                   detail: "\(what); it raced '\(events[last].body.kind)' (\(events[last].id))", skipped: [e.id])
        } else {
            let basis = state.timeline.last?.eventID ?? e.id
            let kind: TicketConflictKind = causality.missingParents[i] ? .missingParents : .invalidTransition
            record(kind, applied: basis, concurrent: [e.id], detail: what, skipped: [e.id])
        }
    }

    /// Appends a conflict, within `TicketState.conflictsMax`.
    mutating func record(_ kind: TicketConflictKind, applied: EventID, concurrent: [EventID], detail: String,
                         skipped: [EventID] = []) {
        guard state.conflicts.count < TicketState.conflictsMax else {
            state.conflictsOmitted += 1
            return
        }
        state.conflicts.append(TicketConflict(
            kind, applied: applied, concurrent: Array(concurrent.prefix(TicketState.conflictIDsMax)),
            detail: detail, skipped: Array(skipped.prefix(TicketState.conflictIDsMax))))
    }

    // MARK: Finish

    /// The state with the set-wide fields filled in.
    func finish() -> TicketState {
        var s = state
        s.eventCount = events.count
        s.updatedAtMs = events.map(\.id.hlc.wallMs).max() ?? s.createdAtMs
        s.frontier = causality.maximal.map { events[$0].id }
        return s
    }

    private func position(of id: EventID) -> Int? {
        var low = 0, high = events.count
        while low < high {
            let mid = (low + high) / 2
            if events[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < events.count && events[low].id == id ? low : nil
    }

    // MARK: Bookkeeping for apply

    mutating func noteApplied(_ i: Int) {
        let body = events[i].body
        if body.isStatusChange { statusChanges.append(i) }
        if body.isAssignment { assignments.append(i) }
        if body.isInformational { information.append(i) }
    }
}
