import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication

// MARK: - Escalation checks

extension Checker {
    /// At most once per (ticket, level): in the fold (one record per level) and in history
    /// (a writer that had seen level L escalated never writes L again; duplicates are only
    /// allowed between writers that could not see each other). Within the bound: every level
    /// that fell due while the ticket's clock ran was escalated no later than due + bound.
    func escalationChecks(_ node: SimNode, endWallMs: Int64, endMs: Int64) -> [Violation] {
        var out: [Violation] = []
        let bound = escalationBoundMs
        for key in node.replication.store.sortedKeys {
            let events = node.replication.store.items(for: key)
            guard let state = TicketState.fold(events) else { continue }
            let levels = state.escalations.map(\.mark.level)
            if Set(levels).count != levels.count {
                out.append(Violation(checker: "escalation-once", atMs: endMs, message: "\(key) folds to levels \(levels)"))
            }
            if let dup = causalDuplicate(events) {
                out.append(Violation(checker: "escalation-once", atMs: endMs, message: "\(key): \(dup)"))
            }
            if let late = lateLevel(state, bound: bound, endWallMs: endWallMs) {
                out.append(Violation(checker: "escalation-bound", atMs: endMs, message: "\(key): \(late)"))
            }
        }
        return out
    }

    /// An escalation of a level whose writer had already seen that level escalated.
    func causalDuplicate(_ events: [TicketEvent]) -> String? {
        var byLevel: [Int: [TicketEvent]] = [:]
        for e in events { if case .escalated(let m) = e.body { byLevel[m.level, default: []].append(e) } }
        let byID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for level in byLevel.keys.sorted() {
            guard let group = byLevel[level], group.count > 1 else { continue }
            let ids = Set(group.map(\.id))
            for e in group.sorted(by: { $0.id < $1.id }) {
                var seen: Set<EventID> = []
                var stack = e.parents
                while let p = stack.popLast() {
                    guard seen.insert(p).inserted, seen.count <= 10_000 else { continue }
                    if ids.contains(p) {
                        return "level \(level) escalated again by \(e.id) after its writer saw \(p)"
                    }
                    stack += byID[p]?.parents ?? []
                }
            }
        }
        return nil
    }

    /// The first level that fell due while the ticket ran and was escalated late or never.
    func lateLevel(_ state: TicketState, bound: Int64, endWallMs: Int64) -> String? {
        let calendar = SLAPolicy.calendar(for: state.created, site: .alwaysOpen)
        let runningUntil = state.resolvedAtMs ?? state.closedAtMs ?? (state.status == .cancelled ? state.updatedAtMs : .max)
        for t in EscalationPlanner.times(state: state, policy: .standard, calendar: calendar, ladder: .standard) {
            guard let due = t.dueAtMs, due + bound <= runningUntil, due + bound <= endWallMs else { continue }
            guard let record = state.escalations.first(where: { $0.mark.level == t.level }) else {
                return "level \(t.level) fell due at \(due) and was never escalated (bound \(bound / 1_000)s)"
            }
            if record.atMs > due + bound {
                return "level \(t.level) escalated \((record.atMs - due) / 1_000)s after it fell due (bound \(bound / 1_000)s)"
            }
        }
        return nil
    }
}
