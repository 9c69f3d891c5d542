import CourtyardDomain
import Hummingbird

// MARK: - /api/v1/accounts (admin)

/// Listing, creating and changing the accounts of this node.
struct AccountRoutes {
    let auth: AuthServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("accounts", use: list)
        group.post("accounts", use: create)
        group.patch("accounts/:username", use: update)
    }

    struct AccountListJSON: Codable, Sendable {
        var accounts: [AccountJSON]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AccountListJSON> {
        guard let auth else { throw AuthErrors.disabled }
        return JSONBody(AccountListJSON(accounts: try await auth.store.accounts().map(AccountJSON.init)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<JSONBody<AccountJSON>> {
        guard let auth else { throw AuthErrors.disabled }
        let draft = try await request.decodeJSON(AccountManager.Draft.self)
        do {
            let account = try await auth.accounts.create(draft)
            return EditedResponse(status: .created, response: JSONBody(AccountJSON(account)))
        } catch {
            throw Self.apiError(error)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AccountJSON> {
        guard let auth else { throw AuthErrors.disabled }
        let raw = try context.parameters.require("username")
        guard let username = try? Username(validating: raw) else { throw APIError.notFound("account", raw) }
        let patch = try await request.decodeJSON(AccountManager.Patch.self)
        do {
            return JSONBody(AccountJSON(try await auth.accounts.update(username, patch)))
        } catch {
            throw Self.apiError(error)
        }
    }

    /// Account failures in the API's error envelope.
    static func apiError(_ error: any Error) -> any Error {
        switch error {
        case let e as AccountError:
            APIError(e.field == "role" && e.message.contains("last enabled admin") ? .conflict : .badRequest,
                     code: "invalid_input", e.message, fields: [.init(field: e.field, message: e.message)])
        case AccountStoreError.exists(let u):
            APIError(.conflict, code: "conflict", "account \(u) already exists", fields: [.init(field: "username", message: "is taken")])
        case AccountStoreError.notFound(let u):
            APIError.notFound("account", u.rawValue)
        default:
            error
        }
    }
}
