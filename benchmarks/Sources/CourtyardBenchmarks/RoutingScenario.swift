import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - A busy site's ACD

/// One site's `ACD` held at 500 logged-in agents and (by default) 1 000 waiting calls,
/// driven by hand with `nowMs` passed in, the way `CallCenter` drives it.
///
/// Agents 0..<250 hold skill `billing` and serve queue `bench.billing`; every one of them is
/// on a call and 1 000 calls wait behind them (the backlog). Agents 250..<500 hold skill
/// `repair` and serve `bench.repair`; about 40 are on calls, the rest are available, so a
/// new repair call is a real choice by the queue's strategy among ~210 agents. Half of the
/// repair callers are returning callers whose last agent the ACD remembers (sticky routing).
///
/// Two kinds of decision are timed, each one `ACD.handle` call that returns an `offer`:
/// - a repair call arrives and is offered (sticky agent first, else by strategy);
/// - a billing agent hangs up and is offered the head of the 1 000-call backlog.
/// The other inputs that keep the site steady (answers, hang-ups, backlog refills) are not.
struct RoutingScenario {
    static let agentCount = 500
    static let backlogAgentCount = 250
    static let frontTalkingTarget = 40
    static let stepMs: Int64 = 100

    let billing = QueueID("bench.billing")
    let repair = QueueID("bench.repair")
    let strategy: RoutingStrategy
    private(set) var acd: ACD
    private(set) var nowMs: Int64 = 1_800_000_000_000
    private(set) var stickyOffers = 0
    private(set) var frontDecisions = 0
    private(set) var backlogDecisions = 0
    private var callSeq = 0
    private var freshCallerSeq = 0
    /// Connected calls, oldest first.
    private var frontTalking: [(call: CallID, agent: AgentID)] = []
    private var backlogTalking: [(call: CallID, agent: AgentID)] = []
    private let clock = ContinuousClock()

    static func agentID(_ i: Int) -> AgentID { AgentID("agent-\(1_000 + i)") }

    /// Builds the site: logs every agent in, puts the billing agents on calls, queues
    /// `waiting` calls behind them and 40 repair calls on repair agents.
    init(strategy: RoutingStrategy, waiting: Int) throws {
        self.strategy = strategy
        let queues = [
            try QueueConfiguration(id: billing, skill: SkillID("billing"), strategy: strategy, waitingMax: 10_000,
                                   maxWaitMs: 86_400_000),
            try QueueConfiguration(id: repair, skill: SkillID("repair"), strategy: strategy, waitingMax: 10_000,
                                   maxWaitMs: 86_400_000),
        ]
        acd = ACD(configuration: try ACDConfiguration(site: ReplicaID("bench-site"), queues: queues))
        // Cheapest order first: billing agents and their calls while nothing waits, then the
        // repair agents, then the backlog (each arrival re-routes every waiting call).
        for i in 0..<Self.backlogAgentCount { try logIn(i, skill: "billing") }
        for _ in 0..<Self.backlogAgentCount {
            backlogTalking.append(try arriveAndAnswer(billing, caller: nil))
        }
        for i in Self.backlogAgentCount..<Self.agentCount { try logIn(i, skill: "repair") }
        for _ in 0..<waiting {
            _ = try acd.handle(.callArrived(nextCall(), queue: billing, caller: nil, emergency: false, nowMs: nowMs))
        }
        for _ in 0..<Self.frontTalkingTarget {
            frontTalking.append(try arriveAndAnswer(repair, caller: freshCaller()))
        }
        precondition(acd.agents.count == Self.agentCount)
        precondition(acd.waiting(in: billing).count == waiting, "the backlog did not build")
    }

    // MARK: Steps

    /// One step of the steady mix: a repair call arrives (timed decision) and is answered, the
    /// oldest repair call ends; every fourth step a billing agent hangs up and takes the head
    /// of the backlog (timed decision), and a new billing call joins the backlog.
    /// Returns the decision latencies of the step.
    mutating func step(_ index: Int, caller: PhoneNumber?) throws -> [Duration] {
        var samples: [Duration] = []
        nowMs += Self.stepMs
        let sticky = caller.flatMap {
            acd.sticky.lastAgent(of: $0.canonicalWithoutExtension, nowMs: nowMs, memoryMs: acd.configuration.stickyMemoryMs)
        }
        let call = nextCall()
        let input = ACDInput.callArrived(call, queue: repair, caller: caller, emergency: false, nowMs: nowMs)
        let (out, took) = try timed(clock) { () throws(ACDError) in try acd.handle(input) }
        guard let agent = Self.offered(call, in: out) else { preconditionFailure("repair call \(call) was not offered") }
        samples.append(took)
        frontDecisions += 1
        if agent == sticky { stickyOffers += 1 }
        _ = try acd.handle(.offerAnswered(call, agent: agent, nowMs: nowMs))
        frontTalking.append((call, agent))
        if frontTalking.count > Self.frontTalkingTarget {
            _ = try acd.handle(.callEnded(frontTalking.removeFirst().call, nowMs: nowMs))
        }
        if index % 4 == 0, !acd.waiting(in: billing).isEmpty {
            samples.append(try releaseBacklogAgent())
        }
        return samples
    }

    /// The oldest billing call ends; its agent is offered the head of the backlog (timed).
    private mutating func releaseBacklogAgent() throws -> Duration {
        let (ended, agent) = backlogTalking.removeFirst()
        let input = ACDInput.callEnded(ended, nowMs: nowMs)
        let (out, took) = try timed(clock) { () throws(ACDError) in try acd.handle(input) }
        guard let next = Self.offer(to: agent, in: out) else { preconditionFailure("agent \(agent) got no backlog call") }
        backlogDecisions += 1
        _ = try acd.handle(.offerAnswered(next, agent: agent, nowMs: nowMs))
        backlogTalking.append((next, agent))
        _ = try acd.handle(.callArrived(nextCall(), queue: billing, caller: nil, emergency: false, nowMs: nowMs))
        return took
    }

    // MARK: Helpers

    private mutating func logIn(_ i: Int, skill: String) throws {
        let profile = try AgentProfile(id: Self.agentID(i), skills: [SkillLevel(SkillID(skill), level: 1)], wrapUpMs: 0)
        nowMs += 1  // distinct idle-since times, so longest-idle has a strict order
        _ = try acd.handle(.agentLoggedIn(profile, nowMs: nowMs))
    }

    private mutating func arriveAndAnswer(_ queue: QueueID, caller: PhoneNumber?) throws -> (CallID, AgentID) {
        let call = nextCall()
        let out = try acd.handle(.callArrived(call, queue: queue, caller: caller, emergency: false, nowMs: nowMs))
        guard let agent = Self.offered(call, in: out) else { preconditionFailure("setup call \(call) was not offered") }
        _ = try acd.handle(.offerAnswered(call, agent: agent, nowMs: nowMs))
        return (call, agent)
    }

    private mutating func nextCall() -> CallID {
        callSeq += 1
        return CallID("bench-site:c\(callSeq)")
    }

    private mutating func freshCaller() -> PhoneNumber {
        freshCallerSeq += 1
        return Self.phone(900_000 + freshCallerSeq)
    }

    /// A valid mainland mobile number, 139 followed by eight digits of `n`.
    static func phone(_ n: Int) -> PhoneNumber {
        let digits = String(n % 100_000_000)
        // The numbers are valid by construction; a failure is a bug in the benchmark.
        return try! PhoneNumber(parsing: "139" + String(repeating: "0", count: 8 - digits.count) + digits)
    }

    static func offered(_ call: CallID, in out: [ACDDirective]) -> AgentID? {
        for d in out { if case .offer(call, let agent, _, _) = d { return agent } }
        return nil
    }

    static func offer(to agent: AgentID, in out: [ACDDirective]) -> CallID? {
        for d in out { if case .offer(let call, agent, _, _) = d { return call } }
        return nil
    }
}
