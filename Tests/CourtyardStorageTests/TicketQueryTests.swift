import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import CourtyardStorage
import Testing

/// Every `TicketQuery` filter, over one fixed set of five tickets.
@Suite("GRDBTicketStore queries")
struct TicketQueryTests {
    let a = TicketScript(createdAtMs: 1_000)
    let b = TicketScript(createdAtMs: 2_000)
    let c = TicketScript(createdAtMs: 3_000)
    let d = TicketScript(site: Sites.hq, createdAtMs: 4_000)
    let e = TicketScript(createdAtMs: 5_000)

    private func seeded(_ kind: DatabaseKind) async throws -> GRDBTicketStore {
        let store = try TestDatabase(kind).tickets
        _ = try await store.append(chained([
            a.created(sequence: 1, title: "漏水", residentID: "r1", roomID: "3-1-101"),
            b.created(sequence: 2, title: "投诉", category: .complaint, priority: .major, residentID: "r2"),
            b.assigned(afterMs: 10, to: "tech-1", department: "客服部"),
            c.created(sequence: 3, title: "电梯", category: .publicFacilityRepair, priority: .emergency,
                      roomID: "3-1-101"),
            c.assigned(afterMs: 10, to: "tech-2"),
            c.event(afterMs: 20, .escalated(EscalationMark(level: 1, deadline: .response, dueAtMs: 3_010, notify: "主管"))),
            c.event(afterMs: 30, .escalated(EscalationMark(level: 2, deadline: .response, dueAtMs: 3_020, notify: "经理"))),
            d.created(sequence: 1, title: "咨询", category: .consultation, residentID: "r1", siteCode: "HQ"),
            e.created(sequence: 4, title: "停水"),
            e.event(afterMs: 10, .cancelled(Cancellation(reason: "重复"))),
        ]))
        return store
    }

    private func ids(_ store: GRDBTicketStore, _ query: TicketQuery) async throws -> [TicketID] {
        try await store.tickets(query).tickets.map(\.id)
    }

    @Test(arguments: DatabaseKind.allCases)
    func recentlyUpdatedOrder_putsTheLastChangedFirst(kind: DatabaseKind) async throws {
        let store = try TestDatabase(kind).tickets
        _ = try await store.append(chained([
            a.created(sequence: 1, title: "漏水"), b.created(sequence: 2, title: "投诉"),
            a.assigned(afterMs: 5_000, to: "tech-1"),
        ]))
        var query = TicketQuery()
        #expect(try await ids(store, query) == [b, a].map(\.ticketID))
        query.order = .recentlyUpdated
        #expect(try await ids(store, query) == [a, b].map(\.ticketID))
        let memory = InMemoryTicketStore()
        _ = try await memory.append(chained([
            a.created(sequence: 1, title: "漏水"), b.created(sequence: 2, title: "投诉"),
            a.assigned(afterMs: 5_000, to: "tech-1"),
        ]))
        #expect(try await memory.tickets(query).tickets.map(\.id) == [a, b].map(\.ticketID))
    }

    @Test(arguments: DatabaseKind.allCases)
    func noFilter_listsAllNewestFirst(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        let page = try await store.tickets(TicketQuery())
        #expect(page.tickets.map(\.id) == [e, d, c, b, a].map(\.ticketID))
        #expect(page.total == 5)
    }

    @Test(arguments: DatabaseKind.allCases)
    func eachFilter_selectsOnlyMatchingTickets(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await ids(store, TicketQuery(site: Sites.hq)) == [d.ticketID])
        #expect(try await ids(store, TicketQuery(statuses: [.dispatched])) == [c, b].map(\.ticketID))
        #expect(try await ids(store, TicketQuery(statuses: [.open, .cancelled])) == [e, d, a].map(\.ticketID))
        #expect(try await ids(store, TicketQuery(category: .complaint)) == [b.ticketID])
        #expect(try await ids(store, TicketQuery(priority: .emergency)) == [c.ticketID])
        #expect(try await ids(store, TicketQuery(assignee: "tech-1")) == [b.ticketID])
        #expect(try await ids(store, TicketQuery(department: "工程部")) == [c.ticketID])
        #expect(try await ids(store, TicketQuery(residentID: "r1")) == [d, a].map(\.ticketID))
        #expect(try await ids(store, TicketQuery(roomID: "3-1-101")) == [c, a].map(\.ticketID))
        #expect(try await ids(store, TicketQuery(minEscalationLevel: 2)) == [c.ticketID])
        #expect(try await ids(store, TicketQuery(minEscalationLevel: 3)).isEmpty)
        #expect(try await ids(store, TicketQuery(createdFromMs: 2_000, createdToMs: 4_000)) == [c, b].map(\.ticketID))
    }

    @Test(arguments: DatabaseKind.allCases)
    func filters_combineWithAnd(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        #expect(try await ids(store, TicketQuery(site: Sites.northBay, residentID: "r1")) == [a.ticketID])
        #expect(try await ids(store, TicketQuery(statuses: [.dispatched], priority: .major)) == [b.ticketID])
        #expect(try await store.tickets(TicketQuery(site: Sites.hq, category: .repair)).total == 0)
    }

    @Test(arguments: DatabaseKind.allCases)
    func limitAndOffset_pageThroughWithStableTotal(kind: DatabaseKind) async throws {
        let store = try await seeded(kind)
        let first = try await store.tickets(TicketQuery(limit: 2))
        let second = try await store.tickets(TicketQuery(limit: 2, offset: 2))
        let last = try await store.tickets(TicketQuery(limit: 2, offset: 4))
        #expect(first.tickets.map(\.id) == [e, d].map(\.ticketID))
        #expect(second.tickets.map(\.id) == [c, b].map(\.ticketID))
        #expect(last.tickets.map(\.id) == [a.ticketID])
        #expect([first.total, second.total, last.total] == [5, 5, 5])
    }
}
