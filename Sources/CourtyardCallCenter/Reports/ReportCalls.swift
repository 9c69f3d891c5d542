import CourtyardCRDT

// MARK: - The calls of a report

/// The ledger events of a report folded once: the counted calls, the agents' state
/// timelines and the first-contact verdicts. `CallReport.compute` and `CallDrill.compute`
/// both start here, so a figure and its drill-down list always see the same calls.
struct ReportCalls: Sendable {
    /// Calls entered in the range (at the site, if filtered), by call id.
    let calls: [CallFacts]
    let timelines: [AgentTimeline]
    /// Counted calls resolved at first contact (FCR-eligible, no repeat in the window).
    let fcrResolved: Set<CallID>
    let measuredToMs: Int64

    init(events: [LedgerEvent], range: LedgerRange, site: SiteID?, nowMs: Int64, settings: ReportSettings) {
        let measuredTo = max(range.fromMs, min(range.toMs, nowMs))
        var byCall: [CallID: [LedgerEvent]] = [:]
        var stateChanges: [AgentID: [(atMs: Int64, from: LedgerAgentState, to: LedgerAgentState)]] = [:]
        for event in events {
            if case .agentState(let agent, let from, let to, _) = event.body {
                guard site == nil || event.site == site else { continue }
                stateChanges[agent, default: []].append((event.atMs, from, to))
            } else if let call = event.callID {
                byCall[call, default: []].append(event)
            }
        }
        let all = byCall.keys.sorted().compactMap { CallFacts.fold(byCall[$0]!) }
        let counted = all.filter { range.contains($0.enteredAtMs) && (site == nil || $0.site == site) }
        calls = counted
        timelines = stateChanges.keys.sorted().map {
            AgentTimeline(agent: $0, changes: stateChanges[$0]!, startMs: range.fromMs, endMs: measuredTo)
        }
        fcrResolved = Self.firstContactResolved(counted, allCalls: all, windowMs: settings.fcrWindowMs)
        measuredToMs = measuredTo
    }

    /// The FCR-eligible counted calls with no repeat: no other call from the same caller
    /// entered at the same site after it (later time, or the same time and a greater call
    /// id) and at most `windowMs` after it. `allCalls` may reach past the range, so a repeat
    /// just after the range's end is seen.
    static func firstContactResolved(_ counted: [CallFacts], allCalls: [CallFacts], windowMs: Int64) -> Set<CallID> {
        var entries: [String: [(atMs: Int64, id: CallID)]] = [:]
        for call in allCalls where call.hasIdentifiedCaller {
            entries["\(call.site.rawValue)\u{1F}\(call.caller)", default: []].append((call.enteredAtMs, call.callID))
        }
        var resolved: Set<CallID> = []
        for call in counted where call.isFCREligible {
            let others = entries["\(call.site.rawValue)\u{1F}\(call.caller)"] ?? []
            let repeated = others.contains { other in
                other.id != call.callID && other.atMs - call.enteredAtMs <= windowMs
                    && (other.atMs > call.enteredAtMs || (other.atMs == call.enteredAtMs && other.id > call.callID))
            }
            if !repeated { resolved.insert(call.callID) }
        }
        return resolved
    }
}

extension CallFacts {
    /// A caller number is known: not withheld (`anonymous`) and not empty.
    var hasIdentifiedCaller: Bool { !caller.isEmpty && caller != LedgerLimits.anonymousCaller }
    /// The base of FCR: offered, answered, from an identified caller.
    var isFCREligible: Bool { wasOffered && isAnswered && hasIdentifiedCaller }
}
