import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime

// MARK: - JSON request bodies of the ticket routes

/// `POST /api/v1/tickets`: the intake form. Optional fields default as documented.
struct CreateTicketRequest: Decodable {
    var category: TicketCategory
    var priority: TicketPriority?
    var channel: IntakeChannel?
    var title: String
    var description: String?
    var consultationTopic: ConsultationTopic?
    var warranty: WarrantyStatus?
    var residentID: String?
    var roomID: String?
    var buildingID: String?
    var callerPhone: String?
    var callID: String?
    var recordingID: String?

    var draft: TicketDraft {
        var d = TicketDraft(category: category, priority: priority ?? .ordinary, channel: channel ?? .phone,
                            title: title, description: description ?? "", residentID: residentID,
                            roomID: roomID, buildingID: buildingID, callerPhone: callerPhone)
        d.consultationTopic = consultationTopic
        d.warranty = warranty
        d.callID = callID
        d.recordingID = recordingID
        return d
    }
}

/// `POST /api/v1/tickets/{id}/events`: one flat object, `type` plus that type's fields
/// (documented per type in docs/openapi.yaml). System events (`created`, `warned`,
/// `escalated`, `childOpened`) are not accepted here.
struct EventRequest: Decodable {
    /// What to append; `followUp` is the optional draft of a callback's child ticket.
    var body: TicketEventBody
    var followUp: TicketDraft?

    static let clientTypes = ["assigned", "reassigned", "accepted", "arrived", "note", "suspended", "resumed",
                              "resolved", "callback", "closed", "cancelled"]

    private enum Keys: String, CodingKey {
        case type, assignee, department, mode, note, text, photos, materials, reason, summary
        case satisfaction, comment, needsFollowUp, followUp, residentConfirmed, apology, remedy
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "assigned", "reassigned":
            let a = Assignment(assignee: try c.decode(String.self, forKey: .assignee),
                               department: try c.decode(String.self, forKey: .department),
                               mode: try c.decodeIfPresent(DispatchMode.self, forKey: .mode) ?? .assign,
                               note: try c.decodeIfPresent(String.self, forKey: .note))
            body = type == "assigned" ? .assigned(a) : .reassigned(a)
        case "accepted": body = .accepted
        case "arrived": body = .arrived
        case "resumed": body = .resumed
        case "note":
            body = .note(ProgressNote(text: try c.decode(String.self, forKey: .text),
                                      photos: try c.decodeIfPresent([String].self, forKey: .photos) ?? [],
                                      materials: try c.decodeIfPresent([MaterialJSON].self, forKey: .materials)?
                                          .map(\.material) ?? []))
        case "suspended": body = .suspended(Suspension(reason: try c.decode(String.self, forKey: .reason)))
        case "resolved": body = .resolved(Resolution(summary: try c.decode(String.self, forKey: .summary)))
        case "callback":
            body = .callback(CallbackResult(satisfaction: try Self.satisfaction(c),
                                            comment: try c.decodeIfPresent(String.self, forKey: .comment),
                                            needsFollowUp: try c.decodeIfPresent(Bool.self, forKey: .needsFollowUp) ?? false))
        case "closed":
            body = .closed(Closure(residentConfirmed: try c.decode(Bool.self, forKey: .residentConfirmed),
                                   apology: try c.decodeIfPresent(String.self, forKey: .apology),
                                   reason: try c.decodeIfPresent(String.self, forKey: .reason),
                                   remedy: try c.decodeIfPresent(String.self, forKey: .remedy)))
        case "cancelled": body = .cancelled(Cancellation(reason: try c.decode(String.self, forKey: .reason)))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown or system event type '\(type)'; one of: \(Self.clientTypes.joined(separator: ", "))")
        }
        followUp = try c.decodeIfPresent(CreateTicketRequest.self, forKey: .followUp)?.draft
    }

    /// `satisfaction`: an integer 1–5, or the string `"notSolved"`.
    private static func satisfaction(_ c: KeyedDecodingContainer<Keys>) throws -> Satisfaction {
        if let score = try? c.decode(Int.self, forKey: .satisfaction) {
            guard (1...5).contains(score) else {
                throw DecodingError.dataCorruptedError(forKey: .satisfaction, in: c,
                                                       debugDescription: "must be 1–5 or \"notSolved\"")
            }
            return .score(score)
        }
        let text = try c.decode(String.self, forKey: .satisfaction)
        guard text == "notSolved" else {
            throw DecodingError.dataCorruptedError(forKey: .satisfaction, in: c,
                                                   debugDescription: "must be 1–5 or \"notSolved\"")
        }
        return .notSolved
    }
}

/// A material in a note: `{"name": "水龙头", "quantity": 1, "unit": "个", "costCents": 8900}`.
struct MaterialJSON: Codable {
    var name: String
    var quantity: Double
    var unit: String
    var costCents: Int?

    var material: Material { Material(name: name, quantity: quantity, unit: unit, costCents: costCents) }
    init(_ m: Material) {
        name = m.name
        quantity = m.quantity
        unit = m.unit
        costCents = m.costCents
    }
}

/// `POST /api/v1/tickets/{id}/children`: the intake form of the follow-up, plus whether it is
/// an independent problem that only references the parent (default: a continuation).
struct OpenChildRequest: Decodable {
    var ticket: CreateTicketRequest
    var independent: Bool

    private enum Keys: String, CodingKey { case independent }

    init(from decoder: any Decoder) throws {
        ticket = try CreateTicketRequest(from: decoder)
        independent = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Bool.self, forKey: .independent) ?? false
    }
}
