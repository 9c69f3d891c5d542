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
        if let stored { hlc.restore(atLeast: stored) }
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

    /// Checks the bounds of what an event carries (the transition itself is checked against
    /// the ticket's state by `TicketState.validate`).
    func checkBody(_ body: TicketEventBody) throws(ServiceError) {
        let max = configuration.textLengthMax
        var problems: [ServiceError.FieldError] = []
        func text(_ field: String, _ value: String?, required: Bool = false) {
            guard let value else {
                if required { problems.append(.init(field: field, message: "is required")) }
                return
            }
            if required && value.trimmedWhitespace.isEmpty { problems.append(.init(field: field, message: "must not be empty")) }
            if value.count > max { problems.append(.init(field: field, message: "longer than \(max) characters")) }
        }
        switch body {
        case .created:
            problems.append(.init(field: "type", message: "tickets are created with POST /tickets, not as an event"))
        case .assigned(let a), .reassigned(let a):
            text("assignee", a.assignee, required: true)
            text("department", a.department, required: true)
            text("note", a.note)
        case .note(let n):
            text("text", n.text, required: true)
            if n.photos.count > 50 { problems.append(.init(field: "photos", message: "at most 50 photos")) }
            if n.materials.count > 100 { problems.append(.init(field: "materials", message: "at most 100 materials")) }
            for (i, m) in n.materials.enumerated() {
                text("materials[\(i)].name", m.name, required: true)
                if !(m.quantity > 0 && m.quantity.isFinite) {
                    problems.append(.init(field: "materials[\(i)].quantity", message: "must be a positive number"))
                }
            }
        case .suspended(let s): text("reason", s.reason, required: true)
        case .resolved(let r): text("summary", r.summary, required: true)
        case .callback(let c):
            if case .score(let s) = c.satisfaction, !(1...5).contains(s) {
                problems.append(.init(field: "satisfaction", message: "must be 1–5 or \"notSolved\""))
            }
            text("comment", c.comment)
        case .warned(let m), .escalated(let m):
            if !(1...3).contains(m.level) { problems.append(.init(field: "level", message: "must be 1, 2 or 3")) }
        case .closed(let c):
            text("apology", c.apology)
            text("reason", c.reason)
            text("remedy", c.remedy)
        case .cancelled(let c): text("reason", c.reason, required: true)
        case .accepted, .arrived, .resumed, .childOpened: break
        }
        guard problems.isEmpty else { throw .invalid(problems, message: "invalid \(body.kind) event") }
    }
}
