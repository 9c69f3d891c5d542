/// Why a write to a ticket was refused: an impossible transition or a bad field.
///
/// A struct with a `kind` to switch on and a `message` for humans (API responses, logs).
public struct TicketTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The event does not fit the ticket's status (accept before dispatch, …).
        case invalidTransition(from: TicketStatus, event: String)
        /// The ticket is closed: nothing but a child link may follow.
        case alreadyClosed
        /// Satisfaction outside `TicketLimits.satisfactionRange`.
        case invalidSatisfaction(Int)
        case fieldTooLong(field: String, limit: Int)
        case tooManyItems(field: String, limit: Int)
        case missingField(String)
        case invalidField(field: String, reason: String)
        /// An escalation or warning for a level that does not come next (level 3 before 2).
        case escalationLevelOutOfOrder(level: Int, recorded: Int)
        /// This level is already recorded; the write would merge away.
        case escalationAlreadyRecorded(level: Int)
        /// The callback asked for a follow-up: link the child ticket before closing.
        case followUpPending
        /// The actor may not do this (grabbing a ticket for someone else).
        case actorNotAllowed(actor: String, reason: String)
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, message: String? = nil) {
        self.kind = kind
        self.message = message ?? TicketTransitionError.defaultMessage(kind)
    }

    public var description: String { message }

    private static func defaultMessage(_ kind: Kind) -> String {
        switch kind {
        case .invalidTransition(let from, let event):
            "cannot apply '\(event)' to a ticket that is \(from.rawValue)"
        case .alreadyClosed:
            "the ticket is closed"
        case .invalidSatisfaction(let score):
            "satisfaction must be within \(TicketLimits.satisfactionRange.lowerBound)..."
                + "\(TicketLimits.satisfactionRange.upperBound), got \(score)"
        case .fieldTooLong(let field, let limit):
            "\(field) is longer than \(limit) characters"
        case .tooManyItems(let field, let limit):
            "\(field) has more than \(limit) items"
        case .missingField(let field):
            "\(field) is required"
        case .invalidField(let field, let reason):
            "\(field) \(reason)"
        case .escalationLevelOutOfOrder(let level, let recorded):
            "escalation level \(level) cannot follow level \(recorded)"
        case .escalationAlreadyRecorded(let level):
            "escalation level \(level) is already recorded"
        case .followUpPending:
            "the callback asked for a follow-up: open the child ticket before closing"
        case .actorNotAllowed(let actor, let reason):
            "\(actor) may not do this: \(reason)"
        }
    }
}
