// TEMPORARY STUB (branch `storage`): stands in for `TicketState.fold`, which the `tickets`
// branch is writing. Delete this file when merging that work from `main`.
extension TicketState {
    public static func fold(_ events: some Sequence<TicketEvent>) -> TicketState? {
        let sorted = events.sorted { $0.id < $1.id }
        guard let first = sorted.first(where: { if case .created = $0.body { true } else { false } }),
              case .created(let created) = first.body else { return nil }
        var state = TicketState(
            id: first.ticketID, created: created, createdBy: first.actor,
            createdAtMs: first.id.hlc.wallMs, updatedAtMs: first.id.hlc.wallMs, status: .open,
            assignee: nil, department: nil, escalationLevel: 0, warnedLevel: 0, satisfaction: nil,
            children: [], resolvedAtMs: nil, closedAtMs: nil, suspendedMs: 0, suspendedSinceMs: nil,
            timeline: [], conflicts: [], frontier: [], eventCount: sorted.count)
        for event in sorted {
            state.updatedAtMs = max(state.updatedAtMs, event.id.hlc.wallMs)
            switch event.body {
            case .assigned(let a), .reassigned(let a):
                state.assignee = a.assignee
                state.department = a.department
                state.status = .dispatched
            case .accepted: state.status = .accepted
            case .arrived: state.status = .onSite
            case .resolved: state.status = .resolved
            case .closed: state.status = .closed
            case .cancelled: state.status = .cancelled
            case .escalated(let mark): state.escalationLevel = max(state.escalationLevel, mark.level)
            default: break
            }
        }
        state.frontier = sorted.last.map { [$0.id] } ?? []
        return state
    }
}
