@testable import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import Testing

// MARK: - Builders shared by the ACD and agent tests

let northBay = SiteID("north-bay")
let hq = SiteID("hq")
let repairs = SkillID("repairs")
let repairsQueue = QueueID("north-bay.repairs")

func profile(_ id: String, level: Int = 1, skill: SkillID = repairs, wrapUpMs: Int64 = 0) -> AgentProfile {
    try! AgentProfile(id: AgentID(id), skills: [SkillLevel(skill, level: level)], wrapUpMs: wrapUpMs)
}

func phone(_ raw: String) -> PhoneNumber {
    try! PhoneNumber(parsing: raw, defaultAreaCode: "755")
}

func makeACD(site: SiteID = northBay, strategy: RoutingStrategy = .longestIdle, levelEscalationMs: Int64? = nil,
             waitingMax: Int = 50, maxWaitMs: Int64 = 600_000, overflowAfterMs: Int64? = nil,
             tune: (inout ACDConfiguration) -> Void = { _ in }) -> ACD {
    let q = try! QueueConfiguration(id: repairsQueue, skill: repairs, strategy: strategy,
                                    levelEscalationMs: levelEscalationMs, waitingMax: waitingMax,
                                    maxWaitMs: maxWaitMs, overflowAfterMs: overflowAfterMs)
    var config = try! ACDConfiguration(site: site, queues: [q])
    config.positionAnnounceIntervalMs = 0
    tune(&config)
    return ACD(configuration: config)
}

extension ACD {
    /// Handles an input the test expects to be accepted.
    @discardableResult
    mutating func run(_ input: ACDInput, sourceLocation: SourceLocation = #_sourceLocation) -> [ACDDirective] {
        do { return try handle(input) } catch {
            Issue.record("refused \(input): \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    mutating func logIn(_ ids: [String], at nowMs: Int64, level: Int = 1) {
        for id in ids { run(.agentLoggedIn(profile(id, level: level), nowMs: nowMs)) }
    }

    mutating func arrive(_ call: String, at nowMs: Int64, caller: String? = nil, emergency: Bool = false) -> [ACDDirective] {
        run(.callArrived(CallID(call), queue: repairsQueue, caller: caller.map(phone), emergency: emergency, nowMs: nowMs))
    }
}

/// The (call, agent) pairs offered by these directives, in order.
func offers(_ directives: [ACDDirective]) -> [(call: String, agent: String)] {
    directives.compactMap {
        if case .offer(let c, let a, _, _) = $0 { return (c.rawValue, a.rawValue) } else { return nil }
    }
}

func offeredAgents(_ directives: [ACDDirective]) -> [String] { offers(directives).map(\.agent) }
