import CourtyardCRDT

// MARK: - Fold

extension TicketState {
    /// Most conflicts listed on one ticket; more are counted in `conflictsOmitted`.
    public static let conflictsMax = 64
    /// Most event ids listed in one conflict.
    public static let conflictIDsMax = 32
    /// The most events one ticket should hold. Intake (replication, storage) enforces it; the
    /// fold's cost grows with the square of the event count over 64.
    public static let eventsPerTicketMax = 5_000

    /// The state of a ticket from its events, or nil when there is no `created` event.
    ///
    /// A ticket is a grow-only set of events and union is its merge, so the result depends on
    /// the set only: events are deduplicated by id and applied in `EventID` order, whatever
    /// the delivery order and however many duplicates. Concurrent conflicting events (neither
    /// in the other's causal past, by `parents`) are surfaced in `conflicts`, never hidden;
    /// events that do not fit are skipped and surfaced too. The fold never traps.
    public static func fold(_ events: some Sequence<TicketEvent>) -> TicketState? {
        let (unique, collisions) = canonical(events)
        guard let createdIndex = unique.firstIndex(where: { $0.body.isCreated }),
              case .created(let created) = unique[createdIndex].body
        else { return nil }
        let ticketID = unique[createdIndex].ticketID
        let own = unique.filter { $0.ticketID == ticketID }
        let foreign = unique.filter { $0.ticketID != ticketID }
        guard let start = own.firstIndex(where: { $0.id == unique[createdIndex].id }) else { return nil }

        var folder = TicketFolder(events: own, createdIndex: start, created: created)
        for id in collisions {
            folder.record(.duplicateEventID, applied: id, concurrent: [],
                          detail: "several different events carry the id \(id); one was kept")
        }
        for e in foreign {
            folder.record(.foreignTicket, applied: e.id, concurrent: [e.id],
                          detail: "event \(e.id) belongs to ticket \(e.ticketID), not \(ticketID)", skipped: [e.id])
        }
        for i in own.indices where i != start {
            folder.step(i)
        }
        return folder.finish()
    }

    /// Sorted by id, one event per id. When different events share an id (a broken writer),
    /// the least by a canonical rendering is kept, so the choice does not depend on order.
    private static func canonical(_ events: some Sequence<TicketEvent>) -> (events: [TicketEvent], collisions: [EventID]) {
        let sorted = events.sorted { $0.id < $1.id }
        var unique: [TicketEvent] = []
        unique.reserveCapacity(sorted.count)
        var collisions: [EventID] = []
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count && sorted[j].id == sorted[i].id { j += 1 }
            let group = sorted[i..<j]
            if group.allSatisfy({ $0 == sorted[i] }) {
                unique.append(sorted[i])
            } else {
                let kept = group.min { String(reflecting: $0) < String(reflecting: $1) } ?? sorted[i]
                unique.append(kept)
                collisions.append(sorted[i].id)
            }
            i = j
        }
        return (unique, collisions)
    }
}
