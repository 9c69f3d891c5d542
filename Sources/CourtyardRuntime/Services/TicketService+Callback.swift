import CourtyardCRDT
import CourtyardDomain

// MARK: - Callback (回访) and child tickets (后继子工单)

/// The outcome of a callback: the ticket after it, and the follow-up ticket when one opened.
public struct CallbackOutcome: Sendable, Hashable {
    public var ticket: TicketState
    public var event: TicketEvent
    public var child: TicketState?

    public init(ticket: TicketState, event: TicketEvent, child: TicketState?) {
        self.ticket = ticket
        self.event = event
        self.child = child
    }
}

extension TicketService {
    /// Records the resident's verdict. When the problem is not solved (or the result asks
    /// for a follow-up) a child ticket opens — from `followUp` when given, otherwise a copy
    /// of the parent's classification — and the parent gets a `childOpened` link.
    public func callback(ticket id: TicketID, result: CallbackResult, actor: String,
                         followUp: TicketDraft? = nil) async throws(ServiceError) -> CallbackOutcome {
        let (event, state) = try await append(ticket: id, body: .callback(result), actor: actor)
        let wantsChild = result.needsFollowUp || result.satisfaction == .notSolved
        guard wantsChild else { return CallbackOutcome(ticket: state, event: event, child: nil) }
        var draft = followUp ?? Self.followUpDraft(of: state, comment: result.comment)
        draft.parentTicketID = id
        let child = try await create(draft: draft, actor: actor)
        let linked = try await append(ticket: id, body: .childOpened(ChildLink(childID: child.id)), actor: actor)
        return CallbackOutcome(ticket: linked.state, event: event, child: child)
    }

    /// A follow-up that continues the parent: same classification, resident and room.
    static func followUpDraft(of parent: TicketState, comment: String?) -> TicketDraft {
        let c = parent.created
        var description = "Follow-up of \(c.number): \(c.title)"
        if let comment, !comment.isEmpty { description += "\n\(comment)" }
        var draft = TicketDraft(category: c.category, priority: c.priority, channel: c.channel,
                                title: String(("跟进: " + c.title).prefix(200)), description: description,
                                residentID: c.residentID, roomID: c.roomID, buildingID: c.buildingID,
                                callerPhone: c.callerPhone, parentTicketID: parent.id)
        draft.consultationTopic = c.consultationTopic
        draft.warranty = c.warranty
        return draft
    }
}

// MARK: - Reopening as a child (后继子工单 on a closed ticket)

extension TicketService {
    /// Opens a child of `parent` from `draft` (the resident calls again: the problem came back
    /// or a new one appeared) and links it with `childOpened`. Works on any parent that is not
    /// cancelled, closed ones included; `independent` marks a new problem that only references
    /// the parent. The parent is checked before anything is written.
    public func openChild(of parent: TicketID, draft: TicketDraft, independent: Bool, actor: String)
        async throws(ServiceError) -> CallbackOutcome {
        let state = try await ticket(parent)
        guard state.status != .cancelled else {
            throw ServiceError(.invalidTransition, "ticket \(state.created.number) is cancelled: open an independent ticket instead")
        }
        var draft = draft
        draft.parentTicketID = parent
        let child = try await create(draft: draft, actor: actor)
        let linked = try await append(ticket: parent, body: .childOpened(ChildLink(childID: child.id, independent: independent)),
                                      actor: actor)
        return CallbackOutcome(ticket: linked.state, event: linked.event, child: child)
    }
}
