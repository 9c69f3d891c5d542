import CourtyardCallCenter

// MARK: - The simplest possible pick (routing baseline)

/// The routing baseline: the same 500 agents as flat arrays indexed by agent number, the
/// callers' last agents in a `Dictionary`, and the 1 000 waiting backlog calls as a FIFO of
/// numbers. A decision is a dictionary lookup for a sticky agent and else one linear
/// min-find over the 250 agents of the queue's skill by the strategy's key, or popping the
/// backlog's head for an agent who hung up. No validation, no ledger directives, no presence:
/// what picking an agent costs when nothing else is done.
struct PlainRouting {
    private var idleSinceMs: [Int64]
    private var answered: [Int]
    private var talkMs: [Int64]
    private var available: [Bool]
    private var lastAgent: [String: Int] = [:]
    private var frontTalking: [Int] = []
    private var backlogTalking: [Int]
    private var backlogHead = 0
    private var backlogTail: Int
    private var lastOffered: Int?
    private var nowMs: Int64 = 1_800_000_000_000
    private let strategy: RoutingStrategy
    private let clock = ContinuousClock()
    private let repairAgents = RoutingScenario.backlogAgentCount..<RoutingScenario.agentCount

    init(strategy: RoutingStrategy, waiting: Int) {
        self.strategy = strategy
        let n = RoutingScenario.agentCount
        idleSinceMs = (0..<n).map { 1_800_000_000_000 + Int64($0) }
        answered = Array(repeating: 0, count: n)
        talkMs = Array(repeating: 0, count: n)
        available = (0..<n).map { $0 >= RoutingScenario.backlogAgentCount }
        backlogTalking = Array(0..<RoutingScenario.backlogAgentCount)
        backlogTail = waiting
        for _ in 0..<RoutingScenario.frontTalkingTarget { frontTalking.append(pick(caller: nil)) }
    }

    /// The same steady mix as `RoutingScenario.step`, with the same callers.
    mutating func step(_ index: Int, caller: String?) -> [Duration] {
        var samples: [Duration] = []
        nowMs += RoutingScenario.stepMs
        let (agent, took) = timed(clock) { pick(caller: caller) }
        samples.append(took)
        frontTalking.append(agent)
        if frontTalking.count > RoutingScenario.frontTalkingTarget {
            let freed = frontTalking.removeFirst()
            available[freed] = true
            idleSinceMs[freed] = nowMs
        }
        if index % 4 == 0, backlogHead < backlogTail {
            let (_, took) = timed(clock) { () -> Int in
                let agent = backlogTalking.removeFirst()
                backlogHead += 1
                backlogTalking.append(agent)
                return agent
            }
            samples.append(took)
            backlogTail += 1
        }
        return samples
    }

    /// Sticky agent if free, else the strategy's best free repair agent; marks it busy.
    private mutating func pick(caller: String?) -> Int {
        if let caller, let last = lastAgent[caller], available[last] {
            return take(last, caller: caller)
        }
        var best = -1
        for i in repairAgents where available[i] {
            if best < 0 || better(i, than: best) { best = i }
        }
        precondition(best >= 0, "no repair agent free")
        return take(best, caller: caller)
    }

    private func better(_ a: Int, than b: Int) -> Bool {
        switch strategy {
        case .longestIdle, .ringAll: (idleSinceMs[a], a) < (idleSinceMs[b], b)
        case .fewestCalls: (answered[a], idleSinceMs[a], a) < (answered[b], idleSinceMs[b], b)
        case .leastTalkTime: (talkMs[a], idleSinceMs[a], a) < (talkMs[b], idleSinceMs[b], b)
        case .roundRobin: (a > (lastOffered ?? -1) ? 0 : 1, a) < (b > (lastOffered ?? -1) ? 0 : 1, b)
        }
    }

    private mutating func take(_ agent: Int, caller: String?) -> Int {
        available[agent] = false
        answered[agent] += 1
        lastOffered = agent
        if let caller { lastAgent[caller] = agent }
        return agent
    }
}
