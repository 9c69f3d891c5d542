import CourtyardDomain

/// The searchable text of one ticket, in index form (`SearchText.indexForm`), one value per
/// `ticket_fts` column: title, description, progress notes, resolutions and the number.
struct TicketSearchText: Equatable {
    var title: String
    var description: String
    var notes: String
    var resolution: String
    var number: String

    /// `events` are all the ticket's events, in order: notes and resolutions live in the
    /// log, not in `TicketState`.
    init(state: TicketState, events: [TicketEvent]) {
        var notes: [String] = []
        var resolutions: [String] = []
        for event in events {
            switch event.body {
            case .note(let note): notes.append(note.text)
            case .assigned(let assignment), .reassigned(let assignment):
                if let text = assignment.note { notes.append(text) }
            case .suspended(let suspension): notes.append(suspension.reason)
            case .resolved(let resolution): resolutions.append(resolution.summary)
            case .callback(let callback): if let text = callback.comment { notes.append(text) }
            default: break
            }
        }
        title = SearchText.indexForm(state.created.title)
        description = SearchText.indexForm(state.created.description)
        self.notes = SearchText.indexForm(notes)
        resolution = SearchText.indexForm(resolutions)
        number = SearchText.indexForm(state.created.number.description)
    }
}
