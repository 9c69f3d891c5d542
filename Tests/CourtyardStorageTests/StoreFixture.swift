import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Testing

/// The two databases every storage test runs against: the in-memory queue of unit tests
/// and the on-disk WAL pool of production.
enum DatabaseKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory, onDisk
    var testDescription: String { rawValue }
}

/// An open database of one kind; the on-disk one lives in a fresh temporary directory.
struct TestDatabase {
    let database: AppDatabase
    let directory: URL?

    init(_ kind: DatabaseKind) throws {
        switch kind {
        case .inMemory:
            database = try AppDatabase.inMemory()
            directory = nil
        case .onDisk:
            let dir = FileManager.default.temporaryDirectory
                .appendingPathComponent("courtyard-storage-\(ProcessInfo.processInfo.globallyUniqueString)")
            database = try AppDatabase.open(directory: dir)
            directory = dir
        }
    }

    var tickets: GRDBTicketStore { database.ticketStore }
    var directoryStore: GRDBDirectoryStore { database.directoryStore }
}

// MARK: - Ticket events

enum Sites {
    static let northBay = ReplicaID("north-bay")
    static let hq = ReplicaID("hq")
}

/// Builds ticket events with explicit, deterministic clocks.
struct TicketScript {
    let ticketID: TicketID
    let site: ReplicaID
    let createdAtMs: Int64

    init(site: ReplicaID = Sites.northBay, createdAtMs: Int64) {
        self.site = site
        self.createdAtMs = createdAtMs
        ticketID = TicketID(site: site, hlc: HLCTimestamp(wallMs: createdAtMs))
    }

    func created(sequence: Int, title: String, description: String = "",
                 category: TicketCategory = .repair, priority: TicketPriority = .ordinary,
                 residentID: String? = nil, roomID: String? = nil, siteCode: String = "NB",
                 year: Int = 2026) -> TicketEvent {
        let body = TicketCreated(number: TicketNumber(siteCode: siteCode, year: year, sequence: sequence),
                                 site: site, category: category, priority: priority, channel: .phone,
                                 title: title, description: description, residentID: residentID,
                                 roomID: roomID, buildingID: "3")
        return TicketEvent(id: EventID(hlc: HLCTimestamp(wallMs: createdAtMs), origin: site),
                           ticketID: ticketID, actor: "agent-1", parents: [], body: .created(body))
    }

    func event(afterMs: Int64, origin: ReplicaID? = nil, _ body: TicketEventBody) -> TicketEvent {
        TicketEvent(id: EventID(hlc: HLCTimestamp(wallMs: createdAtMs + afterMs), origin: origin ?? site),
                    ticketID: ticketID, actor: "agent-1", parents: [], body: body)
    }

    func assigned(afterMs: Int64, to assignee: String, department: String = "工程部") -> TicketEvent {
        event(afterMs: afterMs, .assigned(Assignment(assignee: assignee, department: department, mode: .assign)))
    }

    func note(afterMs: Int64, _ text: String) -> TicketEvent {
        event(afterMs: afterMs, .note(ProgressNote(text: text)))
    }
}

/// Sets each event's `parents` to the previous event of the same ticket, as a writer that
/// saw everything before it would: a sequential history with no concurrency.
func chained(_ events: [TicketEvent]) -> [TicketEvent] {
    var last: [TicketID: EventID] = [:]
    return events.map { event in
        let parents = last[event.ticketID].map { [$0] } ?? []
        last[event.ticketID] = event.id
        return TicketEvent(id: event.id, ticketID: event.ticketID, actor: event.actor, parents: parents, body: event.body)
    }
}
