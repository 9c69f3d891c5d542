import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Screen pop (来电弹屏)

/// What an agent sees the moment a call is offered (SPEC §3): every resident matching the
/// caller's normalised number with their rooms and roles, open tickets, arrears, recent
/// history, the last agent the caller spoke to, and recordings of earlier calls.
public struct ScreenPop: Hashable, Sendable, Codable {
    public struct RoomLine: Hashable, Sendable, Codable {
        public var id: String
        public var building: String
        public var unit: String
        public var floor: Int
        public var number: String
        public var role: RoomRole
        public var arrearsCents: Int
    }

    public struct ResidentLine: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var site: SiteID
        public var note: String?
        public var rooms: [RoomLine]
    }

    public struct TicketLine: Hashable, Sendable, Codable {
        public var id: String
        public var number: String
        public var title: String
        public var category: TicketCategory
        public var priority: TicketPriority
        public var status: TicketStatus
        public var createdAtMs: Int64
    }

    /// The caller's canonical number; nil when withheld.
    public var callerNumber: String?
    public var residents: [ResidentLine]
    public var openTickets: [TicketLine]
    /// Recent tickets of any status, newest first.
    public var history: [TicketLine]
    /// Outstanding fees over the caller's rooms and bills, in cents.
    public var arrearsCents: Int
    public var bills: [RoomBill]
    public var lastAgent: AgentID?
    public var recordings: [RecordingMetadata]

    /// The pop of a withheld number: nothing to show but the fact.
    public static func anonymous() -> ScreenPop {
        ScreenPop(callerNumber: nil, residents: [], openTickets: [], history: [], arrearsCents: 0, bills: [],
                  lastAgent: nil, recordings: [])
    }
}

/// Builds screen pops from the node's stores. Every list is bounded and sorted; a store
/// that fails leaves its part empty rather than delaying the offer.
public struct ScreenPopBuilder: Sendable {
    public static let residentsMax = 10
    public static let roomsMax = 20
    public static let ticketsMax = 10
    public static let recordingsMax = 10

    public let services: CallCenterServices

    public init(services: CallCenterServices) {
        self.services = services
    }

    /// The pop for `caller`; `lastAgent` comes from the ACD's sticky table.
    public func build(caller: PhoneNumber?, lastAgent: AgentID?) async -> ScreenPop {
        guard let caller else { return .anonymous() }
        let number = caller.canonicalWithoutExtension
        var pop = ScreenPop.anonymous()
        pop.callerNumber = number
        pop.lastAgent = lastAgent
        let found = ((try? await services.directory.residents(phone: number)) ?? []).sorted { $0.id < $1.id }
        var tickets: [TicketState] = []
        for resident in found.prefix(Self.residentsMax) {
            let rooms = ((try? await services.directory.rooms(ofResident: resident.id)) ?? [])
                .sorted { $0.room.id < $1.room.id }.prefix(Self.roomsMax)
            pop.residents.append(ScreenPop.ResidentLine(
                id: resident.id, name: resident.name, site: resident.site, note: resident.note,
                rooms: rooms.map { m in
                    ScreenPop.RoomLine(id: m.room.id, building: m.room.building, unit: m.room.unit, floor: m.room.floor,
                                       number: m.room.number, role: m.role, arrearsCents: m.room.arrearsCents)
                }))
            let page = try? await services.tickets.list(TicketQuery(residentID: resident.id, limit: 50))
            tickets += page?.tickets ?? []
        }
        pop.bills = (try? await services.bills.bills(phone: number)) ?? []
        applyBills(to: &pop)
        let unique = Dictionary(tickets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values
            .sorted { ($0.createdAtMs, $0.id) > ($1.createdAtMs, $1.id) }
        let open: Set<TicketStatus> = [.open, .dispatched, .accepted, .onSite, .suspended]
        pop.openTickets = unique.filter { open.contains($0.status) }.prefix(Self.ticketsMax).map(Self.line)
        pop.history = unique.prefix(Self.ticketsMax).map(Self.line)
        if let recordings = services.recordings {
            pop.recordings = (try? await recordings.search(RecordingQuery(caller: number, limit: Self.recordingsMax))) ?? []
        }
        return pop
    }

    /// Arrears: a room's bills, when the billing store has them, are the live figure (a phone
    /// payment lowers them at once); otherwise the directory's `arrearsCents`. Each room counts once.
    func applyBills(to pop: inout ScreenPop) {
        let billed = Dictionary(pop.bills.compactMap { b in b.roomID.map { ($0, b.amountDueCents) } },
                                uniquingKeysWith: { a, _ in a })
        for r in pop.residents.indices {
            for i in pop.residents[r].rooms.indices {
                if let due = billed[pop.residents[r].rooms[i].id] { pop.residents[r].rooms[i].arrearsCents = due }
            }
        }
        let roomArrears = Dictionary(pop.residents.flatMap(\.rooms).map { ($0.id, $0.arrearsCents) },
                                     uniquingKeysWith: { a, _ in a })
        let unlisted = pop.bills.filter { b in b.roomID.map { roomArrears[$0] == nil } ?? true }
        pop.arrearsCents = roomArrears.values.reduce(0, +) + unlisted.map(\.amountDueCents).reduce(0, +)
    }

    static func line(_ t: TicketState) -> ScreenPop.TicketLine {
        ScreenPop.TicketLine(id: t.id.rawValue, number: "\(t.created.number)", title: t.created.title,
                             category: t.created.category, priority: t.created.priority, status: t.status,
                             createdAtMs: t.createdAtMs)
    }
}
