import CourtyardCRDT
import CourtyardDomain

/// A `TicketStore` held in memory: runtime tests, the simulator and `--ephemeral` nodes.
///
/// Same contract as the durable stores: `append` is all-or-nothing (nothing in it can fail
/// half-way: the batch is checked before anything changes), duplicates by `EventID` are
/// skipped, and views are re-folded from the events in the same step, so a reader never
/// sees an event without its view or the other way round.
public actor InMemoryTicketStore: TicketStore {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    // MARK: State

    private var eventsByTicket: [TicketID: [EventID: TicketEvent]] = [:]
    private var views: [TicketID: TicketState] = [:]
    private var ticketByNumber: [String: TicketID] = [:]
    private var maxHLCByOrigin: [ReplicaID: HLCTimestamp] = [:]
    private var totalEvents = 0
    /// When set, the next `append` throws before changing anything (tests of the write path).
    private var failNextAppend: (any Error)?

    /// `executors` places the store on the simulator's run queue; nil is a default actor.
    public init(executors: (any ActorExecutorFactory)? = nil) {
        unownedExecutor = ActorExecutors.executor("ticket-store", factory: executors, lane: lane)
    }

    /// Makes the next `append` fail with `error`, writing nothing: lets tests check that a
    /// caller acknowledges a write only after the store has accepted it.
    public func failNextAppend(with error: any Error) {
        failNextAppend = error
    }

    // MARK: Writes

    public func append(_ events: [TicketEvent]) async throws -> AppendResult {
        if let error = failNextAppend {
            failNextAppend = nil
            throw error
        }
        var inserted: [EventID] = []
        var duplicates: [EventID] = []
        var touched: Set<TicketID> = []
        for event in events {
            if eventsByTicket[event.ticketID]?[event.id] != nil {
                duplicates.append(event.id)
                continue
            }
            eventsByTicket[event.ticketID, default: [:]][event.id] = event
            inserted.append(event.id)
            touched.insert(event.ticketID)
            totalEvents += 1
            if maxHLCByOrigin[event.id.origin].map({ $0 < event.id.hlc }) ?? true {
                maxHLCByOrigin[event.id.origin] = event.id.hlc
            }
        }
        for ticketID in touched.sorted() {
            refreshView(of: ticketID)
        }
        return AppendResult(inserted: inserted, duplicates: duplicates)
    }

    private func refreshView(of ticketID: TicketID) {
        let events = sortedEvents(of: ticketID)
        guard let state = TicketState.fold(events) else {
            // Events arrived before their `created` (replication out of order): no view yet.
            views[ticketID] = nil
            return
        }
        views[ticketID] = state
        ticketByNumber[state.created.number.description] = ticketID
    }

    private func sortedEvents(of ticketID: TicketID) -> [TicketEvent] {
        (eventsByTicket[ticketID] ?? [:]).values.sorted { $0.id < $1.id }
    }

    // MARK: Reads

    public func events(of ticket: TicketID) async throws -> [TicketEvent] {
        sortedEvents(of: ticket)
    }

    public func ticket(_ id: TicketID) async throws -> TicketState? {
        views[id]
    }

    public func ticket(number: String) async throws -> TicketState? {
        ticketByNumber[number].flatMap { views[$0] }
    }

    public func tickets(_ query: TicketQuery) async throws -> TicketPage {
        let matching = views.values
            .filter { Self.matches($0, query) }
            .sorted { a, b in
                let (ka, kb) = query.order == .recentlyUpdated ? (a.updatedAtMs, b.updatedAtMs) : (a.createdAtMs, b.createdAtMs)
                return ka != kb ? ka > kb : a.id > b.id
            }
        let page = matching.dropFirst(query.offset).prefix(query.limit)
        return TicketPage(tickets: Array(page), total: matching.count)
    }

    static func matches(_ t: TicketState, _ q: TicketQuery) -> Bool {
        if let site = q.site, t.created.site != site { return false }
        if !q.statuses.isEmpty, !q.statuses.contains(t.status) { return false }
        if let category = q.category, t.created.category != category { return false }
        if let priority = q.priority, t.created.priority != priority { return false }
        if let assignee = q.assignee, t.assignee != assignee { return false }
        if let department = q.department, t.department != department { return false }
        if let residentID = q.residentID, t.created.residentID != residentID { return false }
        if let roomID = q.roomID, t.created.roomID != roomID { return false }
        if let level = q.minEscalationLevel, t.escalationLevel < level { return false }
        if let from = q.createdFromMs, t.createdAtMs < from { return false }
        if let to = q.createdToMs, t.createdAtMs >= to { return false }
        if let from = q.updatedFromMs, t.updatedAtMs < from { return false }
        return true
    }

    /// Substring search over titles, descriptions, numbers and note texts; newest first.
    public func searchTickets(_ text: String, limit: Int) async throws -> [TicketState] {
        let needle = text.trimmedWhitespace.lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        let hits = views.values.filter { state in
            if state.created.title.lowercased().contains(needle)
                || state.created.description.lowercased().contains(needle)
                || state.created.number.description.lowercased().contains(needle) {
                return true
            }
            return (eventsByTicket[state.id] ?? [:]).values.contains { event in
                if case .note(let note) = event.body { return note.text.lowercased().contains(needle) }
                return false
            }
        }
        return Array(hits.sorted { a, b in
            a.createdAtMs != b.createdAtMs ? a.createdAtMs > b.createdAtMs : a.id > b.id
        }.prefix(limit))
    }

    public func lastSequence(siteCode: String, year: Int) async throws -> Int {
        views.values
            .map(\.created.number)
            .filter { $0.siteCode == siteCode && $0.year == year }
            .map(\.sequence)
            .max() ?? 0
    }

    public func maxHLC(origin: ReplicaID) async throws -> HLCTimestamp? {
        maxHLCByOrigin[origin]
    }

    public func eventCount() async throws -> Int {
        totalEvents
    }
}
