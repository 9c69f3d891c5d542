import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Hummingbird

// MARK: - /api/v1/tickets

struct TicketRoutes {
    let tickets: TicketService
    let cluster: ClusterHandle?
    /// When set, a note's `photos` must name attachments of the ticket stored here.
    var attachments: (any AttachmentStore)? = nil

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("tickets", use: create)
        group.get("tickets", use: list)
        group.get("tickets/:id", use: get)
        group.get("tickets/:id/events", use: events)
        group.post("tickets/:id/events", use: append)
        group.get("tickets/:id/timeline", use: timeline)
        group.post("tickets/:id/children", use: openChild)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TicketJSON> {
        let consistency = try WriteConsistency.parse(request)
        let body = try await request.decodeJSON(CreateTicketRequest.self)
        let state = try await tickets.create(draft: body.draft, actor: context.actor)
        try await WriteConsistency.await(cluster, level: consistency, ticket: state.id)
        return EditedResponse(status: .created, response: TicketJSON(state))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> TicketJSON {
        TicketJSON(try await tickets.ticket(try context.ticketID()))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> TicketPageJSON {
        let q = QueryReader(request: request)
        var statuses: [TicketStatus] = []
        for raw in (try q.string("status", max: 200) ?? "").split(separator: ",") {
            guard let status = TicketStatus(rawValue: String(raw)) else {
                let allowed = TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("query 'status' must be a comma-separated list of: \(allowed)", field: "status")
            }
            statuses.append(status)
        }
        let query = TicketQuery(
            site: try q.site(), statuses: statuses,
            category: try q.enumValue("category", TicketCategory.self),
            priority: try q.enumValue("priority", TicketPriority.self),
            assignee: try q.string("assignee"), department: try q.string("department"),
            residentID: try q.string("residentID"), roomID: try q.string("roomID"),
            minEscalationLevel: try q.int("minEscalationLevel", in: 0...3),
            createdFromMs: try q.int64("createdFromMs"), createdToMs: try q.int64("createdToMs"),
            limit: try q.int("limit", in: 1...TicketQuery.limitMax) ?? 50,
            offset: try q.int("offset", in: 0...1_000_000) ?? 0)
        let page = try await tickets.list(query)
        return TicketPageJSON(tickets: page.tickets.map(TicketJSON.init), total: page.total,
                              limit: query.limit, offset: query.offset)
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> EventListJSON {
        EventListJSON(events: try await tickets.events(try context.ticketID()).map(EventJSON.init))
    }

    @Sendable func append(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<AppendedJSON> {
        let id = try context.ticketID()
        let consistency = try WriteConsistency.parse(request)
        let body = try await request.decodeJSON(EventRequest.self)
        if case .callback(let result) = body.body {
            let outcome = try await tickets.callback(ticket: id, result: result, actor: context.actor,
                                                     followUp: body.followUp)
            try await WriteConsistency.await(cluster, level: consistency, events: [outcome.event.id])
            return EditedResponse(status: .created, response: AppendedJSON(
                event: EventJSON(event: outcome.event), ticket: TicketJSON(outcome.ticket),
                child: outcome.child.map(TicketJSON.init)))
        }
        if case .note(let note) = body.body, let attachments {
            try await PhotoReferences.check(note.photos, ticket: id, store: attachments)
        }
        let (event, state) = try await tickets.append(ticket: id, body: body.body, actor: context.actor)
        try await WriteConsistency.await(cluster, level: consistency, events: [event.id])
        return EditedResponse(status: .created, response: AppendedJSON(
            event: EventJSON(event: event), ticket: TicketJSON(state), child: nil))
    }

    /// Reopens as a child: a follow-up ticket linked to this one (closed ones included).
    @Sendable func openChild(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<AppendedJSON> {
        let id = try context.ticketID()
        let consistency = try WriteConsistency.parse(request)
        let body = try await request.decodeJSON(OpenChildRequest.self)
        let outcome = try await tickets.openChild(of: id, draft: body.ticket.draft, independent: body.independent,
                                                  actor: context.actor)
        try await WriteConsistency.await(cluster, level: consistency, events: [outcome.event.id])
        return EditedResponse(status: .created, response: AppendedJSON(
            event: EventJSON(event: outcome.event), ticket: TicketJSON(outcome.ticket),
            child: outcome.child.map(TicketJSON.init)))
    }

    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> TimelineJSON {
        TimelineJSON(try await tickets.ticket(try context.ticketID()))
    }
}
