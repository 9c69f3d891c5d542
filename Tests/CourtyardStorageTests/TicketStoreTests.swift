import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Testing

// No timing assertions here: performance belongs to benchmarks, not to tests.

@Suite("GRDBTicketStore")
struct TicketStoreTests {
    // MARK: Append

    @Test(arguments: DatabaseKind.allCases)
    func append_sameBatchTwice_reportsDuplicatesAndStoresOneCopy(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let t = TicketScript(createdAtMs: 1_000_000)
        let batch = chained([t.created(sequence: 1, title: "漏水"), t.assigned(afterMs: 10, to: "tech-7")])

        let first = try await store.append(batch)
        let second = try await store.append(batch)

        #expect(first.inserted == batch.map(\.id))
        #expect(first.duplicates.isEmpty)
        #expect(second.inserted.isEmpty)
        #expect(second.duplicates == batch.map(\.id))
        #expect(try await store.eventCount() == 2)
        #expect(try await store.events(of: t.ticketID) == batch)
    }

    @Test(arguments: DatabaseKind.allCases)
    func append_duplicateInsideOneBatch_storesItOnce(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let t = TicketScript(createdAtMs: 1_000_000)
        let created = t.created(sequence: 1, title: "停电")

        let result = try await store.append([created, created])

        #expect(result.inserted == [created.id])
        #expect(result.duplicates == [created.id])
        #expect(try await store.eventCount() == 1)
    }

    @Test(arguments: DatabaseKind.allCases)
    func view_equalsFoldOfStoredLog(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let t = TicketScript(createdAtMs: 2_000_000)
        let events = chained([
            t.created(sequence: 5, title: "电梯故障", priority: .major),
            t.assigned(afterMs: 100, to: "tech-1"),
            t.event(afterMs: 200, .accepted),
            t.event(afterMs: 300, origin: Sites.hq,
                    .escalated(EscalationMark(level: 1, deadline: .arrival, dueAtMs: 2_000_250, notify: "主管"))),
            t.event(afterMs: 400, .arrived),
        ])
        _ = try await store.append(Array(events[0..<2]))
        _ = try await store.append(Array(events[2...]))

        let stored = try await store.events(of: t.ticketID)
        let view = try #require(try await store.ticket(t.ticketID))
        #expect(stored == events)
        #expect(view == TicketState.fold(stored))
        #expect(view.assignee == "tech-1")
        #expect(view.escalationLevel == 1)
    }

    @Test(arguments: DatabaseKind.allCases)
    func outOfOrderDelivery_noteBeforeCreated_viewAppearsWhenCreatedArrives(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let t = TicketScript(createdAtMs: 3_000_000)
        let history = chained([t.created(sequence: 9, title: "噪音投诉", category: .complaint),
                               t.assigned(afterMs: 20, to: "tech-2"), t.note(afterMs: 50, "已联系邻居")])
        let (created, assigned, note) = (history[0], history[1], history[2])

        _ = try await store.append([note])
        #expect(try await store.ticket(t.ticketID) == nil)
        #expect(try await store.eventCount() == 1)
        #expect(try await store.tickets(TicketQuery()).total == 0)

        _ = try await store.append([assigned, created])
        let view = try #require(try await store.ticket(t.ticketID))
        #expect(view == TicketState.fold([created, assigned, note]))
        #expect(view.eventCount == 3)
        #expect(view.assignee == "tech-2")
        #expect(try await store.events(of: t.ticketID) == [created, assigned, note])
    }

    @Test(arguments: DatabaseKind.allCases)
    func append_eventWithUnstorableTimestamp_throwsAndWritesNothing(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let good = TicketScript(createdAtMs: 1_000).created(sequence: 1, title: "ok")
        let bad = TicketScript(createdAtMs: 1_000).event(afterMs: -2_000, .accepted)  // negative wall time

        await #expect(throws: StorageError.self) { try await store.append([good, bad]) }
        #expect(try await store.eventCount() == 0)
    }

    @Test(arguments: DatabaseKind.allCases)
    func append_beyondEventsPerTicketMax_throwsAndWritesNothing(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let t = TicketScript(createdAtMs: 1_000)
        let notes = (1...TicketState.eventsPerTicketMax).map { t.note(afterMs: Int64($0), "进展 \($0)") }
        _ = try await store.append([t.created(sequence: 1, title: "长工单")] + notes.dropLast())

        await #expect(throws: StorageError.self) { try await store.append(Array(notes.suffix(2))) }
        #expect(try await store.eventCount() == TicketState.eventsPerTicketMax)
    }

    // MARK: Lookups

    @Test(arguments: DatabaseKind.allCases)
    func ticketByNumber_findsTheTicket(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        let t = TicketScript(createdAtMs: 5_000)
        _ = try await store.append([t.created(sequence: 123, title: "门禁坏了")])

        #expect(try await store.ticket(number: "NB-2026-000123")?.id == t.ticketID)
        #expect(try await store.ticket(number: "NB-2026-000124") == nil)
    }

    @Test(arguments: DatabaseKind.allCases)
    func lastSequence_isHighestPerSiteCodeAndYear(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        #expect(try await store.lastSequence(siteCode: "NB", year: 2026) == 0)
        _ = try await store.append([
            TicketScript(createdAtMs: 1_000).created(sequence: 7, title: "a"),
            TicketScript(createdAtMs: 2_000).created(sequence: 41, title: "b"),
            TicketScript(createdAtMs: 3_000).created(sequence: 99, title: "c", year: 2025),
            TicketScript(site: Sites.hq, createdAtMs: 4_000).created(sequence: 500, title: "d", siteCode: "HQ"),
        ])

        #expect(try await store.lastSequence(siteCode: "NB", year: 2026) == 41)
        #expect(try await store.lastSequence(siteCode: "NB", year: 2025) == 99)
        #expect(try await store.lastSequence(siteCode: "HQ", year: 2026) == 500)
        #expect(try await store.lastSequence(siteCode: "SB", year: 2026) == 0)
    }

    @Test(arguments: DatabaseKind.allCases)
    func maxHLC_isHighestTimestampIssuedByThatOrigin(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        #expect(try await store.maxHLC(origin: Sites.northBay) == nil)
        let t = TicketScript(createdAtMs: 10_000)
        let late = TicketEvent(id: EventID(hlc: HLCTimestamp(wallMs: 10_500, logical: 3), origin: Sites.northBay),
                               ticketID: t.ticketID, actor: "x", parents: [], body: .accepted)
        _ = try await store.append([
            t.created(sequence: 1, title: "x"), late,
            t.event(afterMs: 400, .arrived),
            t.event(afterMs: 9_000, origin: Sites.hq, .resumed),
        ])

        #expect(try await store.maxHLC(origin: Sites.northBay) == HLCTimestamp(wallMs: 10_500, logical: 3))
        #expect(try await store.maxHLC(origin: Sites.hq) == HLCTimestamp(wallMs: 19_000))
    }
}
