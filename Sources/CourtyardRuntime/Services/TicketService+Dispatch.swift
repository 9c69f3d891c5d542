import CourtyardCRDT
import CourtyardDomain

// MARK: - Automatic dispatch (派工) by the site's rules

extension TicketService {
    /// Appends an `assigned` event when a dispatch rule matches the new ticket: `assign`
    /// picks the rule's person, `roundRobin` the next one of its pool in turn; `grab` leaves
    /// the ticket open for the pool to take. A failure here is logged, not thrown: the
    /// ticket exists and stays open for a dispatcher.
    func autoDispatch(_ id: TicketID, actor: String) async {
        do {
            try await withTicketLock(id) { () async throws(ServiceError) in
                let state = try await foldedState(id)
                guard state.status == .open else { return }
                let site = self.site
                let rules = try await withStore("loading dispatch rules") { try await directory.dispatchRules(site: site) }
                guard let (rule, assignee) = decide(rules, state.created) else { return }
                let assignment = Assignment(assignee: assignee, department: rule.department, mode: rule.mode,
                                            note: "rule \(rule.id)")
                _ = try await appendLocked(ticket: id, body: .assigned(assignment), actor: "system")
            }
        } catch {
            logger.error("auto-dispatch failed", metadata: ["ticket": "\(id)", "error": "\(error)"])
        }
    }

    /// The rule and person for a new ticket, nil for `grab` (the pool claims it) or no rule.
    /// Advances the rule's round-robin cursor.
    func decide(_ rules: [DispatchRule], _ created: TicketCreated) -> (DispatchRule, String)? {
        let table = DispatchRules(rules: rules)
        let cursor = table.rule(site: site, building: created.buildingID, category: created.category)
            .map { roundRobinCursors[$0.id, default: 0] } ?? 0
        switch table.decide(site: site, building: created.buildingID, category: created.category, cursor: cursor) {
        case .assign(let rule, let assignee):
            return (rule, assignee)
        case .roundRobin(let rule, let assignee, let next):
            roundRobinCursors[rule.id] = next
            return (rule, assignee)
        case .grab, .noRule:
            return nil
        }
    }
}
