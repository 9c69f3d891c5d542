import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Hummingbird

// MARK: - /api/v1/wall: the supervisor wall of this node's site

/// Everything the supervisor wall (#/wall) shows, in one read: calls waiting and the
/// longest wait per queue, agents by state, and the SLA board (open tickets warned and
/// escalated per level, the most urgent with their due times). The wall polls it.
struct WallRoutes {
    let tickets: TicketService
    let center: CallCenter?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("wall", use: wall)
    }

    /// `site` (optional) must be this node's site: the call figures live on the site's node.
    /// `rows` bounds the SLA board's ticket list (1–500, default 200).
    @Sendable func wall(_ request: Request, context: AppRequestContext) async throws -> JSONBody<WallJSON> {
        let q = QueryReader(request: request)
        if let site = try q.site(), site != tickets.site {
            throw APIError.badRequest("this node serves the wall of site \(tickets.site), not \(site); open the wall on that site's node",
                                      field: "site")
        }
        let rows = try q.int("rows", in: 1...TicketQuery.limitMax) ?? SLABoard.rowsMax
        let (board, nowMs, truncated) = try await tickets.slaBoard(rowsMax: rows)
        let snapshot = await center?.wallSnapshot()
        return JSONBody(WallJSON(site: tickets.site.rawValue, nowMs: nowMs,
                                 calls: snapshot.map(WallJSON.Calls.init),
                                 agents: snapshot.map { WallJSON.Agents($0.agents) },
                                 sla: WallJSON.SLA(board, truncated: truncated)))
    }
}

// MARK: - JSON

struct WallJSON: Encodable, Sendable {
    var site: String
    var nowMs: Int64
    /// nil on a node without a call center.
    var calls: Calls?
    var agents: Agents?
    var sla: SLA

    struct Calls: Encodable, Sendable {
        var waiting: Int
        var longestWaitMs: Int64
        var queues: [QueueWaiting]

        init(_ s: CallCenterWallSnapshot) {
            waiting = s.waiting
            longestWaitMs = s.longestWaitMs
            queues = s.queues
        }
    }

    struct Agents: Encodable, Sendable {
        struct StateCount: Encodable, Sendable {
            var state: AgentStateKind
            var count: Int
        }

        /// Every state in `AgentStateKind` order, zero included, so the wall's figures never
        /// disappear.
        var byState: [StateCount]
        var list: [AgentView]

        init(_ agents: [AgentView]) {
            byState = AgentStateKind.allCases.map { s in StateCount(state: s, count: agents.filter { $0.state == s }.count) }
            list = agents
        }
    }

    struct SLA: Encodable, Sendable {
        struct Level: Encodable, Sendable {
            var level: Int
            var escalated: Int
            var warned: Int
        }

        struct Ticket: Encodable, Sendable {
            var id: String
            var number: String
            var title: String
            var status: TicketStatus
            var priority: TicketPriority
            var assignee: String?
            var department: String?
            var escalationLevel: Int
            var warnedLevel: Int
            var completionDueAtMs: Int64?
            var nextLevel: Int?
            var nextWarnAtMs: Int64?
            var nextDueAtMs: Int64?
            var overdue: Bool
        }

        var open: Int
        var overdue: Int
        /// More open tickets than one board reads (`TicketService.boardScanMax`).
        var truncated: Bool
        var levels: [Level]
        var tickets: [Ticket]

        init(_ b: SLABoard, truncated: Bool) {
            open = b.open
            overdue = b.overdue
            self.truncated = truncated
            levels = b.levels.map { Level(level: $0.level, escalated: $0.escalated, warned: $0.warned) }
            tickets = b.rows.map { r in
                Ticket(id: r.ticketID.rawValue, number: r.number, title: r.title, status: r.status, priority: r.priority,
                       assignee: r.assignee, department: r.department, escalationLevel: r.escalationLevel,
                       warnedLevel: r.warnedLevel, completionDueAtMs: r.completionDueAtMs, nextLevel: r.nextLevel,
                       nextWarnAtMs: r.nextWarnAtMs, nextDueAtMs: r.nextDueAtMs, overdue: r.overdue)
            }
        }
    }
}
