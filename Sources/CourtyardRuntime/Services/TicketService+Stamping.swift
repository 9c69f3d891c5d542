import CourtyardCRDT
import CourtyardDomain

// MARK: - Clock, numbers and per-ticket locks

extension TicketService {
    /// Restores the HLC from the highest timestamp this node ever stored, once, so a
    /// restarted node never reissues an event id (restore is idempotent, so two writers
    /// racing through the `await` is harmless).
    func restoreClockIfNeeded() async throws(ServiceError) {
        guard !hlcRestored else { return }
        let site = self.site
        let stored = try await withStore("restoring the clock") { try await store.maxHLC(origin: site) }
        if let stored, !environment.buggify(FaultPoint.plantForgetHLCOnRestart) { hlc.restore(atLeast: stored) }
        hlcRestored = true
    }

    /// A fresh event id from the node's HLC fed by the injected wall clock.
    func stamp() throws(ServiceError) -> EventID {
        do {
            let t = try hlc.now(physicalMs: environment.wallClock.nowMs())
            return EventID(hlc: t, origin: site)
        } catch {
            throw ServiceError(.storage, "clock refused to advance: \(error)")
        }
    }

    /// A fresh event id ordered after every event in `parents`. The fold orders events by
    /// id, so an event must never sort before one it saw: when a parent came from a site
    /// whose clock runs ahead, this node's HLC first receives the parent's timestamp. A parent
    /// stamped more than the HLC's drift bound ahead of local time is refused with a clear
    /// error instead of dragging this node's clock along.
    func stamp(after parents: [EventID]) throws(ServiceError) -> EventID {
        if let latest = parents.map(\.hlc).max(), latest >= hlc.last {
            do {
                _ = try hlc.receive(latest, physicalMs: environment.wallClock.nowMs())
            } catch {
                throw ServiceError(.conflict, "cannot order this write after the ticket's latest event: \(error); check the site clocks (NTP)")
            }
        }
        let id = try stamp()
        assert(parents.allSatisfy { $0 < id })
        return id
    }

    /// The next human number for the year of `nowMs` in the site's civil time. The
    /// sequence is read from the store once per year and then advanced in memory before any
    /// `await`, so concurrent creates never share a number (a failed append leaves a gap).
    func allocateNumber(nowMs: Int64) async throws(ServiceError) -> TicketNumber {
        let year = Self.civilYear(ms: nowMs + Int64(configuration.utcOffsetMinutes) * 60_000)
        if sequenceByYear[year] == nil {
            let code = configuration.siteCode
            let last = try await withStore("reading the ticket sequence") {
                try await store.lastSequence(siteCode: code, year: year)
            }
            // Re-check after the await: another create may have loaded it meanwhile.
            if sequenceByYear[year] == nil { sequenceByYear[year] = last }
        }
        let next = (sequenceByYear[year] ?? 0) + 1
        sequenceByYear[year] = next
        return TicketNumber(siteCode: configuration.siteCode, year: year, sequence: next)
    }

    /// The proleptic Gregorian year of a count of milliseconds since the Unix epoch
    /// (Howard Hinnant's `civil_from_days`), without Foundation's calendar.
    static func civilYear(ms: Int64) -> Int {
        let days = Int(ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Runs `body` holding the ticket's write lock; waiters are served in arrival order.
    func withTicketLock<T>(_ id: TicketID, _ body: () async throws(ServiceError) -> T) async throws(ServiceError) -> T {
        await lockTicket(id)
        defer { unlockTicket(id) }
        return try await body()
    }

    private func lockTicket(_ id: TicketID) async {
        guard lockedTickets.contains(id) else {
            lockedTickets.insert(id)
            return
        }
        // Ownership is handed over by `unlockTicket`; the id stays in `lockedTickets`.
        await withCheckedContinuation { lockWaiters[id, default: []].append($0) }
    }

    private func unlockTicket(_ id: TicketID) {
        guard var waiters = lockWaiters[id], !waiters.isEmpty else {
            lockedTickets.remove(id)
            return
        }
        let next = waiters.removeFirst()
        lockWaiters[id] = waiters.isEmpty ? nil : waiters
        next.resume()
    }

    // MARK: Bounds on event content

    /// Checks the payload of an event before touching the ticket: bad fields are a 400
    /// whatever state the ticket is in.
    func checkBody(_ body: TicketEventBody) throws(ServiceError) {
        if case .created = body {
            throw .invalid(field: "type", "tickets are created with create(draft:), not appended as an event")
        }
        do {
            try body.validateFields()
        } catch {
            throw Self.serviceError(error)
        }
    }

    /// Field problems become `invalidInput` (with the field), state problems `invalidTransition`.
    static func serviceError(_ error: TicketTransitionError) -> ServiceError {
        switch error.kind {
        case .fieldTooLong(let field, _), .tooManyItems(let field, _), .missingField(let field),
             .invalidField(let field, _):
            return .invalid([.init(field: field, message: error.message)], message: error.message)
        case .invalidSatisfaction:
            return .invalid([.init(field: "satisfaction", message: error.message)], message: error.message)
        case .actorNotAllowed:
            return ServiceError(.invalidTransition, error.message)
        case .invalidTransition, .alreadyClosed, .escalationLevelOutOfOrder, .escalationAlreadyRecorded,
             .followUpPending:
            return ServiceError(.invalidTransition, error.message)
        }
    }
}
