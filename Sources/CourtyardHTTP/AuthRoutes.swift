import CourtyardDomain
import CourtyardRuntime
import Foundation
import Hummingbird
import NIOCore

// MARK: - /api/v1/auth

/// Sign-in, sign-out and "who am I". Registered on every node; a node with authentication
/// disabled answers them 404 `auth_disabled`.
struct AuthRoutes {
    let auth: AuthServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("auth/login", use: login)
        group.post("auth/logout", use: logout)
        group.get("auth/me", use: me)
    }

    struct LoginRequest: Decodable {
        var username: String
        var password: String
        /// Also return the token in the body, for API clients that send `Authorization: Bearer`.
        var bearer: Bool?
    }

    // MARK: Login

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let auth else { throw AuthErrors.disabled }
        let body = try await request.decodeJSON(LoginRequest.self)
        let now = auth.wallClock.nowMs()
        let attempted = String(decoding: body.username.utf8.prefix(64), as: UTF8.self)
        let keys: [LoginThrottle.Key] = [.username(attempted), .address(context.remoteAddress?.ipAddress ?? "unknown")]
        let record = { @Sendable (status: Int, actor: String, role: Role?) async -> Void in
            await Self.audit(auth, context: context, atMs: now, actor: actor, role: role, status: status)
        }
        if let waitMs = auth.throttle.retryAfterMs(keys, nowMs: now) {
            await record(429, Username.isValid(attempted) ? attempted : "anonymous", nil)
            return Self.throttled(retryAfterMs: waitMs)
        }
        guard let account = try await verified(body, auth: auth) else {
            auth.throttle.recordFailure(keys, nowMs: now)
            await record(401, Username.isValid(attempted) ? attempted : "anonymous", nil)
            throw AuthErrors.unauthenticated("wrong username or password, or the account is disabled")
        }
        auth.throttle.recordSuccess(username: attempted)
        let token = SessionTokens.make(auth.random)
        try await auth.store.createSession(token: token, SessionRecord(username: account.username, createdAtMs: now, lastSeenMs: now))
        _ = try? await auth.store.purgeSessions(idleBeforeMs: now - auth.lifetime.idleMs,
                                                createdBeforeMs: now - auth.lifetime.absoluteMs)
        await record(200, account.username.rawValue, account.role)
        let session = SessionJSON(account: AccountJSON(account), expiresAtMs: auth.lifetime.expiresAtMs(createdAtMs: now, nowMs: now),
                                  token: body.bearer == true ? token : nil)
        var response = try Self.json(session, status: .ok)
        response.headers[.setCookie] = SessionTokens.cookie(token, maxAgeSeconds: auth.lifetime.absoluteMs / 1000,
                                                            secure: auth.secureCookie)
        return response
    }

    /// The account when the password matches and the account is enabled. Unknown usernames
    /// cost a decoy verification, so timing does not tell which usernames exist.
    func verified(_ body: LoginRequest, auth: AuthServices) async throws -> AccountRecord? {
        guard let username = try? Username(validating: body.username), (1...PasswordRules.bytesMax).contains(body.password.utf8.count),
              let account = try await auth.store.account(username) else {
            await auth.hasher.verifyDecoy(body.password)
            return nil
        }
        guard await auth.hasher.verify(body.password, hash: account.passwordHash), !account.disabled else { return nil }
        return account
    }

    /// Sign-ins are audited here (the middleware leaves the public login route alone): the
    /// attempted username and the outcome, never the password.
    static func audit(_ auth: AuthServices, context: AppRequestContext, atMs: Int64, actor: String, role: Role?,
                      status: Int) async {
        let entry = AuditEntry(atMs: atMs, actor: actor, role: role, method: "POST", path: "/api/v1/auth/login",
                               target: nil, status: status, address: context.remoteAddress?.ipAddress)
        do { try await auth.store.appendAudit(entry) } catch {
            context.logger.error("audit log write failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Logout and me

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let auth else { throw AuthErrors.disabled }
        if let token = SessionTokens.presented(request), SessionTokens.isWellFormed(token) {
            try await auth.store.revokeSession(token: token)
        }
        var response = Response(status: .noContent)
        response.headers[.setCookie] = SessionTokens.clearingCookie(secure: auth.secureCookie)
        return response
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> JSONBody<SessionJSON> {
        guard let auth else { throw AuthErrors.disabled }
        guard let principal = context.principal, let account = try await auth.store.account(principal.username) else {
            throw AuthErrors.unauthenticated("sign in first: POST /api/v1/auth/login")
        }
        var expires: Int64?
        if let token = SessionTokens.presented(request), let found = try await auth.store.session(token: token) {
            expires = auth.lifetime.expiresAtMs(createdAtMs: found.0.createdAtMs, nowMs: auth.wallClock.nowMs())
        }
        return JSONBody(SessionJSON(account: AccountJSON(account), expiresAtMs: expires, token: nil))
    }

    // MARK: Responses

    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// 429 in the usual error envelope, with `Retry-After` in whole seconds (rounded up).
    static func throttled(retryAfterMs: Int64) -> Response {
        let seconds = max(1, (retryAfterMs + 999) / 1000)
        let text = #"{"error":{"code":"too_many_attempts","fields":[],"message":"too many failed sign-ins; try again in \#(seconds) s"}}"#
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.retryAfter] = "\(seconds)"
        return Response(status: .tooManyRequests, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// An account as the API shows it: never the password hash.
struct AccountJSON: Codable, Sendable {
    var username: String
    var displayName: String
    var role: String
    var site: String
    var disabled: Bool
    var permissions: [String]
    var createdAtMs: Int64
    var updatedAtMs: Int64

    init(_ a: AccountRecord) {
        username = a.username.rawValue
        displayName = a.displayName
        role = a.role.rawValue
        site = a.site.description
        disabled = a.disabled
        permissions = a.role.permissions.sorted().map(\.rawValue)
        createdAtMs = a.createdAtMs
        updatedAtMs = a.updatedAtMs
    }
}

/// The answer of login and `me`.
struct SessionJSON: Codable, Sendable {
    var account: AccountJSON
    var expiresAtMs: Int64?
    var token: String?
}
