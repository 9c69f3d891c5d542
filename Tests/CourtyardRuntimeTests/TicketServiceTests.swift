import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

@Suite struct TicketServiceTests {
    // MARK: Numbers and clock

    @Test func create_allocatesSequentialNumbersPerSiteCodeAndYear() async throws {
        let h = Harness()
        let service = h.tickets()
        let first = try await service.create(draft: repairDraft(), actor: "agent-1")
        let second = try await service.create(draft: repairDraft("电梯故障"), actor: "agent-1")
        #expect(first.created.number.description == "NB-2026-000001")
        #expect(second.created.number.description == "NB-2026-000002")
        h.wall.set(march2026Ms + 365 * 86_400_000)
        let nextYear = try await service.create(draft: repairDraft(), actor: "agent-1")
        #expect(nextYear.created.number.description == "NB-2027-000001")
    }

    @Test func create_yearFollowsSiteCivilTimeNotUTC() async throws {
        // 2025-12-31T20:00Z is already 2026-01-01 04:00 in China (UTC+8).
        let h = Harness(nowMs: 1_767_225_600_000 - 4 * 3_600_000)
        let state = try await h.tickets().create(draft: repairDraft(), actor: "agent-1")
        #expect(state.created.number.year == 2026)
    }

    @Test func restart_onSameStore_continuesSequenceAndNeverReusesClock() async throws {
        let h = Harness()
        let before = h.tickets()
        _ = try await before.create(draft: repairDraft(), actor: "a")
        let last = try await before.create(draft: repairDraft(), actor: "a")
        let lastEventID = try #require(try await h.store.events(of: last.id).last?.id)

        // The node restarts with its wall clock 10 s behind (NTP step backwards).
        h.wall.set(march2026Ms - 10_000)
        let after = h.tickets()
        let next = try await after.create(draft: repairDraft(), actor: "a")
        let nextEventID = try #require(try await h.store.events(of: next.id).first?.id)
        #expect(next.created.number.sequence == 3)
        #expect(nextEventID > lastEventID)
        #expect(next.id > last.id)
    }

    // MARK: Dispatch

    @Test func create_withRoundRobinRule_assignsPoolInTurn() async throws {
        let h = Harness()
        _ = try await h.directoryService().upsert(rule: DispatchRule(
            id: "rr", site: ReplicaID("north-bay"), building: "B3", category: .repair,
            department: "工程部", assignees: ["wang", "li", "zhao"], mode: .roundRobin))
        let service = h.tickets()
        var assignees: [String?] = []
        for _ in 0..<4 {
            let state = try await service.create(draft: repairDraft(), actor: "agent-1")
            #expect(state.status == .dispatched)
            #expect(state.department == "工程部")
            assignees.append(state.assignee)
        }
        #expect(assignees == ["wang", "li", "zhao", "wang"])
    }

    @Test func create_withGrabRule_leavesTicketOpenForThePool() async throws {
        let h = Harness()
        _ = try await h.directoryService().upsert(rule: DispatchRule(
            id: "grab", site: ReplicaID("north-bay"), category: .repair, department: "工程部",
            assignees: ["wang", "li"], mode: .grab))
        let state = try await h.tickets().create(draft: repairDraft(), actor: "agent-1")
        #expect(state.status == .open)
        #expect(state.assignee == nil)
        #expect(try await h.store.eventCount() == 1)
    }

    @Test func create_withoutMatchingRule_staysOpen() async throws {
        let h = Harness()
        let state = try await h.tickets().create(draft: repairDraft(), actor: "agent-1")
        #expect(state.status == .open)
    }

    // MARK: Write path

    @Test func append_impossibleTransition_isRefusedAndWritesNothing() async throws {
        let h = Harness()
        let service = h.tickets()
        let state = try await service.create(draft: repairDraft(), actor: "a")
        let before = try await h.store.eventCount()
        await #expect(throws: ServiceError.self) {
            _ = try await service.append(ticket: state.id, body: .callback(CallbackResult(satisfaction: .score(5))), actor: "a")
        }
        #expect(try await h.store.eventCount() == before)
    }

    @Test func append_whenStoreFails_isNotAcknowledged() async throws {
        let h = Harness()
        let service = h.tickets()
        let state = try await service.create(draft: repairDraft(), actor: "a")
        struct DiskFull: Error {}
        await h.store.failNextAppend(with: DiskFull())
        do {
            _ = try await service.append(ticket: state.id, body: .note(ProgressNote(text: "x")), actor: "a")
            Issue.record("append succeeded although the store failed")
        } catch {
            #expect(error.kind == .storage)
        }
        #expect(try await h.store.eventCount() == 1)
    }

    @Test func append_setsParentsToTheFrontier() async throws {
        let h = Harness()
        let service = h.tickets()
        let state = try await service.create(draft: repairDraft(), actor: "a")
        let (event, _) = try await service.append(
            ticket: state.id, body: .assigned(Assignment(assignee: "wang", department: "工程部", mode: .assign)), actor: "a")
        let created = try #require(try await h.store.events(of: state.id).first)
        #expect(event.parents == [created.id])
    }

    @Test func callback_notSolved_opensChildAndLinksIt() async throws {
        let h = Harness()
        let service = h.tickets()
        let t = try await service.create(draft: repairDraft(), actor: "a")
        _ = try await service.append(ticket: t.id, body: .assigned(Assignment(assignee: "wang", department: "工程部", mode: .assign)), actor: "a")
        _ = try await service.append(ticket: t.id, body: .accepted, actor: "wang")
        _ = try await service.append(ticket: t.id, body: .resolved(Resolution(summary: "换了阀芯")), actor: "wang")
        let outcome = try await service.callback(ticket: t.id, result: CallbackResult(satisfaction: .notSolved), actor: "hq")
        let child = try #require(outcome.child)
        #expect(child.created.parentTicketID == t.id)
        #expect(outcome.ticket.children.map(\.childID) == [child.id])
        #expect(child.created.number.sequence == 2)
    }

    // MARK: Escalation

    @Test func runEscalations_asClockAdvances_appendsEachMarkOnce() async throws {
        let h = Harness()
        let service = h.tickets()
        let t = try await service.create(draft: repairDraft(), actor: "a")
        var marks: [String] = []
        for _ in 0..<(24 * 12) {
            h.wall.advance(byMs: 5 * 60_000)
            let run = try await service.runEscalations()
            let again = try await service.runEscalations()
            #expect(again.appended.isEmpty)
            marks += run.appended.map { event in
                switch event.body {
                case .warned(let m): "warned-\(m.level)"
                case .escalated(let m): "escalated-\(m.level)"
                default: "other"
                }
            }
        }
        #expect(Set(marks).count == marks.count)
        #expect(marks.filter { $0.hasPrefix("escalated") }.sorted() == ["escalated-1", "escalated-2", "escalated-3"])
        let state = try await service.ticket(t.id)
        #expect(state.escalationLevel == 3)
        #expect(try await service.runEscalations().nextCheckMs == nil)
    }

    @Test func runEscalations_ignoresResolvedTickets() async throws {
        let h = Harness()
        let service = h.tickets()
        let t = try await service.create(draft: repairDraft(), actor: "a")
        _ = try await service.append(ticket: t.id, body: .assigned(Assignment(assignee: "wang", department: "工程部", mode: .assign)), actor: "a")
        _ = try await service.append(ticket: t.id, body: .accepted, actor: "wang")
        _ = try await service.append(ticket: t.id, body: .resolved(Resolution(summary: "ok")), actor: "wang")
        h.wall.advance(byMs: 48 * 3_600_000)
        #expect(try await service.runEscalations().appended.isEmpty)
    }

    @Test func scheduler_delay_isClampedToBounds() {
        let h = Harness()
        let scheduler = EscalationScheduler(service: h.tickets(), environment: h.environment,
                                            intervalMsMin: 1_000, intervalMsMax: 60_000)
        #expect(scheduler.delay(nextCheckMs: nil, nowMs: 0) == 60_000)
        #expect(scheduler.delay(nextCheckMs: 10, nowMs: 0) == 1_000)
        #expect(scheduler.delay(nextCheckMs: 30_000, nowMs: 0) == 30_000)
        #expect(scheduler.delay(nextCheckMs: 10_000_000, nowMs: 0) == 60_000)
    }
}
