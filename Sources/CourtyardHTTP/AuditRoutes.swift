import CourtyardDomain
import Hummingbird

// MARK: - /api/v1/audit (admin, HQ analyst)

/// The audit log: who changed what, when, and how it ended.
struct AuditRoutes {
    let auth: AuthServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("audit", use: list)
    }

    struct AuditEntryJSON: Codable, Sendable {
        var atMs: Int64
        var actor: String
        var role: String?
        var method: String
        var path: String
        var target: String?
        var status: Int
        var address: String?
    }

    struct AuditPageJSON: Codable, Sendable {
        var entries: [AuditEntryJSON]
        var limit: Int
    }

    /// `from` (inclusive) and `to` (exclusive) in epoch ms, `actor`, `limit` (1–1000, default 200).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AuditPageJSON> {
        guard let auth else { throw AuthErrors.disabled }
        let q = QueryReader(request: request)
        let query = AuditQuery(fromMs: try q.int64("from"), toMs: try q.int64("to"), actor: try q.string("actor", max: 64),
                               limit: try q.int("limit", in: 1...AuditQuery.limitMax) ?? 200)
        if let from = query.fromMs, let to = query.toMs, from >= to {
            throw APIError.badRequest("query 'from' must be before 'to'", field: "from")
        }
        let entries = try await auth.store.audit(query).map { e in
            AuditEntryJSON(atMs: e.atMs, actor: e.actor, role: e.role?.rawValue, method: e.method, path: e.path,
                           target: e.target, status: e.status, address: e.address)
        }
        return JSONBody(AuditPageJSON(entries: entries, limit: query.limit))
    }
}
