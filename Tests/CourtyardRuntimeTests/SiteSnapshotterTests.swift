import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Testing

/// This site's snapshot read from the node's own stores: open tickets, overdue ones per
/// escalation level (from real escalations), and the member view it is given.
@Suite struct SiteSnapshotterTests {
    @Test func snapshot_countsOpenTicketsAndOverdueOnesPerLevel_fromTheTicketStore() async throws {
        let h = Harness()
        let service = h.tickets()
        let late1 = try await service.create(draft: repairDraft("厨房水龙头漏水"), actor: "a")
        let late2 = try await service.create(draft: repairDraft("卫生间下水道堵塞"), actor: "a")
        for _ in 0..<(24 * 12) {
            h.wall.advance(byMs: 5 * 60_000)
            _ = try await service.runEscalations()
        }
        _ = try await service.create(draft: repairDraft("门禁卡失灵"), actor: "a")
        let done = try await service.create(draft: repairDraft("楼道灯不亮"), actor: "a")
        _ = try await service.append(ticket: done.id, body: .cancelled(Cancellation(reason: "重复")), actor: "a")

        let member = SnapshotMember(site: ReplicaID("hq"), endpoint: "10.0.0.2:7946", status: "alive")
        let snapshotter = SiteSnapshotter(site: ReplicaID("north-bay"), tickets: h.store, callCenter: nil, ledger: nil,
                                          environment: h.environment, members: { [member] })
        let s = try await snapshotter.snapshot()
        #expect(s.site == ReplicaID("north-bay") && s.takenAtMs == h.wall.nowMs())
        #expect(s.openTickets == 3)
        #expect(s.overdueByLevel == [0, 0, 2])
        #expect(Set(s.overdue.map(\.id)) == [late1.id.rawValue, late2.id.rawValue])
        #expect(s.overdue.allSatisfy { $0.level == 3 })
        #expect(s.members == [member])
        #expect(s.waitingCalls == 0 && s.serviceLevel.percent == nil)
        try s.validate(expectedSite: ReplicaID("north-bay"))
    }
}
