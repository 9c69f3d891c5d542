import CourtyardCRDT
import CourtyardDomain
import Logging
import Metrics

/// Owns the write path of one site's tickets: validates, stamps with the node's hybrid
/// logical clock, appends to the store, and only then acknowledges.
///
/// Writes to one ticket are serialised by a per-ticket lock held across the store's
/// `await`s (an actor alone would let two writers interleave between load and append);
/// number allocation and clock stamping are synchronous actor state, so they never race.
public actor TicketService {
    /// Runs on the environment's executor (the simulator's run queue) or a default one.
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    // MARK: Configuration

    public struct Configuration: Sendable {
        /// This node's replica id: the origin of its events and the prefix of its ticket ids.
        public var site: ReplicaID
        /// The short code of human ticket numbers: `NB` in `NB-2026-000123`.
        public var siteCode: String
        /// Offset of the site's civil time from UTC, for the year of a ticket number.
        public var utcOffsetMinutes: Int
        /// Deadlines per category and priority, the site's working hours, and who is told
        /// at each escalation level.
        public var slaPolicy: SLAPolicy
        public var calendar: BusinessCalendar
        public var ladder: EscalationLadder

        public init(site: ReplicaID, siteCode: String, utcOffsetMinutes: Int = 8 * 60,
                    slaPolicy: SLAPolicy = .standard, calendar: BusinessCalendar = .alwaysOpen,
                    ladder: EscalationLadder = .standard) {
            self.site = site
            self.siteCode = siteCode
            self.utcOffsetMinutes = utcOffsetMinutes
            self.slaPolicy = slaPolicy
            self.calendar = calendar
            self.ladder = ladder
        }
    }

    // MARK: State

    public nonisolated let configuration: Configuration
    let store: any TicketStore
    let directory: any DirectoryStore
    let environment: NodeEnvironment
    var logger: Logger { environment.logger }

    var hlc = HybridLogicalClock()
    var hlcRestored = false
    /// Last allocated sequence per year, loaded from the store once and then advanced here.
    var sequenceByYear: [Int: Int] = [:]
    /// Round-robin cursor per rule id (in memory: a restart begins the pool from the top).
    var roundRobinCursors: [String: Int] = [:]
    var lockedTickets: Set<TicketID> = []
    var lockWaiters: [TicketID: [CheckedContinuation<Void, Never>]] = [:]
    /// Told about every event this service committed, after the commit (replication).
    var onCommitted: (@Sendable ([TicketEvent]) async -> Void)?

    /// `onCommitted` is told about every event this service commits, after the store
    /// accepted it (the cluster's replication shell); nil on a node without a cluster.
    public init(configuration: Configuration, store: any TicketStore, directory: any DirectoryStore,
                environment: NodeEnvironment, onCommitted: (@Sendable ([TicketEvent]) async -> Void)? = nil) {
        unownedExecutor = environment.actorExecutor("ticket-service", lane: lane)
        self.configuration = configuration
        self.store = store
        self.directory = directory
        self.environment = environment
        self.onCommitted = onCommitted
    }

    /// Sets the hook told about committed events (see `init`); replaces any previous one.
    public func setOnCommitted(_ hook: (@Sendable ([TicketEvent]) async -> Void)?) {
        onCommitted = hook
    }

    public nonisolated var site: ReplicaID { configuration.site }

    // MARK: Create

    /// Opens a ticket: validates the draft, allocates its number, appends `created`, then
    /// auto-dispatches it when one of the site's dispatch rules matches.
    public func create(draft: TicketDraft, actor: String) async throws(ServiceError) -> TicketState {
        try Self.checkActor(actor)
        let problems = draft.validate()
        guard problems.isEmpty else {
            throw ServiceError.invalid(problems.map { .init(field: $0.field, message: $0.message) },
                                       message: "invalid ticket")
        }
        if let parentID = draft.parentTicketID {
            let parent = try await withStore("loading the parent ticket") { try await store.ticket(parentID) }
            guard parent != nil else { throw .notFound("parent ticket", parentID.rawValue) }
        }
        try await restoreClockIfNeeded()
        let nowMs = environment.wallClock.nowMs()
        let number = try await allocateNumber(nowMs: nowMs)
        let eventID = try stamp()
        let ticketID = TicketID(site: site, hlc: eventID.hlc)
        let created = TicketEvent(id: eventID, ticketID: ticketID, actor: actor, parents: [],
                                  body: .created(draft.created(number: number, site: site)))
        let result = try await withStore("appending a created event") { try await store.append([created]) }
        await reportCommitted([created], result)
        Counter(label: "courtyard_tickets_created_total",
                dimensions: [("category", draft.category.rawValue), ("priority", draft.priority.rawValue)]).increment()
        logger.info("ticket created", metadata: ["ticket": "\(ticketID)", "number": "\(number)"])
        await autoDispatch(ticketID, actor: actor)
        return try await requireTicket(ticketID)
    }

    // MARK: Append

    /// Appends one event to an existing ticket after checking it fits the ticket's state.
    /// Returns the stored event and the ticket's state after it; the write has committed.
    public func append(ticket id: TicketID, body: TicketEventBody, actor: String)
        async throws(ServiceError) -> (event: TicketEvent, state: TicketState) {
        try Self.checkActor(actor)
        try checkBody(body)
        return try await withTicketLock(id) { () async throws(ServiceError) in
            try await appendLocked(ticket: id, body: body, actor: actor)
        }
    }

    /// The append itself; the caller holds the ticket's lock.
    func appendLocked(ticket id: TicketID, body: TicketEventBody, actor: String)
        async throws(ServiceError) -> (event: TicketEvent, state: TicketState) {
        let state = try await foldedState(id)
        do {
            try state.validate(body, actor: actor)
        } catch {
            throw Self.serviceError(error)
        }
        try await restoreClockIfNeeded()
        let event = TicketEvent(id: try stamp(after: state.frontier), ticketID: id, actor: actor,
                                parents: state.frontier, body: body)
        let result = try await withStore("appending a \(body.kind) event") { try await store.append([event]) }
        await reportCommitted([event], result)
        Counter(label: "courtyard_ticket_events_total", dimensions: [("type", body.kind)]).increment()
        return (event, try await requireTicket(id))
    }

    // MARK: Reads

    public func ticket(_ id: TicketID) async throws(ServiceError) -> TicketState {
        try await requireTicket(id)
    }

    /// Looks a ticket up by its human number (`NB-2026-000123`).
    public func ticket(number: String) async throws(ServiceError) -> TicketState {
        let found = try await withStore("loading a ticket") { try await store.ticket(number: number) }
        guard let found else { throw .notFound("ticket", number) }
        return found
    }

    public func events(_ id: TicketID) async throws(ServiceError) -> [TicketEvent] {
        let events = try await withStore("loading events") { try await store.events(of: id) }
        guard !events.isEmpty else { throw .notFound("ticket", id.rawValue) }
        return events
    }

    public func list(_ query: TicketQuery) async throws(ServiceError) -> TicketPage {
        try await withStore("listing tickets") { try await store.tickets(query) }
    }

    public static let searchLimitMax = 100

    public func search(_ text: String, limit: Int = 20) async throws(ServiceError) -> [TicketState] {
        let needle = text.trimmedWhitespace
        guard !needle.isEmpty else { throw .invalid(field: "q", "search text must not be empty") }
        guard needle.count <= 200 else { throw ServiceError(.tooLarge, "search text longer than 200 characters") }
        let bounded = min(max(limit, 1), Self.searchLimitMax)
        return try await withStore("searching tickets") { try await store.searchTickets(needle, limit: bounded) }
    }

    public func eventCount() async throws(ServiceError) -> Int {
        try await withStore("counting events") { try await store.eventCount() }
    }

    // MARK: Helpers

    /// Tells the hook about the events the store inserted (a duplicate was reported before).
    func reportCommitted(_ events: [TicketEvent], _ result: AppendResult) async {
        guard let onCommitted else { return }
        let inserted = Set(result.inserted)
        let committed = events.filter { inserted.contains($0.id) }
        guard !committed.isEmpty else { return }
        if environment.buggify(FaultPoint.ticketsLateCommitHook) { await Task.yield() }
        await onCommitted(committed)
    }

    func requireTicket(_ id: TicketID) async throws(ServiceError) -> TicketState {
        let state = try await withStore("loading a ticket") { try await store.ticket(id) }
        guard let state else { throw .notFound("ticket", id.rawValue) }
        return state
    }

    /// The ticket's state folded from its stored events (the truth), not the cached view.
    func foldedState(_ id: TicketID) async throws(ServiceError) -> TicketState {
        let events = try await withStore("loading events") { try await store.events(of: id) }
        guard let state = TicketState.fold(events) else { throw .notFound("ticket", id.rawValue) }
        return state
    }

    static let actorLengthMax = 128

    static func checkActor(_ actor: String) throws(ServiceError) {
        guard !actor.isEmpty, actor.utf8.count <= actorLengthMax,
              actor.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x21 })
        else { throw .invalid(field: "actor", "actor must be 1–\(actorLengthMax) bytes without spaces or control characters") }
    }
}
