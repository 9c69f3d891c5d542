import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

/// A write on a ticket that another site stamped with a clock running ahead must still sort
/// after what it saw (the fold orders by event id); a parent beyond the drift bound is refused.
@Suite struct TicketServiceSkewTests {
    /// Creates a ticket at `hq` whose clock runs `aheadMs` ahead, in the shared store.
    func ticketFromAheadSite(_ store: InMemoryTicketStore, aheadMs: Int64) async throws -> TicketState {
        let hqHarness = Harness(nowMs: march2026Ms + aheadMs, store: store)
        return try await hqHarness.tickets(site: "hq", code: "HQ").create(draft: repairDraft(), actor: "cs-chen")
    }

    @Test func appendAfterASkewedParent_sortsAfterIt() async throws {
        let store = InMemoryTicketStore()
        let ticket = try await ticketFromAheadSite(store, aheadMs: 30_000)
        let local = Harness(nowMs: march2026Ms, store: store).tickets()
        let (event, state) = try await local.append(
            ticket: ticket.id, body: .assigned(Assignment(assignee: "tech-li", department: "工程部", mode: .assign)),
            actor: "cs-lin")
        #expect(ticket.frontier.allSatisfy { $0 < event.id }, "the new event must order after its parents")
        #expect(state.status == .dispatched, "the fold applied it (not skipped as a missing parent)")
        #expect(state.conflicts.isEmpty)
    }

    @Test func parentBeyondTheDriftBound_isRefusedWithAClearError() async throws {
        let store = InMemoryTicketStore()
        let ticket = try await ticketFromAheadSite(store, aheadMs: HybridLogicalClock.maxDriftMsDefault + 60_000)
        let local = Harness(nowMs: march2026Ms, store: store).tickets()
        let before = try await store.eventCount()
        do {
            _ = try await local.append(ticket: ticket.id, body: .accepted, actor: "tech-li")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.kind == .conflict || error.kind == .invalidTransition)
        }
        #expect(try await store.eventCount() == before, "nothing written")
    }
}
