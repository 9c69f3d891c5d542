import CourtyardCRDT
@testable import CourtyardCallCenter

/// A hand-built ledger whose figures are worked out by hand in `ReportFiguresTests`.
///
/// T0 = 2026-01-01T00:00:00Z (08:00 in China); call times are seconds after T0 + 1 h.
enum LedgerFixture {
    static let t0: Int64 = 1_767_225_600_000
    static let northBay = SiteID("north-bay")
    static let hq = SiteID("hq")
    static let a1 = AgentID("a1"), a2 = AgentID("a2"), a9 = AgentID("a9")

    static func at(_ s: Int64) -> Int64 { t0 + 3_600_000 + s * 1_000 }

    static func call(_ id: String, site: SiteID = northBay, _ steps: [(Int64, LedgerEventBody)]) -> [LedgerEvent] {
        steps.map { LedgerEvent(site: site, atMs: at($0.0), callID: CallID(id), body: $0.1) }
    }

    static func entered(_ caller: String = "+8613812345678") -> LedgerEventBody {
        .callEntered(caller: caller, dialled: "4008101234")
    }

    static let queue = QueueID("north-bay.repairs")

    /// c1 answered in 10 s, c2 sticky and answered in 30 s, c3 short abandon, c4 long abandon
    /// while ringing, c5 stays in the IVR, c6 overflows to hq and is answered after 65 s,
    /// c7 goes to voicemail, c10 answered in 5 s and transferred from a2 to a1.
    static var calls: [LedgerEvent] {
        call("c1", [(0, entered()), (1, .ivrNode(node: "main")), (2, .ivrNode(node: "repair")),
                    (5, .queueEntered(queue: queue)), (6, .offered(agent: a1, sticky: false)),
                    (15, .answered(agent: a1)), (115, .hungUp(by: .caller)),
                    (115, .wrapUpStarted(agent: a1)), (135, .wrapUpEnded(agent: a1))])
        + call("c2", [(100, entered()), (101, .ivrNode(node: "main")), (105, .queueEntered(queue: queue)),
                      (110, .offered(agent: a2, sticky: true)), (135, .answered(agent: a2)),
                      (195, .hungUp(by: .agent)), (195, .wrapUpStarted(agent: a2)), (225, .wrapUpEnded(agent: a2))])
        + call("c3", [(200, entered()), (202, .queueEntered(queue: queue)),
                      (205, .abandoned(stage: .queued, waitedMs: 3_000))])
        + call("c4", [(300, entered()), (300, .queueEntered(queue: queue)), (302, .offered(agent: a1, sticky: false)),
                      (312, .offerEnded(agent: a1, outcome: .timedOut)), (340, .abandoned(stage: .ringing, waitedMs: 40_000))])
        + call("c5", [(400, entered()), (401, .ivrNode(node: "main")), (402, .ivrNode(node: "notices")),
                      (420, .hungUp(by: .caller))])
        + call("c6", [(500, entered()), (500, .queueEntered(queue: queue)), (560, .overflowed(toSite: hq))])
        + call("c6", site: hq, [(561, .offered(agent: a9, sticky: false)), (565, .answered(agent: a9)),
                                (665, .hungUp(by: .caller))])
        + call("c7", [(600, entered()), (600, .queueEntered(queue: queue)), (630, .voicemail), (700, .hungUp(by: .caller))])
        + call("c10", [(800, entered()), (800, .queueEntered(queue: queue)), (801, .offered(agent: a2, sticky: false)),
                       (805, .answered(agent: a2)), (865, .transferred(from: a2, toAgent: a1, toQueue: nil)),
                       (866, .offered(agent: a1, sticky: false)), (870, .answered(agent: a1)), (930, .hungUp(by: .agent))])
    }

    /// Noise the report must ignore: a call entered the next day, events of a call whose
    /// entry is missing, a call entered at hq.
    static var noise: [LedgerEvent] {
        call("c8", [(86_400, entered()), (86_401, .queueEntered(queue: queue))])
        + call("c9", [(50, .queueEntered(queue: queue)), (60, .abandoned(stage: .queued, waitedMs: 10_000))])
        + call("c11", site: hq, [(50, entered()), (51, .queueEntered(queue: queue)), (52, .answered(agent: a9)),
                                 (112, .hungUp(by: .caller))])
    }

    static func state(_ agent: AgentID, _ s: Int64, _ from: LedgerAgentState, _ to: LedgerAgentState,
                      site: SiteID = northBay, reason: String? = nil) -> LedgerEvent {
        LedgerEvent(site: site, atMs: t0 + s * 1_000, callID: nil,
                    body: .agentState(agent: agent, from: from, to: to, reason: reason))
    }

    /// a1 over the first hour (seconds after T0): logged out until 600, available, reserved
    /// 1200–1210, on call until 1810, wrap-up until 2110, available, not ready from 3000.
    static var a1States: [LedgerEvent] {
        [state(a1, 600, .loggedOut, .available), state(a1, 1_200, .available, .reserved),
         state(a1, 1_210, .reserved, .onCall), state(a1, 1_810, .onCall, .wrapUp),
         state(a1, 2_110, .wrapUp, .available), state(a1, 3_000, .available, .notReady, reason: "lunch")]
    }

    static var range: LedgerRange { try! LedgerRange(fromMs: t0, toMs: t0 + 86_400_000) }
}
