@testable import CourtyardCallCenter
import CourtyardCRDT
import PropertyBased
import Testing

@Suite struct ACDReservationTests {
    let a1 = AgentID("a1"), a2 = AgentID("a2"), c1 = CallID("c1"), c2 = CallID("c2")

    @Test func reserve_whenAgentAlreadyReserved_refusesSecondCall() throws {
        var ledger = AgentReservations()
        try ledger.reserve(agent: a1, call: c1, nowMs: 0)
        #expect(throws: ReservationError.agentAlreadyReserved(a1, holding: c1)) { try ledger.reserve(agent: a1, call: c2, nowMs: 1) }
        #expect(ledger.reservations.count == 1)
    }

    @Test func reserve_whenCallAlreadyPlaced_refusesSecondAgent() throws {
        var ledger = AgentReservations()
        try ledger.reserve(agent: a1, call: c1, nowMs: 0)
        #expect(throws: ReservationError.callAlreadyPlaced(c1, with: a1)) { try ledger.reserve(agent: a2, call: c1, nowMs: 1) }
    }

    @Test func ringAll_allowsSeveralRingingAgents_butOneConnection() throws {
        var ledger = AgentReservations()
        try ledger.reserve(agent: a1, call: c1, nowMs: 0, ringAll: true)
        try ledger.reserve(agent: a2, call: c1, nowMs: 0, ringAll: true)
        #expect(ledger.violations().isEmpty)
        #expect(try ledger.connect(agent: a2, call: c1) == [a1])
        #expect(ledger.agents(holding: c1) == [a2])
        #expect(throws: ReservationError.callAlreadyConnected(c1, to: a2)) {
            try ledger.reserve(agent: a1, call: c1, nowMs: 1, ringAll: true)
        }
    }

    @Test func release_freesTheAgentForTheNextCall() throws {
        var ledger = AgentReservations()
        try ledger.reserve(agent: a1, call: c1, nowMs: 0)
        try ledger.release(agent: a1, call: c1)
        try ledger.reserve(agent: a1, call: c2, nowMs: 1)
        #expect(throws: ReservationError.notReserved(a1, c1)) { try ledger.release(agent: a1, call: c1) }
        #expect(ledger.release(call: c2) == [a1])
        #expect(ledger.reservations.isEmpty)
    }

    @Test func ledger_isBounded() throws {
        var ledger = AgentReservations(capacity: 1)
        try ledger.reserve(agent: a1, call: c1, nowMs: 0)
        #expect(throws: ReservationError.ledgerFull(limit: 1)) { try ledger.reserve(agent: a2, call: c2, nowMs: 0) }
    }

    @Test func plantedBug_allowDoubleReservation_isCaughtByTheInvariantCheck() throws {
        var ledger = AgentReservations(allowDoubleReservation: true)
        try ledger.reserve(agent: a1, call: c1, nowMs: 0)
        try ledger.reserve(agent: a1, call: c2, nowMs: 1)
        #expect(ledger.violations() == ["agent a1 holds 2 calls: [\"c1\", \"c2\"]"])
    }

    @Test func plantedBug_throughTheACD_letsTwoSitesBookOneAgent() {
        var owner = makeACD(site: hq) { $0.allowDoubleReservation = true }
        owner.run(.agentLoggedIn(profile("h1"), nowMs: 0))
        owner.run(.remoteReserveRequested(CallID("north-bay:c1"), agent: AgentID("h1"), from: northBay, caller: nil, nowMs: 1))
        let out = owner.run(.remoteReserveRequested(CallID("west:c2"), agent: AgentID("h1"), from: SiteID("west"),
                                                    caller: nil, nowMs: 2))
        #expect(out.contains(.replyRemote(CallID("west:c2"), agent: AgentID("h1"), to: SiteID("west"), outcome: .granted)))
        #expect(!owner.reservations.violations().isEmpty)
    }

    // MARK: Property: random interleavings never double-book

    @Test func randomInterleavings_neverPutAnAgentOnTwoCallsOrACallOnTwoAgents() async {
        let step = zip(Gen.int(in: 0...9), Gen.int(in: 0...3), Gen.int(in: 0...7))
        await propertyCheck(count: 500, input: step.array(of: 1...120)) { steps in
            var world = TwoSiteWorld()
            for (kind, a, b) in steps {
                world.step(kind: kind, a: a, b: b)
                let problems = world.violations()
                #expect(problems.isEmpty, "\(problems)")
                if !problems.isEmpty { return }
            }
        }
    }
}

// MARK: - A tiny two-site world driven step by step

/// Two ACDs (north-bay: longest idle; hq: ring-all), with overflow on, and the messages between
/// them held in a mailbox delivered when a step says so: reorderings and delays come for free.
struct TwoSiteWorld {
    var sites: [SiteID: ACD] = [:]
    var mailbox: [(to: SiteID, input: ACDInput)] = []
    var nowMs: Int64 = 0
    var callCount = 0
    var knownCalls: [(call: CallID, site: SiteID)] = []
    let agentNames: [SiteID: [String]] = [northBay: ["n1", "n2"], hq: ["h1", "h2"]]

    init() {
        sites[northBay] = makeACD(site: northBay, strategy: .longestIdle, overflowAfterMs: 0) { $0.offerTimeoutMs = 5_000 }
        sites[hq] = makeACD(site: hq, strategy: .ringAll, overflowAfterMs: 0) { $0.offerTimeoutMs = 5_000 }
        for site in [northBay, hq] { for name in agentNames[site]! { send(site, .agentLoggedIn(profile(name), nowMs: 0)) } }
    }

    mutating func step(kind: Int, a: Int, b: Int) {
        let site = a % 2 == 0 ? northBay : hq
        let agent = AgentID(agentNames[site]![a / 2])
        nowMs += 10
        switch kind {
        case 0:
            callCount += 1
            let call = CallID("\(site.rawValue):c\(callCount)")
            knownCalls.append((call, site))
            send(site, .callArrived(call, queue: repairsQueue, caller: nil, emergency: b == 0, nowMs: nowMs))
        case 1, 2, 3:
            guard case .reserved(let call, _) = sites[site]!.agents[agent]?.state else { return }
            let input: ACDInput = kind == 1 ? .offerAnswered(call, agent: agent, nowMs: nowMs)
                : kind == 2 ? .offerDeclined(call, agent: agent, nowMs: nowMs) : .offerTimedOut(call, agent: agent, nowMs: nowMs)
            send(site, input)
        case 4, 5:
            guard !knownCalls.isEmpty else { return }
            let (call, owner) = knownCalls[b % knownCalls.count]
            if kind == 4 { for s in [northBay, hq] { send(s, .callEnded(call, nowMs: nowMs)) } } else {
                send(owner, .callAbandoned(call, nowMs: nowMs))
            }
        case 6:
            let requests: [AgentRequest] = [.available, .notReady(.meeting), .logOut, .takeBreak(.scheduled)]
            if sites[site]!.agents[agent] == nil { send(site, .agentLoggedIn(profile(agent.rawValue), nowMs: nowMs)) } else {
                send(site, .agentRequested(agent, requests[b % requests.count], nowMs: nowMs))
            }
        case 7:
            nowMs += Int64(b) * 1_000
            send(site, .tick(nowMs: nowMs))
        default:
            deliver(count: kind == 8 ? 1 : mailbox.count, from: b)
        }
    }

    private mutating func deliver(count: Int, from start: Int) {
        for _ in 0..<count where !mailbox.isEmpty {
            let (to, input) = mailbox.remove(at: start % mailbox.count)
            send(to, input)
        }
    }

    /// Handles an input at a site (refusals are stale events, ignored) and posts its messages.
    mutating func send(_ site: SiteID, _ input: ACDInput) {
        guard let out = try? sites[site]!.handle(input) else { return }
        for d in out {
            switch d {
            case .reserveRemote(let call, let agent, let to, let caller):
                mailbox.append((to, .remoteReserveRequested(call, agent: agent, from: site, caller: caller, nowMs: nowMs)))
            case .replyRemote(let call, let agent, let to, let outcome):
                mailbox.append((to, .remoteReservationResult(call, agent: agent, outcome: outcome, nowMs: nowMs)))
            case .confirmRemote(let call, let agent, let to, let connected):
                mailbox.append((to, .remoteConnectConfirmed(call, agent: agent, connected: connected, nowMs: nowMs)))
            case .cancelRemote(let call, let agent, let to):
                mailbox.append((to, .remoteReservationCancelled(call, agent: agent, nowMs: nowMs)))
            case .publishPresence(let record):
                let other = site == northBay ? hq : northBay
                mailbox.append((other, .presenceReceived([record], nowMs: nowMs)))
            default: break
            }
        }
    }

    /// The invariants: each ledger sound, each agent's state agreeing with its ledger, and no
    /// call talking to two agents anywhere in the cluster.
    func violations() -> [String] {
        var out: [String] = []
        var talking: [CallID: [AgentID]] = [:]
        for site in [northBay, hq] {
            let acd = sites[site]!
            out += acd.reservations.violations().map { "\(site): \($0)" }
            out += acd.calls.orderViolations().map { "\(site): \($0)" }
            for id in acd.agents.keys.sorted() {
                let agent = acd.agents[id]!
                switch agent.state {
                case .reserved(let call, _), .onCall(let call, _):
                    if acd.reservations.call(heldBy: id) != call { out.append("\(site): \(id) is \(agent.state.kind) on \(call) without a reservation") }
                    if case .onCall = agent.state { talking[call, default: []].append(id) }
                default:
                    if let held = acd.reservations.call(heldBy: id) { out.append("\(site): \(id) is \(agent.state.kind) but holds \(held)") }
                }
            }
        }
        for call in talking.keys.sorted() where talking[call]!.count > 1 {
            out.append("call \(call) talks to \(talking[call]!)")
        }
        return out
    }
}
