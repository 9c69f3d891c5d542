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
                guard let rule = DispatchRules.match(rules, building: state.created.buildingID,
                                                     category: state.created.category),
                      let assignee = pickAssignee(rule)
                else { return }
                let assignment = Assignment(assignee: assignee, department: rule.department, mode: rule.mode,
                                            note: "rule \(rule.id)")
                _ = try await appendLocked(ticket: id, body: .assigned(assignment), actor: "system")
            }
        } catch {
            logger.error("auto-dispatch failed", metadata: ["ticket": "\(id)", "error": "\(error)"])
        }
    }

    /// Who a rule hands the ticket to; nil for `grab` or an empty pool. The round-robin
    /// turn is kept per rule in memory (a restart begins the pool again from the top).
    func pickAssignee(_ rule: DispatchRule) -> String? {
        guard !rule.assignees.isEmpty else { return nil }
        switch rule.mode {
        case .grab:
            return nil
        case .assign:
            return rule.assignees[0]
        case .roundRobin:
            let turn = roundRobinTurns[rule.id, default: 0]
            roundRobinTurns[rule.id] = turn + 1
            return rule.assignees[turn % rule.assignees.count]
        }
    }
}
