import CourtyardDomain
import Hummingbird

/// The policy for WebSocket upgrades (the agent console's `/api/v1/agents/{agentId}/events`):
/// the same sessions and table as `AuthMiddleware`. A refused upgrade is not upgraded; the
/// request then reaches the HTTP router, whose `AuthMiddleware` answers it 401 or 403.
/// Conditions that need stored data are not available here, so such grants are refused.
/// `/cti/v1` is public in the table: the gateway proves itself with its own token.
public struct AuthWebSocketMiddleware<Context: RequestContext>: RouterMiddleware {
    let auth: AuthServices

    public init(auth: AuthServices) {
        self.auth = auth
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        if case .public? = auth.policy.rule(method: method, path: path)?.rule.access {
            return try await next(request, context)
        }
        let principal = try await auth.authenticate(request)
        let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
        switch auth.policy.decide(method: method, path: path, query: query, principal: principal) {
        case .unauthenticated:
            throw AuthErrors.unauthenticated("sign in first: POST /api/v1/auth/login")
        case .forbidden(let reason):
            throw AuthErrors.forbidden(reason)
        case .allow(let grant):
            guard grant.obligations.isEmpty else { throw AuthErrors.forbidden("not available over a WebSocket") }
            return try await next(request, context)
        }
    }
}
