import CourtyardCallCenter
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Hummingbird
import NIOCore

/// Authentication, authorization and the audit log of every request:
///
/// 1. a route the policy marks public passes as it is;
/// 2. otherwise the session (bearer token or cookie) is checked: malformed, unknown, revoked,
///    expired, or of a disabled account → 401;
/// 3. the policy table decides: no session → 401, a role or site that may not → 403, a route
///    with no rule → 403 (deny by default); conditions on stored data are checked here too;
/// 4. the handler runs with `context.principal` set and `context.actor` overridden by the
///    signed-in username (so ticket events record the real person, whatever header was sent);
/// 5. a state-changing request (not GET/HEAD) is written to the audit log with its outcome.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let auth: AuthServices
    let tickets: TicketService
    let recordings: (any RecordingStore)?

    /// Path parameters that name what a request acts on, in order of preference.
    static let targetParameters = ["id", "username", "callId", "agent", "kind", "site", "phone"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        let matched = auth.policy.rule(method: method, path: path)
        if case .public? = matched?.rule.access { return try await next(request, context) }

        var request = request
        var context = context
        let audited = method != "GET" && method != "HEAD"
        let target = Self.targetParameters.lazy.compactMap { matched?.parameters[$0] }.first
        do {
            let principal = try await authenticate(request)
            context.principal = principal
            if let principal { context.actor = principal.username.rawValue }
            try await authorize(&request, principal: principal, method: method, path: path)
            let response = try await next(request, context)
            if audited { await audit(context, method: method, path: path, target: target, status: response.status.code) }
            return response
        } catch {
            if audited { await audit(context, method: method, path: path, target: target, status: Self.status(of: error)) }
            throw error
        }
    }

    // MARK: Authentication

    func authenticate(_ request: Request) async throws -> Principal? {
        try await auth.authenticate(request)
    }

    // MARK: Authorization

    func authorize(_ request: inout Request, principal: Principal?, method: String, path: String) async throws {
        let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
        switch auth.policy.decide(method: method, path: path, query: query, principal: principal) {
        case .unauthenticated:
            throw AuthErrors.unauthenticated("sign in first: POST /api/v1/auth/login")
        case .forbidden(let reason):
            throw AuthErrors.forbidden(reason)
        case .allow(let grant):
            guard let principal else { return }
            for obligation in grant.obligations {
                try await discharge(obligation, principal: principal, request: &request)
            }
        }
    }

    /// Checks a condition that needs stored data. A ticket or recording that does not exist
    /// is answered like one that is not the user's: 403, so ids cannot be probed.
    func discharge(_ obligation: AccessObligation, principal: Principal, request: inout Request) async throws {
        let me = principal.username.rawValue
        switch obligation {
        case .ticketAssignedToSelf(let raw):
            guard let id = TicketID(validating: raw), let state = try? await tickets.ticket(id), state.assignee == me else {
                throw AuthErrors.forbidden("ticket \(raw.prefix(80)) is not assigned to \(me)")
            }
        case .recordingOfSelf(let raw):
            guard let call = try? CallID(validating: raw), let recordings,
                  let metadata = try? await recordings.recording(call), metadata.agent?.rawValue == me else {
                throw AuthErrors.forbidden("the recording of call \(raw.prefix(80)) is not one of \(me)'s calls")
            }
        case .eventTypeIn(let types):
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: APILimits.jsonBytesMax) } catch is NIOTooManyBytesError {
                throw APIError.tooLarge(APILimits.jsonBytesMax)
            }
            guard let typed = try? JSONDecoder().decode(TypedBody.self, from: Data(buffer: buffer)) else {
                throw APIError.badRequest("request body must be a JSON object with a 'type'", field: "type")
            }
            guard types.contains(typed.type) else {
                throw AuthErrors.forbidden("role \(principal.role) may only post events of type \(types.joined(separator: ", "))")
            }
        }
    }

    struct TypedBody: Decodable {
        var type: String
    }

    // MARK: Audit

    func audit(_ context: Context, method: String, path: String, target: String?, status: Int) async {
        let entry = AuditEntry(atMs: auth.wallClock.nowMs(), actor: context.principal?.username.rawValue ?? "anonymous",
                               role: context.principal?.role, method: method, path: path, target: target,
                               status: status, address: context.remoteAddress?.ipAddress)
        do {
            try await auth.store.appendAudit(entry)
        } catch {
            context.logger.error("audit log write failed", metadata: ["error": "\(error)", "path": "\(path)"])
        }
    }

    static func status(of error: any Error) -> Int {
        switch error {
        case let e as APIError: Int(e.status.code)
        case let e as ServiceError: Int(APIError(e).status.code)
        case let e as any HTTPResponseError: Int(e.status.code)
        default: 500
        }
    }
}

extension AuthServices {
    /// The signed-in principal, nil when no token was presented; throws 401 for a bad one.
    public func authenticate(_ request: Request) async throws -> Principal? {
        guard let token = SessionTokens.presented(request) else { return nil }
        guard SessionTokens.isWellFormed(token) else { throw AuthErrors.unauthenticated("malformed session token") }
        guard let found = try await store.session(token: token) else {
            throw AuthErrors.unauthenticated("unknown, revoked or expired session; sign in again")
        }
        let (session, account) = found
        if account.disabled {
            try await store.revokeSession(token: token)
            throw AuthErrors.unauthenticated("account \(account.username) is disabled")
        }
        let now = wallClock.nowMs()
        switch lifetime.check(createdAtMs: session.createdAtMs, lastSeenMs: session.lastSeenMs, nowMs: now) {
        case .idleExpired, .absoluteExpired:
            try await store.revokeSession(token: token)
            throw AuthErrors.unauthenticated("session expired; sign in again")
        case .valid(let touch):
            if touch { try await store.touchSession(token: token, lastSeenMs: now) }
        }
        return account.principal
    }
}

/// The 401 and 403 answers.
enum AuthErrors {
    static func unauthenticated(_ message: String) -> APIError {
        APIError(.unauthorized, code: "unauthenticated", message)
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message)
    }

    /// Routes of a node that runs without authentication.
    static let disabled = APIError(.notFound, code: "auth_disabled", "authentication is disabled on this node")
}
