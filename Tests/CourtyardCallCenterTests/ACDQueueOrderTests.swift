@testable import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Testing

/// The ACD keeps each queue's waiting order as calls change instead of sorting on every
/// input, and validates inputs before changing anything instead of copying its state. These
/// tests drive random workloads and check both against brute force after every input.
@Suite struct ACDQueueOrderTests {
    /// The dial's deterministic generator, with the two draws these workloads need.
    struct Random {
        var source: DialRandom
        init(state: UInt64) { source = DialRandom(seed: state) }
        mutating func below(_ n: Int) -> Int { Int(source.next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static let billing = SkillID("billing")
    static let queues = [QueueID("q.billing"), QueueID("q.repairs"), QueueID("q.repairs-vip")]

    static func makeSite(strategy: RoutingStrategy) -> ACD {
        let qs = [
            try! QueueConfiguration(id: queues[0], skill: billing, strategy: strategy, waitingMax: 40, maxWaitMs: 90_000),
            try! QueueConfiguration(id: queues[1], skill: repairs, strategy: strategy, levelEscalationMs: 5_000,
                                    waitingMax: 40, maxWaitMs: 60_000),
            try! QueueConfiguration(id: queues[2], skill: repairs, strategy: strategy, waitingMax: 40, maxWaitMs: 120_000),
        ]
        var config = try! ACDConfiguration(site: northBay, queues: qs)
        config.positionAnnounceIntervalMs = 7_000
        config.offerTimeoutMs = 4_000
        config.retryDelayMs = 1_000
        config.stickyWindowMs = 3_000
        return ACD(configuration: config)
    }

    /// The waiting calls of `queue` by brute force: filter and sort every call.
    static func bruteForceWaiting(_ acd: ACD, _ queue: QueueID) -> [CallID] {
        acd.calls.values.filter { $0.queue == queue && $0.phase == .waiting }.sorted(by: QueuedCall.precedes).map(\.call)
    }

    @Test(arguments: [RoutingStrategy.longestIdle, .roundRobin, .ringAll, .fewestCalls])
    func randomWorkloads_keepTheQueueOrderTrue_andRefusedInputsChangeNothing(strategy: RoutingStrategy) {
        for seed in UInt64(1)...12 {
            var rng = Random(state: seed &* 7_919 &+ UInt64(strategy.rawValue.count))
            var acd = Self.makeSite(strategy: strategy)
            var now: Int64 = 1_000
            var callSeq = 0
            var refused = 0
            var announced = 0
            let agentIDs = (0..<8).map { "a\($0)" }
            for i in 0..<8 {
                let skills = i % 3 == 0 ? [SkillLevel(Self.billing, level: 1)]
                    : i % 3 == 1 ? [SkillLevel(repairs, level: 1 + i % 2)]
                    : [SkillLevel(Self.billing, level: 2), SkillLevel(repairs, level: 1)]
                let p = try! AgentProfile(id: AgentID(agentIDs[i]), skills: skills, wrapUpMs: Int64(rng.below(3)) * 1_000)
                acd.run(.agentLoggedIn(p, nowMs: now))
            }
            for step in 0..<400 {
                now += Int64(rng.below(1_500))
                let input: ACDInput
                let ringing = acd.calls.values.compactMap { c -> (CallID, AgentID)? in
                    if case .ringing(let agents, _) = c.phase { return (c.call, agents[0]) } else { return nil }
                }.sorted { $0.0 < $1.0 }
                let connected = acd.calls.values.compactMap { c -> CallID? in
                    if case .connected = c.phase { return c.call } else { return nil }
                }.sorted()
                switch rng.below(10) {
                case 0, 1, 2:
                    callSeq += 1
                    let caller = rng.chance(40) ? phone("1380000\(String(format: "%04d", rng.below(6)))") : nil
                    input = .callArrived(CallID("c\(callSeq)"), queue: Self.queues[rng.below(3)], caller: caller,
                                         emergency: rng.chance(10), nowMs: now)
                case 3 where !ringing.isEmpty:
                    let (call, agent) = ringing[rng.below(ringing.count)]
                    input = .offerAnswered(call, agent: agent, nowMs: now)
                case 4 where !ringing.isEmpty:
                    let (call, agent) = ringing[rng.below(ringing.count)]
                    input = .offerDeclined(call, agent: agent, nowMs: now)
                case 5 where !connected.isEmpty:
                    input = .callEnded(connected[rng.below(connected.count)], nowMs: now)
                case 6 where !acd.calls.isEmpty:
                    let ids = acd.calls.keys.sorted()
                    input = .callAbandoned(ids[rng.below(ids.count)], nowMs: now)
                case 7:
                    let agent = AgentID(agentIDs[rng.below(agentIDs.count)])
                    let requests: [AgentRequest] = [.available, .notReady(.meeting), .takeBreak(.scheduled)]
                    input = .agentRequested(agent, requests[rng.below(requests.count)], nowMs: now)
                case 8:
                    // Inputs the ACD must refuse: an answer by an agent not offered the call, an
                    // unknown queue, a duplicate call, a decline of an unknown call.
                    let bad: [ACDInput] = [
                        .offerAnswered(CallID("c\(max(1, callSeq))"), agent: AgentID("nobody"), nowMs: now),
                        .callArrived(CallID("x\(step)"), queue: QueueID("nowhere"), caller: nil, emergency: false, nowMs: now),
                        .callArrived(CallID("c\(max(1, callSeq))"), queue: Self.queues[0], caller: nil, emergency: false, nowMs: now),
                        .offerDeclined(CallID("never"), agent: AgentID(agentIDs[0]), nowMs: now),
                    ]
                    input = bad[rng.below(bad.count)]
                default:
                    input = .tick(nowMs: now)
                }
                let before = acd
                do {
                    let out = try acd.handle(input)
                    var arrival: CallID?
                    if case .callArrived(let c, _, _, _, _) = input { arrival = c }
                    for case .announcePosition(let call, let position) in out {
                        announced += 1
                        // Periodic announcements come last in an input, so the order they
                        // speak of is the order now (an arrival's own comes before routing).
                        guard call != arrival, let c = acd.calls[call], c.phase == .waiting else { continue }
                        #expect(Self.bruteForceWaiting(acd, c.queue).firstIndex(of: call).map { $0 + 1 } == position,
                                "seed \(seed) step \(step): position of \(call)")
                    }
                } catch {
                    refused += 1
                    #expect(acd == before, "seed \(seed) step \(step): refused \(input) changed the ACD")
                }
                #expect(acd.calls.orderViolations() == [], "seed \(seed) step \(step) after \(input)")
                for q in Self.queues {
                    #expect(acd.waiting(in: q).map(\.call) == Self.bruteForceWaiting(acd, q), "seed \(seed) step \(step) queue \(q)")
                }
                #expect(acd.reservations.violations() == [], "seed \(seed) step \(step)")
            }
            #expect(refused > 10, "seed \(seed): the workload should include refused inputs")
            #expect(announced > 10, "seed \(seed): the workload should announce positions")
        }
    }

    @Test func arrivalPosition_countsTheCallsOfItsQueueServedBeforeIt() {
        var acd = Self.makeSite(strategy: .longestIdle)
        // No agents: everything waits.
        func arrive(_ id: String, _ q: Int, at t: Int64, emergency: Bool = false) -> Int? {
            let out = acd.run(.callArrived(CallID(id), queue: Self.queues[q], caller: nil, emergency: emergency, nowMs: t))
            for case .announcePosition(CallID(id), let p) in out { return p }
            return nil
        }
        #expect(arrive("a", 0, at: 10) == 1)
        #expect(arrive("b", 0, at: 20) == 2)
        #expect(arrive("c", 1, at: 30) == 1)  // another queue
        #expect(arrive("d", 0, at: 40, emergency: true) == 1)  // emergencies first
        #expect(arrive("e", 0, at: 40) == 4)
        #expect(acd.waiting(in: Self.queues[0]).map(\.call.rawValue) == ["d", "a", "b", "e"])
        #expect(acd.mergedWaiting(slots: [0, 1, 2]).map(\.call.rawValue) == ["d", "a", "b", "c", "e"])  // across queues, by place
    }

    @Test func queueFull_isCountedFromTheOrder_andTheRefusedCallIsNotKept() {
        var acd = makeACD(waitingMax: 2)
        #expect(acd.calls.isEmpty)
        _ = acd.arrive("c1", at: 1)
        _ = acd.arrive("c2", at: 2)
        let out = acd.arrive("c3", at: 3)
        #expect(out.contains(.sendToVoicemail(CallID("c3"), reason: .queueFull)))
        #expect(acd.calls[CallID("c3")] == nil)
        #expect(acd.waiting(in: repairsQueue).map(\.call.rawValue) == ["c1", "c2"])
    }

    @Test func aRefusedInput_doesNotMoveTheClock() throws {
        var acd = makeACD()
        _ = acd.arrive("c1", at: 100)
        #expect(throws: ACDError.self) {
            try acd.handle(.callArrived(CallID("c2"), queue: QueueID("nowhere"), caller: nil, emergency: false, nowMs: 5_000))
        }
        #expect(acd.nowMs == 100)
    }
}
