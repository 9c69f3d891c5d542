import CourtyardCRDT

// MARK: - What one call amounted to

/// The facts of one call, folded from its ledger events in time order. Reports are sums
/// over these; docs/metrics.md says how each field is derived.
struct CallFacts: Sendable {
    let callID: CallID
    /// The site where the call entered: the call is reported there even after an overflow.
    var site: SiteID
    var enteredAtMs: Int64
    /// The caller's normalised number from `callEntered` (`anonymous` when withheld).
    var caller: String
    /// When the wait for an agent began: first queue entry, else first offer.
    var waitStartMs: Int64?
    var answeredAtMs: Int64?
    var answeredBy: AgentID?
    var abandonedWaitMs: Int64?
    var voicemail = false
    var overflowed = false
    var stickyHit = false
    var ivrNodes: [String] = []
    var talkMs: [AgentID: Int64] = [:]
    var wrapUpMs: [AgentID: Int64] = [:]
    var offers: [AgentID: Int] = [:]
    var declined: [AgentID: Int] = [:]
    var timedOut: [AgentID: Int] = [:]
    /// Answers per agent (a transferred call may be answered by several).
    var answers: [AgentID: Int] = [:]

    /// Whether the call waited for an agent at all (reached a queue or rang someone).
    var wasOffered: Bool { waitStartMs != nil }
    var isAnswered: Bool { answeredAtMs != nil }
    /// Wait until the first answer, from the start of the wait.
    var answerWaitMs: Int64? {
        guard let answered = answeredAtMs else { return nil }
        return max(0, answered - (waitStartMs ?? enteredAtMs))
    }

    /// Folds one call's events; nil when its `callEntered` is missing (the call entered
    /// outside the range, or its first events were lost), so it is not reported at all.
    static func fold(_ events: [LedgerEvent]) -> CallFacts? {
        let ordered = events.enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }.map(\.element)
        guard let entry = ordered.first(where: { if case .callEntered = $0.body { true } else { false } }),
              case .callEntered(let caller, _) = entry.body, let callID = entry.callID else { return nil }
        var facts = CallFacts(callID: callID, site: entry.site, enteredAtMs: entry.atMs, caller: caller)
        var talking: (agent: AgentID, sinceMs: Int64)?
        var wrapping: [AgentID: Int64] = [:]
        var stickyOffers: Set<AgentID> = []
        for event in ordered {
            let at = event.atMs
            switch event.body {
            case .callEntered:
                break
            case .ivrNode(let node):
                facts.ivrNodes.append(node)
            case .queueEntered:
                if facts.waitStartMs == nil { facts.waitStartMs = at }
            case .offered(let agent, let sticky):
                if facts.waitStartMs == nil { facts.waitStartMs = at }
                facts.offers[agent, default: 0] += 1
                if sticky { stickyOffers.insert(agent) }
            case .offerEnded(let agent, let outcome):
                switch outcome {
                case .declined: facts.declined[agent, default: 0] += 1
                case .timedOut: facts.timedOut[agent, default: 0] += 1
                }
            case .answered(let agent):
                if let open = talking { facts.talkMs[open.agent, default: 0] += max(0, at - open.sinceMs) }
                talking = (agent, at)
                facts.answers[agent, default: 0] += 1
                if facts.answeredAtMs == nil, facts.abandonedWaitMs == nil {
                    facts.answeredAtMs = at
                    facts.answeredBy = agent
                    facts.stickyHit = stickyOffers.contains(agent)
                }
            case .abandoned(_, let waitedMs):
                if facts.answeredAtMs == nil, facts.abandonedWaitMs == nil { facts.abandonedWaitMs = waitedMs }
            case .transferred:
                if let open = talking { facts.talkMs[open.agent, default: 0] += max(0, at - open.sinceMs) }
                talking = nil
            case .overflowed:
                facts.overflowed = true
            case .voicemail:
                facts.voicemail = true
            case .hungUp:
                if let open = talking { facts.talkMs[open.agent, default: 0] += max(0, at - open.sinceMs) }
                talking = nil
            case .wrapUpStarted(let agent):
                wrapping[agent] = at
            case .wrapUpEnded(let agent):
                if let since = wrapping.removeValue(forKey: agent) { facts.wrapUpMs[agent, default: 0] += max(0, at - since) }
            case .agentState:
                break
            }
        }
        return facts
    }

    /// Talk plus after-call work of the whole call, over all agents.
    var handlingMs: Int64 { talkMs.values.reduce(0, +) + wrapUpMs.values.reduce(0, +) }
}
