import CourtyardCallCenter
import CourtyardCRDT
import CourtyardRuntime
import Hummingbird

// MARK: - /api/v1/ivr: the menu and notices, edited on the supervisor wall

/// The node's IVR menu and automatic notices (自动通告). A PUT is validated (the whole
/// menu or board, first problem named by `field`), stored, then applied to calls that
/// arrive from then on; a refused PUT changes nothing.
struct IVRRoutes {
    let editor: IVREditor?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("ivr/menu", use: menu)
        group.put("ivr/menu", use: putMenu)
        group.get("ivr/notices", use: notices)
        group.put("ivr/notices", use: putNotices)
    }

    func enabled() throws -> IVREditor {
        guard let editor else {
            throw APIError(.serviceUnavailable, code: "call_center_disabled", "this node runs no call center")
        }
        return editor
    }

    // MARK: Menu

    @Sendable func menu(_ request: Request, context: AppRequestContext) async throws -> JSONBody<IVRMenuConfig> {
        let editor = try enabled()
        return JSONBody(await editor.menu())
    }

    @Sendable func putMenu(_ request: Request, context: AppRequestContext) async throws -> JSONBody<IVRMenuConfig> {
        let editor = try enabled()
        let config = try await request.decodeJSON(IVRMenuConfig.self)
        do {
            return JSONBody(try await editor.setMenu(config, by: context.actor))
        } catch {
            throw APIError(error)
        }
    }

    // MARK: Notices

    @Sendable func notices(_ request: Request, context: AppRequestContext) async throws -> JSONBody<NoticeListJSON> {
        let editor = try enabled()
        return JSONBody(NoticeListJSON(notices: await editor.notices()))
    }

    @Sendable func putNotices(_ request: Request, context: AppRequestContext) async throws -> JSONBody<NoticeListJSON> {
        let editor = try enabled()
        let body = try await request.decodeJSON(NoticeListInput.self)
        guard body.notices.count <= IVRNoticeLimits.noticesMax else {
            throw APIError.badRequest("at most \(IVRNoticeLimits.noticesMax) notices", field: "notices")
        }
        let notices = try body.notices.enumerated().map { i, n in try n.notice(index: i) }
        do {
            return JSONBody(NoticeListJSON(notices: try await editor.setNotices(notices, by: context.actor)))
        } catch {
            throw APIError(error)
        }
    }
}

// MARK: - JSON

struct NoticeListJSON: Encodable, Sendable {
    var notices: [IVRNotice]
}

struct NoticeListInput: Decodable {
    var notices: [NoticeInput]
}

/// A notice as sent: `kind` checked here so a typo is named with the allowed kinds.
struct NoticeInput: Decodable {
    var id: String
    var kind: String
    var text: String
    var validFromMs: Int64
    var validUntilMs: Int64
    var buildings: [String]?

    func notice(index i: Int) throws -> IVRNotice {
        guard let kind = IVRNoticeKind(rawValue: kind) else {
            let kinds = IVRNoticeKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("notices[\(i)].kind '\(kind.prefix(40))' is not one of \(kinds)", field: "notices[\(i)].kind")
        }
        return IVRNotice(id: id, kind: kind, text: text, validFromMs: validFromMs, validUntilMs: validUntilMs,
                         buildings: buildings ?? [])
    }
}

extension APIError {
    init(_ error: IVREditError) {
        switch error.kind {
        case .invalid:
            self.init(.badRequest, code: "invalid_input", error.message, fields: [.init(field: error.field, message: error.message)])
        case .storage:
            self.init(.serviceUnavailable, code: "storage", error.message)
        }
    }
}
