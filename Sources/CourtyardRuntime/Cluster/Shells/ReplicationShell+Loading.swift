import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication

// MARK: - Start-up: the store into the core

extension ReplicationShell {
    /// Reads every stored event (ticket by ticket, through the store's paged list) into a
    /// fresh core, then applies the local commits reported meanwhile.
    ///
    /// The core holds the ticket space in memory, so loading stops at
    /// `settings.loadEventsMax` events with an error in the log (see that setting). Events
    /// stored without a `created` event (no ticket view yet) are not listed by the store
    /// and are not loaded; replication brings their `created` and anti-entropy the rest.
    func load() async throws {
        var events: [TicketEvent] = []
        var offset = 0
        var truncated = false
        pages: while true {
            let page = try await store.tickets(TicketQuery(limit: TicketQuery.limitMax, offset: offset))
            for ticket in page.tickets {
                let ticketEvents = try await store.events(of: ticket.id)
                guard events.count + ticketEvents.count <= settings.loadEventsMax else {
                    truncated = true
                    break pages
                }
                events += ticketEvents
            }
            offset += page.tickets.count
            if page.tickets.isEmpty || offset >= page.total { break }
        }
        if truncated {
            logger.error("the store holds more events than the replication core loads; the rest is not replicated",
                         metadata: ["loaded": "\(events.count)", "limit": "\(settings.loadEventsMax)"])
        }
        let localCount = events.reduce(0) { $0 + ($1.id.origin == site ? 1 : 0) }
        // Re-check after the awaits: nothing else replaces the core, but commits may have arrived.
        instance = try ReplicationInstance(config: settings.config, epoch: instance.epoch, items: events,
                                           localSequence: UInt64(localCount))
        stats.loadedEvents = instance.store.count
        loaded = true
        let early = preload
        preload = []
        await applyLocal(early)
        logger.info("replication loaded", metadata: ["events": "\(stats.loadedEvents)"])
    }
}
