import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime

// MARK: - SimTicketStore

/// A node life's `TicketStore` in an actor-simulation run: the in-memory store's queries
/// over a durable `SimDurableLog`. An append takes virtual time (the commit's fsync), is
/// acknowledged only once the log committed it, and a crash in between leaves it kept or
/// lost by a seeded coin — the semantics of the GRDB store under power loss.
public actor SimTicketStore: TicketStore {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    let memory: InMemoryTicketStore
    let log: SimDurableLog
    let clock: SimVirtualClock
    let commitLatencyMs: @Sendable () -> Int64

    /// A store over `log`, loaded from what it committed (a restart).
    public init(log: SimDurableLog, executors: SimExecutorOwner, clock: SimVirtualClock,
                commitLatencyMs: @escaping @Sendable () -> Int64) {
        unownedExecutor = executors.makeSerialExecutor(label: "sim-ticket-store")
        memory = InMemoryTicketStore(executors: executors)
        self.log = log
        self.clock = clock
        self.commitLatencyMs = commitLatencyMs
    }

    /// Loads the committed log into the in-memory views (before the node starts).
    public func load() async throws {
        _ = try await memory.append(log.committed)
    }

    public func append(_ events: [TicketEvent]) async throws -> AppendResult {
        let write = try log.begin(events)
        do {
            try await clock.sleep(for: .milliseconds(commitLatencyMs()))
        } catch {
            log.abort(write)
            throw error
        }
        let result: AppendResult
        do {
            result = try await memory.append(events)
        } catch {
            log.abort(write)
            throw error
        }
        log.commit(write)
        return result
    }

    public func events(of ticket: TicketID) async throws -> [TicketEvent] { try await memory.events(of: ticket) }
    public func ticket(_ id: TicketID) async throws -> TicketState? { try await memory.ticket(id) }
    public func ticket(number: String) async throws -> TicketState? { try await memory.ticket(number: number) }
    public func tickets(_ query: TicketQuery) async throws -> TicketPage { try await memory.tickets(query) }
    public func searchTickets(_ text: String, limit: Int) async throws -> [TicketState] {
        try await memory.searchTickets(text, limit: limit)
    }
    public func lastSequence(siteCode: String, year: Int) async throws -> Int {
        try await memory.lastSequence(siteCode: siteCode, year: year)
    }
    public func maxHLC(origin: ReplicaID) async throws -> HLCTimestamp? { try await memory.maxHLC(origin: origin) }
    public func eventCount() async throws -> Int { try await memory.eventCount() }
}
