import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Synchronization

// MARK: - A fake gateway

/// A gateway link that records every command the node sends.
final class FakeGateway: CTIGatewayLink {
    let linkID: UInt64
    let gatewayId: String
    private let sent = Mutex<[CTICommand]>([])
    private let seq = Mutex<UInt64>(0)

    init(id: String = "gw-test", linkID: UInt64 = 1) {
        gatewayId = id
        self.linkID = linkID
    }

    func send(_ commands: [CTICommand]) { sent.withLock { $0 += commands } }

    var commands: [CTICommand] { sent.withLock { $0 } }

    /// Commands for one call, in order.
    func commands(for call: CallID) -> [CTICommand] {
        commands.filter { $0.callId == call }
    }

    func nextSeq() -> UInt64 { seq.withLock { $0 += 1; return $0 } }
}

extension CTICommand {
    var callId: CallID? {
        switch self {
        case .play(let c, _, _, _, _), .collect(let c, _, _, _, _), .enqueue(let c, _, _, _), .bridge(let c, _, _, _, _),
             .cancelBridge(let c, _, _), .voicemail(let c, _, _), .transfer(let c, _, _), .hangUp(let c, _, _): c
        default: nil
        }
    }

    var bridgedAgent: AgentID? {
        if case .bridge(_, _, let a, _, _) = self { return a }
        return nil
    }

    var cancelledAgent: AgentID? {
        if case .cancelBridge(_, _, let a) = self { return a }
        return nil
    }
}

// MARK: - One node's call center in-process

/// A call center over in-memory stores, a manual wall clock and a fake gateway.
struct CallCenterRig {
    let harness: Harness
    let tickets: TicketService
    let ledger: InMemoryCallLedgerStore
    let bills: InMemoryBillsStore
    let center: CallCenter
    let gateway = FakeGateway()

    init(site: String = "north-bay", configure: (inout CallCenterConfiguration) -> Void = { _ in }) {
        harness = Harness()
        tickets = harness.tickets(site: site)
        ledger = InMemoryCallLedgerStore()
        bills = InMemoryBillsStore()
        var config = CallCenterConfiguration.demo(site: ReplicaID(site), gatewayTokens: ["gw-test": "s3cret"],
                                                  overflowAfterMs: nil)
        configure(&config)
        center = CallCenter(configuration: config,
                            services: CallCenterServices(tickets: tickets, directory: harness.directory, bills: bills,
                                                         ledger: ledger),
                            environment: harness.environment)
    }

    var wall: ManualWallClock { harness.wall }

    /// A call arrives; returns its id after the node has played the menu.
    func offer(_ gatewayCallId: String, caller: String = "13812345678") async -> CallID {
        let id = await center.gatewayCallOffered(gatewayCallId: gatewayCallId, caller: caller, dialled: "4008101234",
                                                 link: gateway)
        await center.settle()
        return id
    }

    @discardableResult
    func send(_ event: CTIEvent) async -> CTIProtocolError? {
        let e = await center.gatewayEvent(event, seq: gateway.nextSeq(), link: gateway)
        await center.settle()
        return e
    }

    func keys(_ call: CallID, _ g: String, _ digits: String) async {
        await send(.dtmf(gatewayCallId: g, callId: call, digits: digits))
    }

    /// Moves wall time forward and runs one timer round.
    func advance(ms: Int64) async {
        wall.advance(byMs: ms)
        await center.tick()
        await center.settle()
    }

    func logIn(_ agent: String, wrapUpMs: Int64 = 0) async throws {
        _ = try await center.logIn(AgentID(agent), wrapUpMs: wrapUpMs)
        await center.settle()
    }

    func allTickets() async throws -> [TicketState] {
        try await tickets.list(TicketQuery(limit: 100)).tickets
    }

    func ledgerKinds(_ call: CallID) -> [String] {
        ledger.all.filter { $0.callID == call }.map(\.body.kind)
    }

    func agentState(_ agent: String) async -> AgentStateKind? {
        await center.acdSnapshot.agents[AgentID(agent)]?.state.kind
    }

    func consoleEvents(_ agent: String) async -> [AgentConsoleEvent] {
        guard let s = await center.agentSession(AgentID(agent)) else { return [] }
        return await s.recent
    }
}

/// Waits until every call center is idle (effects, ledger writes, remote calls), bounded.
func settleAll(_ centers: [CallCenter], rounds: Int = 50) async {
    for _ in 0..<rounds {
        for c in centers { await c.settle() }
        var idle = true
        for c in centers where !(await c.isIdle) { idle = false }
        if idle { return }
    }
}
