import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Hummingbird

// MARK: - JSON responses of the ticket routes (flat, stable, documented in openapi.yaml)

/// An event id on the wire: `"<wallMs>.<logical>@<origin>"`.
func eventIDString(_ id: EventID) -> String { "\(id.hlc.wallMs).\(id.hlc.logical)@\(id.origin.rawValue)" }

/// `Satisfaction` on the wire: an integer 1–5 or `"notSolved"`.
enum SatisfactionJSON: Encodable {
    case score(Int), notSolved
    init(_ s: Satisfaction) {
        switch s {
        case .score(let n): self = .score(n)
        case .notSolved: self = .notSolved
        }
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .score(let n): try c.encode(n)
        case .notSolved: try c.encode("notSolved")
        }
    }
}

struct TicketJSON: ResponseEncodable {
    struct Child: Encodable { var id: String; var independent: Bool }

    var id: String
    var number: String
    var site: String
    var category: TicketCategory
    var consultationTopic: ConsultationTopic?
    var warranty: WarrantyStatus?
    var priority: TicketPriority
    var channel: IntakeChannel
    var title: String
    var description: String
    var residentID: String?
    var roomID: String?
    var buildingID: String?
    var callerPhone: String?
    var parentTicketID: String?
    var callID: String?
    var recordingID: String?
    var status: TicketStatus
    var assignee: String?
    var department: String?
    var escalationLevel: Int
    var warnedLevel: Int
    var satisfaction: SatisfactionJSON?
    var children: [Child]
    var createdBy: String
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var resolvedAtMs: Int64?
    var closedAtMs: Int64?
    var suspendedMs: Int64
    var conflictCount: Int
    var eventCount: Int

    init(_ s: TicketState) {
        let c = s.created
        id = s.id.rawValue
        number = c.number.description
        site = c.site.rawValue
        category = c.category
        consultationTopic = c.consultationTopic
        warranty = c.warranty
        priority = c.priority
        channel = c.channel
        title = c.title
        description = c.description
        residentID = c.residentID
        roomID = c.roomID
        buildingID = c.buildingID
        callerPhone = c.callerPhone
        parentTicketID = c.parentTicketID?.rawValue
        callID = c.callID
        recordingID = c.recordingID
        status = s.status
        assignee = s.assignee
        department = s.department
        escalationLevel = s.escalationLevel
        warnedLevel = s.warnedLevel
        satisfaction = s.satisfaction.map(SatisfactionJSON.init)
        children = s.children.map { Child(id: $0.childID.rawValue, independent: $0.independent) }
        createdBy = s.createdBy
        createdAtMs = s.createdAtMs
        updatedAtMs = s.updatedAtMs
        resolvedAtMs = s.resolvedAtMs
        closedAtMs = s.closedAtMs
        suspendedMs = s.suspendedMs
        conflictCount = s.conflicts.count
        eventCount = s.eventCount
    }
}

struct TicketPageJSON: ResponseEncodable {
    var tickets: [TicketJSON]
    var total: Int
    var limit: Int
    var offset: Int
}

/// One stored event: common fields plus the flat fields of its type (the same names the
/// `POST /tickets/{id}/events` body uses).
struct EventJSON: ResponseEncodable {
    var event: TicketEvent

    private enum Keys: String, CodingKey {
        case id, ticketID, actor, atMs, parents, type
        case assignee, department, mode, note, text, photos, materials, reason, summary
        case satisfaction, comment, needsFollowUp, residentConfirmed, apology, remedy
        case childID, independent, level, deadline, dueAtMs, notify, number
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(eventIDString(event.id), forKey: .id)
        try c.encode(event.ticketID.rawValue, forKey: .ticketID)
        try c.encode(event.actor, forKey: .actor)
        try c.encode(event.id.hlc.wallMs, forKey: .atMs)
        try c.encode(event.parents.map(eventIDString), forKey: .parents)
        try c.encode(event.body.kind, forKey: .type)
        switch event.body {
        case .created(let created): try c.encode(created.number.description, forKey: .number)
        case .assigned(let a), .reassigned(let a):
            try c.encode(a.assignee, forKey: .assignee)
            try c.encode(a.department, forKey: .department)
            try c.encode(a.mode, forKey: .mode)
            try c.encodeIfPresent(a.note, forKey: .note)
        case .note(let n):
            try c.encode(n.text, forKey: .text)
            try c.encode(n.photos, forKey: .photos)
            try c.encode(n.materials.map(MaterialJSON.init), forKey: .materials)
        case .suspended(let s): try c.encode(s.reason, forKey: .reason)
        case .resolved(let r): try c.encode(r.summary, forKey: .summary)
        case .callback(let r):
            try c.encode(SatisfactionJSON(r.satisfaction), forKey: .satisfaction)
            try c.encodeIfPresent(r.comment, forKey: .comment)
            try c.encode(r.needsFollowUp, forKey: .needsFollowUp)
        case .childOpened(let l):
            try c.encode(l.childID.rawValue, forKey: .childID)
            try c.encode(l.independent, forKey: .independent)
        case .warned(let m), .escalated(let m):
            try c.encode(m.level, forKey: .level)
            try c.encode(m.deadline, forKey: .deadline)
            try c.encode(m.dueAtMs, forKey: .dueAtMs)
            try c.encode(m.notify, forKey: .notify)
        case .closed(let cl):
            try c.encode(cl.residentConfirmed, forKey: .residentConfirmed)
            try c.encodeIfPresent(cl.apology, forKey: .apology)
            try c.encodeIfPresent(cl.reason, forKey: .reason)
            try c.encodeIfPresent(cl.remedy, forKey: .remedy)
        case .cancelled(let x): try c.encode(x.reason, forKey: .reason)
        case .accepted, .arrived, .resumed: break
        }
    }
}

struct EventListJSON: ResponseEncodable {
    var events: [EventJSON]
}

/// The answer to an appended event: the event, the ticket after it, and a child ticket
/// when a callback opened one.
struct AppendedJSON: ResponseEncodable {
    var event: EventJSON
    var ticket: TicketJSON
    var child: TicketJSON?
}

/// "Which step, which department, since when" (like parcel tracking).
struct TimelineJSON: ResponseEncodable {
    struct Step: Encodable {
        var status: TicketStatus
        var department: String?
        var assignee: String?
        var sinceMs: Int64
        var eventID: String
    }
    var ticketID: String
    var number: String
    var status: TicketStatus
    var department: String?
    var assignee: String?
    var sinceMs: Int64
    var steps: [Step]

    init(_ s: TicketState) {
        ticketID = s.id.rawValue
        number = s.created.number.description
        status = s.status
        department = s.department
        assignee = s.assignee
        steps = s.timeline.map { Step(status: $0.status, department: $0.department, assignee: $0.assignee,
                                      sinceMs: $0.sinceMs, eventID: eventIDString($0.eventID)) }
        sinceMs = s.timeline.last?.sinceMs ?? s.createdAtMs
    }
}
