import CourtyardCallCenter
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

// MARK: - GET /api/v1/agents/{id}/events (WebSocket): the console's live channel

/// Pushes the agent's `AgentConsoleEvent`s as JSON text frames (the offer arrives with the
/// screen pop) and accepts commands: `{"type":"answer"|"decline"|"hangup","call":"…"}`,
/// `{"type":"wrapUpDone"}`. Each command is answered `{"type":"ok"}` or
/// `{"type":"error","message":"…"}`. The agent must be logged in at this node.
struct AgentEventsRoutes {
    static let commandBytesMax = 4_096

    let center: CallCenter

    func register(on router: Router<BasicWebSocketRequestContext>) {
        router.ws("api/v1/agents/:agentId/events") { request, context in
            guard let raw = context.parameters.get("agentId"), let id = try? AgentID(validating: raw),
                  await center.agentSession(id) != nil else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let raw = context.requestContext.parameters.get("agentId"), let id = try? AgentID(validating: raw),
                  let session = await center.agentSession(id) else { return }
            let events = await session.subscribe()
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    for await event in events {
                        guard let data = try? encoder.encode(event) else { continue }
                        do { try await outbound.write(.text(String(decoding: data, as: UTF8.self))) } catch { break }
                    }
                }
                do {
                    for try await message in inbound.messages(maxSize: Self.commandBytesMax) {
                        guard case .text(let text) = message else { continue }
                        let reply = await command(text, agent: id)
                        try await outbound.write(.text(reply))
                    }
                } catch {}
                group.cancelAll()
            }
        }
    }

    private struct Command: Decodable {
        var type: String
        var call: String?
    }

    /// Carries out one console command; returns the reply frame.
    private func command(_ text: String, agent: AgentID) async -> String {
        func error(_ m: String) -> String {
            let escaped = (try? JSONEncoder().encode(m)).map { String(decoding: $0, as: UTF8.self) } ?? "\"error\""
            return "{\"message\":\(escaped),\"type\":\"error\"}"
        }
        guard let c = try? JSONDecoder().decode(Command.self, from: Data(text.utf8)) else {
            return error("expected a JSON object with a string type")
        }
        let call = c.call.flatMap { try? CallID(validating: $0) }
        do {
            switch (c.type, call) {
            case ("answer", let call?): try await center.answer(agent, call: call)
            case ("decline", let call?): try await center.decline(agent, call: call)
            case ("hangup", let call?): try await center.hangUp(agent, call: call)
            case ("wrapUpDone", _): try await center.wrapUpDone(agent)
            default: return error("unknown command or missing call: use answer, decline, hangup (with call) or wrapUpDone")
            }
        } catch let refusal {
            return error(refusal.message)
        }
        return "{\"type\":\"ok\"}"
    }
}
