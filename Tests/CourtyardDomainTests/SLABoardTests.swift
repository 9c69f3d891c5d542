import CourtyardCRDT
@testable import CourtyardDomain
import Testing

/// The supervisor wall's SLA board: counts per escalation level and urgency order.
struct SLABoardTests {
    static func completionMs(_ h: TicketHistory) -> Int64 { SLAPolicy.standard.targets(for: h.state.created).completionMs }

    /// Writes what the planner asks for at `nowMs`, like the home node's timer.
    static func runPlanner(_ h: inout TicketHistory, nowMs: Int64) {
        for d in EscalationPlanner.evaluate(state: h.state, policy: .standard, calendar: .alwaysOpen, ladder: .standard,
                                            nowMs: nowMs) {
            h.add(d.eventBody(ladder: .standard), atMinute: (nowMs - h.startMs) / minuteMs, actor: "system",
                  logical: UInt32(d.level))
        }
    }

    static func board(_ hs: [TicketHistory], nowMs: Int64, rowsMax: Int = SLABoard.rowsMax) -> SLABoard {
        SLABoard.build(states: hs.map(\.state), policy: .standard, calendar: .alwaysOpen, ladder: .standard,
                       nowMs: nowMs, rowsMax: rowsMax)
    }

    @Test func board_countsEscalatedAndWarnedPerLevel_ignoresFinishedTickets_andOrdersByUrgency() {
        let base = mondayNineBeijingMs
        var late = TicketHistory(startMs: base)
        let completion = Self.completionMs(late)
        let nowMs = base + completion + minuteMs  // `late` is just past its completion deadline
        // `warned` is at 90% of its target: past the warning (80%), before the deadline.
        var warned = TicketHistory(startMs: nowMs - completion * 9 / 10)
        let fresh = TicketHistory(startMs: nowMs - minuteMs)
        var cancelled = TicketHistory(startMs: base + minuteMs)
        cancelled.add(.cancelled(Cancellation(reason: "重复报修")), atMinute: 2)
        Self.runPlanner(&late, nowMs: nowMs)
        Self.runPlanner(&warned, nowMs: nowMs)

        let board = Self.board([fresh, cancelled, warned, late], nowMs: nowMs)

        #expect(board.open == 3)
        #expect(board.overdue == 1)
        #expect(board.levels.map(\.level) == [1, 2, 3])
        #expect(board.levels[0].escalated == 1)
        #expect(board.levels[0].warned == 1)
        #expect(board.levels[1].escalated == 0 && board.levels[2].escalated == 0)
        #expect(board.rows.map(\.ticketID) == [late.ticketID, warned.ticketID, fresh.ticketID])
        let first = board.rows[0]
        #expect(first.escalationLevel == 1 && first.overdue)
        #expect(first.nextLevel == 2)
        #expect(first.completionDueAtMs == base + completion)
        #expect(first.nextDueAtMs.map { $0 > nowMs } == true)
        #expect(board.rows[1].nextLevel == 1 && board.rows[1].nextDueAtMs == warned.startMs + completion)
        #expect(!board.rows[2].overdue)
    }

    @Test func board_boundsItsRows_butCountsEveryOpenTicket() {
        let hs = (0..<5).map { TicketHistory(startMs: mondayNineBeijingMs + Int64($0) * minuteMs) }
        let board = Self.board(hs, nowMs: mondayNineBeijingMs + 10 * minuteMs, rowsMax: 2)
        #expect(board.open == 5)
        #expect(board.rows.count == 2)
        // Same level, none warned: the soonest due first (the oldest ticket).
        #expect(board.rows.map(\.ticketID) == [hs[0].ticketID, hs[1].ticketID])
    }
}
