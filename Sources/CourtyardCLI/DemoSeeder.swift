import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Logging

/// Writes a generated `DemoSite` into a node's storage: the directory in one transaction,
/// then each historical ticket through a `TicketService` whose wall clock is set to the
/// ticket's own past times, so numbers, HLC stamps, dispatch and the fold are the real ones.
public struct DemoSeeder {
    public let node: SiteNode

    public init(node: SiteNode) {
        self.node = node
    }

    public struct Summary: Sendable, Hashable {
        public var rooms: Int
        public var residents: Int
        public var fixtures: Int
        public var suppliers: Int
        public var tickets: Int
        public var events: Int
        /// Bill lines seeded (water, electricity, gas, property fee per room and month).
        public var bills: Int = 0
    }

    public func seed(seed: UInt64, nowMs: Int64) async throws -> Summary {
        let demo = DemoSite.generate(site: node.config.site, nowMs: nowMs, random: SeededRandom(seed: seed))
        let batch = try Self.normalized(demo.batch)
        _ = try await node.directoryStore.apply(batch)
        // Bills after the rooms they belong to; one transaction.
        try await node.billsStore.insert(demo.bills)

        // A service of its own with a wall clock we move through the past.
        let wall = ManualWallClock(nowMs: demo.tickets.first?.createdAtMs ?? nowMs)
        var env = node.environment
        env.wallClock = wall
        env.logger.logLevel = .warning
        let service = TicketService(configuration: .init(site: node.config.site, siteCode: node.config.siteCode),
                                    store: node.ticketStore, directory: node.directoryStore, environment: env)
        var created = 0
        for script in demo.tickets {
            try await play(script, on: service, wall: wall)
            created += 1
        }
        return Summary(rooms: batch.rooms.count, residents: batch.residents.count, fixtures: batch.fixtures.count,
                       suppliers: batch.suppliers.count, tickets: created,
                       events: try await node.ticketStore.eventCount(), bills: demo.bills.count)
    }

    static func normalized(_ b: DirectoryBatch) throws -> DirectoryBatch {
        DirectoryBatch(
            residents: try b.residents.map { try $0.normalized(defaultAreaCode: nil) },
            rooms: try b.rooms.map { try $0.normalized(defaultAreaCode: nil) },
            occupancies: try b.occupancies.map { try $0.normalized(defaultAreaCode: nil) },
            suppliers: try b.suppliers.map { try $0.normalized(defaultAreaCode: nil) },
            fixtures: try b.fixtures.map { try $0.normalized(defaultAreaCode: nil) },
            cases: try b.cases.map { try $0.normalized(defaultAreaCode: nil) },
            dispatchRules: try b.dispatchRules.map { try $0.normalized(defaultAreaCode: nil) })
    }

    private func play(_ script: DemoTicketScript, on service: TicketService, wall: ManualWallClock) async throws {
        wall.set(max(wall.nowMs(), script.createdAtMs))
        let draft = TicketDraft(category: script.category, priority: script.priority, channel: script.channel,
                                title: script.title, description: script.description,
                                residentID: script.residentID, roomID: script.roomID,
                                buildingID: script.building, callerPhone: script.callerPhone)
        var state = try await service.create(draft: draft, actor: "cs-chen")
        for (atMs, step) in script.steps {
            wall.set(max(wall.nowMs(), atMs))
            let body: TicketEventBody
            switch step {
            case .assign(let assignee, let department):
                // Auto-dispatch may already have assigned it by rule; keep that.
                if state.status != .open { continue }
                body = .assigned(Assignment(assignee: assignee, department: department, mode: .assign))
            case .accept: body = .accepted
            case .arrive: body = .arrived
            case .note(let text): body = .note(ProgressNote(text: text))
            case .resolve(let summary): body = .resolved(Resolution(summary: summary))
            case .callback(let score, let followUp):
                body = .callback(CallbackResult(satisfaction: score.map(Satisfaction.score) ?? .notSolved,
                                                comment: score == nil ? "问题仍未解决" : nil, needsFollowUp: followUp))
            case .close: body = .closed(Closure(residentConfirmed: true))
            }
            let actor = state.assignee ?? "cs-chen"
            state = try await service.append(ticket: state.id, body: body, actor: actor).state
        }
    }
}
