import Testing
import CourtyardCRDT
import CourtyardDomain
@testable import CourtyardCallCenter

typealias D = CallSession.Directive

/// Shared fixtures: the demo menu of north-bay (0 = agent, 1 = notices, 2 = fees,
/// 3 = repairs, 4 = information, 5 = voice mail, 9 = emergency).
enum Fixture {
    static let site = SiteID("north-bay")
    static let menu = IVRMenu.demo(site: site)
    static let service = QueueID("north-bay.service")
    static let emergencyQ = QueueID("north-bay.emergency")
    static let agent = AgentID("agent-7")
    static let notice = IVRNotice(id: "n1", kind: .outage, text: "3号楼明天停水", validFromMs: 0, validUntilMs: 10_000)

    static func session(notices: [IVRNotice] = []) -> CallSession {
        CallSession(callID: CallID("north-bay:c1"), caller: try? PhoneNumber(parsing: "13812345678"),
                    menu: menu, notices: notices, nowMs: 1_000)
    }

    /// A started session after pressing `keys` one by one.
    static func at(_ keys: String...) throws -> CallSession {
        var s = session()
        _ = try s.start(nowMs: 1_000)
        for k in keys { _ = try s.onDigits(k, nowMs: 1_100) }
        return s
    }
}

extension Array where Element == CallSession.Directive {
    var tickets: [CallSession.TicketRequest] { compactMap { if case .createTicket(let t) = $0 { t } else { nil } } }
    var enqueues: [D] { filter { if case .enqueue = $0 { true } else { false } } }
    var plays: [String] { compactMap { if case .play(let t, _) = $0 { t } else { nil } } }
    var collects: Bool { contains { if case .collectDigits = $0 { true } else { false } } }
}

@Suite struct CallSessionMenuTests {
    @Test func start_playsValidNoticesAsAnnouncements_thenMenu_thenCollectsOneKey() throws {
        var s = Fixture.session(notices: [Fixture.notice])
        let out = try s.start(nowMs: 1_000)
        #expect(out.first == .play(text: "3号楼明天停水", announcement: true))
        #expect(out.contains(.countHit(.root)))
        #expect(out.last == .collectDigits(digitsMax: 1, timeoutMs: Fixture.menu.digitTimeoutMs, terminator: nil))
        #expect(s.phase == .menu(.root))
    }

    @Test func start_twice_isOutOfOrder() throws {
        var s = try Fixture.at()
        #expect(throws: CallSessionError.self) { try s.start(nowMs: 2) }
    }

    @Test func submenu_key_entersIt_andCountsTheHit() throws {
        var s = try Fixture.at()
        let out = try s.onDigits("3", nowMs: 1)
        #expect(out.first == .countHit(IVRNodePath([.d3])))
        #expect(s.phase == .menu(IVRNodePath([.d3])))
        _ = try s.onDigits("*", nowMs: 2)
        #expect(s.phase == .menu(.root), "* goes back")
    }

    @Test func invalidKey_reprompts_untilRetryLimit_thenTransfersToFallbackQueue() throws {
        var s = try Fixture.at()
        for _ in 1..<Fixture.menu.attemptsMax {
            let out = try s.onDigits("7", nowMs: 1)
            #expect(out.plays.first == Fixture.menu.prompts.invalidKey)
            #expect(out.collects)
            #expect(s.phase == .menu(.root))
        }
        let last = try s.onDigits("7", nowMs: 1)
        #expect(last.last == .enqueue(Fixture.service, .normal))
        #expect(s.phase == .queued(Fixture.service, .normal))
    }

    @Test func silence_counts_asFailedAttempt() throws {
        var s = try Fixture.at()
        let first = try s.onNoInput(nowMs: 1)
        #expect(first.plays.first == Fixture.menu.prompts.noInput)
        _ = try s.onNoInput(nowMs: 2)
        let last = try s.onNoInput(nowMs: 3)
        #expect(last.contains(.enqueue(Fixture.service, .normal)))
    }

    @Test func validKey_resetsAttempts() throws {
        var s = try Fixture.at()
        _ = try s.onDigits("7", nowMs: 1)
        _ = try s.onDigits("7", nowMs: 1)
        _ = try s.onDigits("#", nowMs: 1)  // repeat: a valid key
        #expect(s.attempts == 0)
        _ = try s.onDigits("7", nowMs: 1)
        #expect(s.phase == .menu(.root))
    }

    @Test func nonKeypadInput_isATypedError_andChangesNothing() throws {
        var s = try Fixture.at()
        let before = s
        #expect(throws: CallSessionError.self) { try s.onDigits("1x", nowMs: 1) }
        #expect(s == before)
    }

    @Test func information_playsContent_andStaysInMenu() throws {
        var s = try Fixture.at("4")
        let out = try s.onDigits("5", nowMs: 1)
        #expect(out.plays.first == "请爱护公共设施，文明养犬，不要高空抛物。")
        #expect(s.phase == .menu(IVRNodePath([.d4])))
    }

    @Test func noticesItem_replaysNotices_orSaysThereAreNone() throws {
        var s = try Fixture.at()
        let out = try s.onDigits("1", nowMs: 1)
        #expect(out.plays.first == Fixture.menu.prompts.noNotices)
        var t = Fixture.session(notices: [Fixture.notice])
        _ = try t.start(nowMs: 1)
        #expect(try t.onDigits("1", nowMs: 1).plays.first == "3号楼明天停水")
    }

    @Test func transfer_enqueuesNormalPriority() throws {
        var s = try Fixture.at()
        let out = try s.onDigits("0", nowMs: 1)
        #expect(out.last == .enqueue(Fixture.service, .normal))
        #expect(out.tickets.isEmpty)
    }

    @Test func emergency_opensEmergencyTicket_andJumpsTheQueue() throws {
        var s = try Fixture.at()
        let out = try s.onDigits("9", nowMs: 1)
        #expect(out.tickets.count == 1)
        #expect(out.tickets.first?.category == .emergency)
        #expect(out.tickets.first?.priority == .emergency)
        #expect(out.last == .enqueue(Fixture.emergencyQ, .emergency))
        #expect(s.phase == .queued(Fixture.emergencyQ, .emergency))
    }
}

@Suite struct CallSessionResumeTests {
    @Test func resumed_withAgent_isBridged_andEndsAsAnswered() throws {
        var (s, out) = CallSession.resumed(callID: CallID("hq:c9"), caller: nil, menu: Fixture.menu,
                                           agent: Fixture.agent, nowMs: 5)
        #expect(out.isEmpty)
        #expect(s.phase == .bridged(Fixture.agent))
        #expect(try s.onHungUp(by: .caller, nowMs: 6) == [.ended(.answered(Fixture.agent))])
    }

    @Test func resumed_withoutAgent_isRequeuedToFallback() {
        let (s, out) = CallSession.resumed(callID: CallID("hq:c9"), caller: nil, menu: Fixture.menu, agent: nil, nowMs: 5)
        #expect(out == [.enqueue(Fixture.service, .normal)])
        #expect(s.phase == .queued(Fixture.service, .normal))
    }
}
