import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Hummingbird

// MARK: - /api/v1 residents, rooms, fixtures, suppliers, cases, dispatch rules

struct DirectoryRoutes {
    let directory: DirectoryService

    func register(on group: RouterGroup<AppRequestContext>) {
        let d = directory
        group.get("residents/by-phone/:phone") { _, context in
            // Path parameters arrive still percent-encoded: a client that encodes `+` sends `%2B`.
            let raw = try context.parameters.require("phone")
            return CallerLookupJSON(try await d.lookup(phone: raw.removingPercentEncoding ?? raw))
        }
        group.get("residents/:id") { _, context in JSONBody(try await d.resident(id: try context.recordID())) }
        upserts(group, "residents", ResidentInput.self) { try await d.upsert(resident: $0) }
        group.post("residents/:id/rooms") { request, context -> EditedResponse<JSONBody<ResidentDetail>> in
            let id = try context.recordID()
            let body = try await request.decodeJSON(OccupancyInput.self)
            try await d.link(Occupancy(residentID: id, roomID: body.roomID, role: body.role))
            return EditedResponse(status: .created, response: JSONBody(try await d.resident(id: id)))
        }

        group.get("rooms") { request, _ in
            let q = QueryReader(request: request)
            return JSONBody(try await d.rooms(site: try q.site(), building: try q.string("building", max: 32),
                                              limit: try q.int("limit", in: 1...500) ?? 50,
                                              offset: try q.int("offset", in: 0...1_000_000) ?? 0))
        }
        group.get("rooms/:id") { _, context in JSONBody(try await d.room(id: try context.recordID())) }
        upserts(group, "rooms", RoomInput.self) { try await d.upsert(room: $0) }

        group.get("fixtures/:id") { _, context in JSONBody(try await d.fixture(id: try context.recordID())) }
        upserts(group, "fixtures", FixtureInput.self) { try await d.upsert(fixture: $0) }

        group.get("suppliers") { request, _ in
            let q = QueryReader(request: request)
            return JSONBody(try await d.suppliers(limit: try q.int("limit", in: 1...500) ?? 50,
                                                  offset: try q.int("offset", in: 0...1_000_000) ?? 0))
        }
        group.get("suppliers/:id") { _, context in JSONBody(try await d.supplier(id: try context.recordID())) }
        upserts(group, "suppliers", SupplierInput.self) { try await d.upsert(supplier: $0) }

        group.get("cases/:id") { _, context in JSONBody(try await d.knowledgeCase(id: try context.recordID())) }
        upserts(group, "cases", CaseInput.self) { try await d.upsert(case: $0) }

        group.get("dispatch-rules") { request, _ in
            let site = try QueryReader(request: request).site() ?? d.site
            return JSONBody(try await d.dispatchRules(site: site))
        }
        group.get("dispatch-rules/:id") { _, context in JSONBody(try await d.dispatchRule(id: try context.recordID())) }
        upserts(group, "dispatch-rules", DispatchRuleInput.self) { try await d.upsert(rule: $0) }
    }

    /// `POST /<path>` (id in the body) and `PUT /<path>/{id}` (id from the path; a body id,
    /// if given, must match).
    private func upserts<Input: RecordInput>(
        _ group: RouterGroup<AppRequestContext>, _ path: String, _ type: Input.Type,
        write: @escaping @Sendable (Input.Record) async throws -> Input.Record
    ) where Input.Record: Encodable & Sendable {
        let site = directory.site
        group.post(RouterPath(path)) { request, _ -> EditedResponse<JSONBody<Input.Record>> in
            let input = try await request.decodeJSON(Input.self)
            guard let id = input.id else {
                throw APIError(.badRequest, code: "invalid_input", "missing field 'id'", fields: [.init(field: "id", message: "is required")])
            }
            return EditedResponse(status: .created, response: JSONBody(try await write(input.record(id: id, site: site))))
        }
        group.put(RouterPath("\(path)/:id")) { request, context -> JSONBody<Input.Record> in
            let id = try context.recordID()
            let input = try await request.decodeJSON(Input.self)
            if let bodyID = input.id, bodyID != id {
                throw APIError(.badRequest, code: "invalid_input", "body id '\(bodyID)' differs from path id '\(id)'",
                               fields: [.init(field: "id", message: "must match the path")])
            }
            return JSONBody(try await write(input.record(id: id, site: site)))
        }
    }
}

// MARK: - /api/v1/search, /api/v1/import

struct SearchAndImportRoutes {
    let tickets: TicketService
    let directory: DirectoryService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("search", use: search)
        group.post("import/:kind", use: importCSV)
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> SearchJSON {
        let q = QueryReader(request: request)
        guard let text = try q.string("q", max: 200) else { throw APIError.badRequest("query 'q' is required", field: "q") }
        let limit = try q.int("limit", in: 1...100) ?? 20
        return SearchJSON(query: text,
                          tickets: try await tickets.search(text, limit: limit).map(TicketJSON.init),
                          residents: try await directory.searchResidents(text, limit: limit),
                          cases: try await directory.searchCases(text, limit: limit))
    }

    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> JSONBody<ImportReport> {
        let raw = try context.parameters.require("kind")
        guard let kind = ImportKind(rawValue: raw) else {
            let allowed = ImportKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError(.notFound, code: "not_found", "unknown import kind '\(raw)'; one of: \(allowed)")
        }
        let dryRun = try QueryReader(request: request).bool("dryRun") ?? false
        let buffer = try await request.collectBounded(APILimits.csvBytesMax)
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
              text.utf8.count == buffer.readableBytes
        else { throw APIError.badRequest("CSV body must be UTF-8 text", field: "body") }
        return JSONBody(try await directory.importCSV(kind: kind, text: text, dryRun: dryRun))
    }
}
