import CourtyardCRDT

// MARK: - Applying one event

extension TicketFolder {
    /// Applies the event at `i`, which fits the state (checked by the caller).
    mutating func apply(_ i: Int) {
        let e = events[i]
        let t = e.id.hlc.wallMs
        switch e.body {
        case .created:
            break  // only the first, applied by init
        case .assigned(let a), .reassigned(let a):
            state.assignee = a.assignee
            state.department = a.department
            state.assignmentEventID = e.id
            move(to: .dispatched, at: e)
        case .accepted:
            if state.acceptedAtMs == nil { state.acceptedAtMs = t }
            move(to: .accepted, at: e)
        case .arrived:
            if state.arrivedAtMs == nil { state.arrivedAtMs = t }
            move(to: .onSite, at: e)
        case .note:
            state.noteCount += 1
        case .suspended(let s):
            state.statusBeforeSuspension = state.status
            state.suspendedSinceMs = t
            state.suspensions.append(SuspensionSpan(startMs: t, endMs: nil, reason: s.reason))
            move(to: .suspended, at: e)
        case .resumed:
            let back = state.statusBeforeSuspension ?? .accepted
            endSuspension(at: t)
            move(to: back, at: e)
        case .resolved:
            state.resolvedAtMs = t
            move(to: .resolved, at: e)
        case .callback(let c):
            state.satisfaction = c.satisfaction
            if c.needsFollowUp || c.satisfaction == .notSolved { state.followUpPending = true }
        case .childOpened(let link):
            if !state.children.contains(where: { $0.childID == link.childID }) { state.children.append(link) }
            state.followUpPending = false
        case .warned(let m):
            state.warnedLevel = max(state.warnedLevel, m.level)
        case .escalated(let m):
            state.escalationLevel = max(state.escalationLevel, m.level)
            state.escalations.append(EscalationRecord(mark: m, eventID: e.id, atMs: t))
        case .closed:
            state.closedAtMs = t
            move(to: .closed, at: e)
        case .cancelled:
            endSuspension(at: t)
            move(to: .cancelled, at: e)
        }
        noteApplied(i)
    }

    private mutating func move(to status: TicketStatus, at e: TicketEvent) {
        state.status = status
        state.timeline.append(TimelineStep(status: status, department: state.department, assignee: state.assignee,
                                           sinceMs: e.id.hlc.wallMs, eventID: e.id))
    }

    /// Closes the open suspension span, if any, and adds it to the paused total.
    private mutating func endSuspension(at t: Int64) {
        guard let since = state.suspendedSinceMs else { return }
        state.suspendedMs += max(0, t - since)
        state.suspendedSinceMs = nil
        state.statusBeforeSuspension = nil
        if let last = state.suspensions.indices.last, state.suspensions[last].endMs == nil {
            state.suspensions[last].endMs = max(t, state.suspensions[last].startMs)
        }
    }
}
