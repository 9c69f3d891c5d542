import CourtyardCallCenter
import CourtyardCRDT
import CourtyardRuntime
import Foundation
import Hummingbird

// MARK: - /api/v1/agents: the agent console channel

/// Login, logout and state changes with reasons, the cluster-wide agent list (from
/// presence), call answer/decline/hang-up/wrap-up-done, missed calls and screen pops.
/// Live events (offers with the screen pop) come over `GET /api/v1/agents/{id}/events`.
struct AgentRoutes {
    let center: CallCenter?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("agents", use: list)
        group.get("agents/:agentId", use: get)
        group.post("agents/:agentId/login", use: login)
        group.post("agents/:agentId/logout", use: logout)
        group.post("agents/:agentId/state", use: state)
        group.post("agents/:agentId/calls/:callId/:action", use: callAction)
        group.post("agents/:agentId/wrapup-done", use: wrapUpDone)
        group.get("missed-calls", use: missed)
        group.post("missed-calls/:callId/callback", use: calledBack)
        group.get("screen-pop", use: screenPop)
    }

    private func enabled() throws -> CallCenter {
        guard let center else {
            throw APIError(.serviceUnavailable, code: "call_center_disabled", "this node runs no call center")
        }
        return center
    }

    // MARK: Handlers

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AgentList> {
        JSONBody(AgentList(agents: try await enabled().agents()))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AgentView> {
        let center = try enabled()
        let id = try context.agentID()
        return JSONBody(try await run { () async throws(CallCenterError) in try await center.view(id) })
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AgentView> {
        let center = try enabled()
        let id = try context.agentID()
        let body = try await request.decodeJSON(AgentLoginInput.self)
        let skills = try body.skills?.map { s throws(APIError) in
            guard let skill = try? SkillID(validating: s.skill) else {
                throw APIError.badRequest("skill '\(s.skill.prefix(64))' is not a valid skill id", field: "skills")
            }
            return SkillLevel(skill, level: s.level)
        }
        return JSONBody(try await run { () async throws(CallCenterError) in
            try await center.logIn(id, skills: skills, wrapUpMs: body.wrapUpMs, endpoint: body.endpoint)
        })
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let center = try enabled()
        let id = try context.agentID()
        try await run { () async throws(CallCenterError) in try await center.logOut(id) }
        return .noContent
    }

    @Sendable func state(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AgentView> {
        let center = try enabled()
        let id = try context.agentID()
        let body = try await request.decodeJSON(AgentStateInput.self)
        let r = try body.request()
        return JSONBody(try await run { () async throws(CallCenterError) in
            try await center.setState(id, r)
            return try await center.view(id)
        })
    }

    @Sendable func callAction(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let center = try enabled()
        let id = try context.agentID()
        let call = try context.callID()
        let action = try context.parameters.require("action")
        try await run { () async throws(CallCenterError) in
            switch action {
            case "answer": try await center.answer(id, call: call)
            case "decline": try await center.decline(id, call: call)
            case "hangup": try await center.hangUp(id, call: call)
            default: throw CallCenterError(.notFound, "unknown call action '\(action.prefix(20))': use answer, decline or hangup")
            }
        }
        return .accepted
    }

    @Sendable func wrapUpDone(_ request: Request, context: AppRequestContext) async throws -> JSONBody<AgentView> {
        let center = try enabled()
        let id = try context.agentID()
        return JSONBody(try await run { () async throws(CallCenterError) in
            try await center.wrapUpDone(id)
            return try await center.view(id)
        })
    }

    @Sendable func missed(_ request: Request, context: AppRequestContext) async throws -> JSONBody<MissedCallList> {
        JSONBody(MissedCallList(missedCalls: try await enabled().missedCalls()))
    }

    /// 回拨: the signed-in agent called the number back; the call leaves the pending list.
    @Sendable func calledBack(_ request: Request, context: AppRequestContext) async throws -> JSONBody<MissedCall> {
        let center = try enabled()
        let call = try context.callID()
        let agent: AgentID
        do { agent = try AgentID(validating: context.actor) } catch {
            throw APIError.badRequest("the acting user '\(context.actor.prefix(64))' is not a valid agent id", field: "actor")
        }
        return JSONBody(try await run { () async throws(CallCenterError) in try await center.markCalledBack(call, by: agent) })
    }

    @Sendable func screenPop(_ request: Request, context: AppRequestContext) async throws -> JSONBody<ScreenPop> {
        let center = try enabled()
        guard let caller = try QueryReader(request: request).string("caller", max: 64), !caller.isEmpty else {
            throw APIError.badRequest("query parameter caller is required", field: "caller")
        }
        return JSONBody(await center.screenPop(caller: caller))
    }

    /// Maps call-center refusals onto HTTP statuses.
    private func run<T>(_ body: () async throws(CallCenterError) -> T) async throws(APIError) -> T {
        do { return try await body() } catch {
            throw APIError(error)
        }
    }
}

// MARK: - Bodies

struct AgentList: Codable, Sendable { var agents: [AgentView] }
struct MissedCallList: Codable, Sendable { var missedCalls: [MissedCall] }

struct AgentLoginInput: Decodable {
    struct Skill: Decodable {
        var skill: String
        var level: Int
    }
    var skills: [Skill]?
    var wrapUpMs: Int64?
    var endpoint: String?
}

/// `{"state": "available" | "notReady" | "break", "reason": "lunch"}`.
struct AgentStateInput: Decodable {
    var state: String
    var reason: String?

    func request() throws(APIError) -> AgentRequest {
        switch state {
        case "available": return .available
        case "notReady":
            guard let r = NotReadyReason(rawValue: reason ?? "other") else {
                throw APIError.badRequest("reason must be one of \(NotReadyReason.allCases.map(\.rawValue).joined(separator: ", "))",
                                          field: "reason")
            }
            return .notReady(r)
        case "break":
            guard let r = BreakReason(rawValue: reason ?? "scheduled") else {
                throw APIError.badRequest("reason must be scheduled", field: "reason")
            }
            return .takeBreak(r)
        default:
            throw APIError.badRequest("state must be available, notReady or break (log out with POST …/logout)", field: "state")
        }
    }
}

extension APIError {
    init(_ error: CallCenterError) {
        switch error.kind {
        case .notFound: self.init(.notFound, code: "not_found", error.message)
        case .conflict: self.init(.conflict, code: "conflict", error.message)
        case .invalid: self.init(.badRequest, code: "invalid", error.message)
        case .unavailable: self.init(.serviceUnavailable, code: "unavailable", error.message)
        }
    }
}

extension AppRequestContext {
    func agentID(_ name: String = "agentId") throws -> AgentID {
        let raw = try parameters.require(name)
        do { return try AgentID(validating: raw) } catch {
            throw APIError(.badRequest, code: "malformed_id", error.description,
                           fields: [.init(field: name, message: "malformed agent id")])
        }
    }
}
