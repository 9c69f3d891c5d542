import CourtyardCRDT
@testable import CourtyardDomain
import Testing

// MARK: - A builder of ticket histories for the tests

/// Midnight UTC of Monday 2026-03-02 plus one hour: 09:00 in Beijing (UTC+8).
let mondayNineBeijingMs = Int64(CivilDate(validating: "2026-03-02")!.dayNumber) * 86_400_000 + 3_600_000
let minuteMs: Int64 = 60_000
let northBay = ReplicaID("north-bay")
let hq = ReplicaID("hq")

/// Writes a ticket's events the way nodes do: ids from per-site clocks, parents from the
/// writer's view (by default everything written so far).
struct TicketHistory {
    private(set) var events: [TicketEvent] = []
    let ticketID: TicketID
    let startMs: Int64

    init(startMs: Int64 = mondayNineBeijingMs, category: TicketCategory = .repair,
         priority: TicketPriority = .ordinary, parent: TicketID? = nil, site: ReplicaID = northBay,
         logical: UInt32 = 0) {
        self.startMs = startMs
        let id = EventID(hlc: HLCTimestamp(wallMs: startMs, logical: logical), origin: site)
        ticketID = TicketID(site: site, hlc: id.hlc)
        let created = TicketCreated(
            number: TicketNumber(siteCode: "NB", year: 2026, sequence: 123), site: site, category: category,
            priority: priority, channel: .phone, title: "厨房水龙头漏水", description: "水槽下面一直滴水",
            residentID: "r-1", roomID: "3-2-501", callerPhone: "138 0000 0000", parentTicketID: parent)
        events.append(TicketEvent(id: id, ticketID: ticketID, actor: "agent-1", parents: [], body: .created(created)))
    }

    var createdID: EventID { events[0].id }

    /// Appends an event at `minutes` after the start. `parents` defaults to the frontier of
    /// everything written so far (a sequential write).
    @discardableResult
    mutating func add(_ body: TicketEventBody, atMinute minutes: Int64, site: ReplicaID = northBay,
                      actor: String = "tech-1", parents: [EventID]? = nil, logical: UInt32 = 0) -> EventID {
        let id = EventID(hlc: HLCTimestamp(wallMs: startMs + minutes * minuteMs, logical: logical), origin: site)
        let p = parents ?? (TicketState.fold(events)?.frontier ?? [])
        events.append(TicketEvent(id: id, ticketID: ticketID, actor: actor, parents: p, body: body))
        return id
    }

    mutating func append(_ event: TicketEvent) { events.append(event) }

    var state: TicketState { TicketState.fold(events)! }
}

// MARK: - Sample bodies

enum Sample {
    static func assign(_ who: String = "tech-1", _ dept: String = "工程部") -> Assignment {
        Assignment(assignee: who, department: dept, mode: .assign)
    }
    static let note = TicketEventBody.note(ProgressNote(text: "已关闭总阀，等待配件", photos: ["p-1"]))
    static let resolved = TicketEventBody.resolved(Resolution(summary: "更换了水龙头阀芯"))
    static let cancelled = TicketEventBody.cancelled(Cancellation(reason: "住户撤回"))
    static let closed = TicketEventBody.closed(Closure(residentConfirmed: true))
    static let suspended = TicketEventBody.suspended(Suspension(reason: "等待配件"))
    static func callback(_ score: Int = 5, followUp: Bool = false) -> TicketEventBody {
        .callback(CallbackResult(satisfaction: .score(score), needsFollowUp: followUp))
    }
    static func escalated(_ level: Int, due: Int64 = 0) -> TicketEventBody {
        .escalated(EscalationMark(level: level, deadline: .completion, dueAtMs: due, notify: "level\(level)"))
    }
    static func warned(_ level: Int, due: Int64 = 0) -> TicketEventBody {
        .warned(EscalationMark(level: level, deadline: .completion, dueAtMs: due, notify: "level\(level)"))
    }

    /// A history that leaves the ticket in `status`.
    static func history(in status: TicketStatus) -> TicketHistory {
        var h = TicketHistory()
        let steps: [TicketEventBody]
        switch status {
        case .open: steps = []
        case .dispatched: steps = [.assigned(assign())]
        case .accepted: steps = [.assigned(assign()), .accepted]
        case .onSite: steps = [.assigned(assign()), .accepted, .arrived]
        case .suspended: steps = [.assigned(assign()), .accepted, suspended]
        case .resolved: steps = [.assigned(assign()), .accepted, .arrived, resolved]
        case .closed: steps = [.assigned(assign()), .accepted, .arrived, resolved, closed]
        case .cancelled: steps = [cancelled]
        }
        for (i, body) in steps.enumerated() { h.add(body, atMinute: Int64(i + 1)) }
        return h
    }
}

// MARK: - Builder sanity

@Test func history_inEachStatus_foldsToThatStatus() {
    for status in TicketStatus.allCases {
        let state = Sample.history(in: status).state
        #expect(state.status == status)
        #expect(state.conflicts.isEmpty, "\(status): \(state.conflicts)")
    }
}
