import CourtyardCRDT
import CourtyardDomain

// MARK: - Computing a report

extension CallReport {
    /// Computes the report of `range` (calls counted by the time they entered) at `site` (all
    /// sites if nil), from ledger events such as `CallLedgerStore.reportEvents` returns.
    /// Events of calls that entered outside the range or at another site are ignored, so
    /// the input may be a superset. `nowMs` caps the measured window (state time and arrival
    /// rates) for ranges that reach into the future. Pure and deterministic.
    public static func compute(events: [LedgerEvent], range: LedgerRange, site: SiteID?, nowMs: Int64,
                               settings: ReportSettings = ReportSettings()) -> CallReport {
        let input = ReportCalls(events: events, range: range, site: site, nowMs: nowMs, settings: settings)
        let calls = input.calls
        let (counts, tallied) = tally(calls, settings: settings, fcrResolved: input.fcrResolved)
        var figures = tallied
        let agents = agentFigures(calls, timelines: input.timelines)
        let handling = agents.reduce(Int64(0)) { $0 + $1.handlingMs }
        let staffed = agents.reduce(Int64(0)) { $0 + $1.staffedMs }
        figures.occupancyPercent = staffed > 0 ? 100 * Double(handling) / Double(staffed) : nil
        return CallReport(
            fromMs: range.fromMs, toMs: range.toMs, measuredToMs: input.measuredToMs, site: site, settings: settings,
            counts: counts, figures: figures, agents: agents,
            ivr: ivrHits(calls), hourly: hourly(calls, settings: settings),
            daily: daily(calls, settings: settings, fcrResolved: input.fcrResolved),
            staffing: staffing(calls, spanMs: input.measuredToMs - range.fromMs, settings: settings))
    }

    // MARK: Counts and headline figures

    static func tally(_ calls: [CallFacts], settings: ReportSettings,
                      fcrResolved: Set<CallID> = []) -> (CallCounts, CallFigures) {
        var c = CallCounts()
        var f = CallFigures()
        var waitSumMs: Int64 = 0
        var handlingSumMs: Int64 = 0
        for call in calls {
            c.entered += 1
            if call.isFCREligible {
                c.fcrEligible += 1
                if fcrResolved.contains(call.callID) { c.fcrResolved += 1 }
            }
            if call.voicemail { c.voicemail += 1 }
            if call.overflowed { c.overflowed += 1 }
            f.talkMs += call.talkMs.values.reduce(0, +)
            f.wrapUpMs += call.wrapUpMs.values.reduce(0, +)
            guard call.wasOffered else {
                if call.abandonedWaitMs == nil, !call.voicemail { c.handledInIVR += 1 }
                continue
            }
            c.offered += 1
            if let wait = call.answerWaitMs {
                c.answered += 1
                if call.stickyHit { c.stickyHits += 1 }
                if wait <= settings.serviceLevelThresholdMs { c.answeredWithinThreshold += 1 }
                waitSumMs += wait
                handlingSumMs += call.handlingMs
                f.longestAnswerWaitMs = max(f.longestAnswerWaitMs ?? 0, wait)
            } else if let waited = call.abandonedWaitMs {
                c.abandoned += 1
                if waited < settings.shortAbandonMs { c.shortAbandoned += 1 }
            }
        }
        f.answerWaitSumMs = waitSumMs
        f.answeredHandlingSumMs = handlingSumMs
        rates(c, &f)
        return (c, f)
    }

    /// The rates and means of the headline figures from the counts and the sums in `f`.
    static func rates(_ c: CallCounts, _ f: inout CallFigures) {
        let slBase = c.offered - c.shortAbandoned
        f.serviceLevelPercent = percent(c.answeredWithinThreshold, slBase)
        f.serviceLevel2Percent = percent(c.answeredWithinThreshold, c.answered)
        f.abandonmentRatePercent = percent(c.abandoned - c.shortAbandoned, slBase)
        f.averageSpeedOfAnswerMs = c.answered > 0 ? Double(f.answerWaitSumMs) / Double(c.answered) : nil
        f.averageHandlingTimeMs = c.answered > 0 ? Double(f.answeredHandlingSumMs) / Double(c.answered) : nil
        f.firstContactResolutionPercent = percent(c.fcrResolved, c.fcrEligible)
    }

    static func percent(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? 100 * Double(part) / Double(whole) : nil
    }

    // MARK: Agents

    static func agentFigures(_ calls: [CallFacts], timelines: [AgentTimeline]) -> [AgentFigures] {
        var rows: [AgentID: AgentFigures] = [:]
        func row(_ agent: AgentID, _ update: (inout AgentFigures) -> Void) {
            var figures = rows[agent] ?? AgentFigures(agent: agent)
            update(&figures)
            rows[agent] = figures
        }
        for call in calls {
            for (agent, n) in call.offers { row(agent) { $0.offers += n } }
            for (agent, n) in call.declined { row(agent) { $0.declined += n } }
            for (agent, n) in call.timedOut { row(agent) { $0.timedOut += n } }
            for (agent, n) in call.answers { row(agent) { $0.answered += n } }
            for (agent, ms) in call.talkMs { row(agent) { $0.talkMs += ms } }
            for (agent, ms) in call.wrapUpMs { row(agent) { $0.wrapUpMs += ms } }
        }
        for timeline in timelines {
            row(timeline.agent) {
                $0.handlingMs = timeline.handlingMs
                $0.staffedMs = timeline.staffedMs
                $0.loggedInMs = timeline.loggedInMs
                $0.occupancyPercent = timeline.occupancyPercent
                $0.stateMs = Dictionary(uniqueKeysWithValues: timeline.msByState.map { ($0.key.rawValue, $0.value) })
            }
        }
        return rows.keys.sorted().map { rows[$0]! }
    }

    // MARK: IVR and volume

    static func ivrHits(_ calls: [CallFacts]) -> [IVRNodeHits] {
        var hits: [String: Int] = [:]
        for call in calls { for node in call.ivrNodes { hits[node, default: 0] += 1 } }
        return hits.map { IVRNodeHits(node: $0.key, hits: $0.value) }
            .sorted { ($1.hits, $0.node) < ($0.hits, $1.node) }
    }

    static func localMs(_ ms: Int64, _ settings: ReportSettings) -> Int64 {
        ms + Int64(settings.utcOffsetMinutes) * 60_000
    }

    static func hourly(_ calls: [CallFacts], settings: ReportSettings) -> [Int] {
        var buckets = Array(repeating: 0, count: 24)
        for call in calls {
            let msOfDay = floorMod(localMs(call.enteredAtMs, settings), 86_400_000)
            buckets[Int(msOfDay / 3_600_000)] += 1
        }
        return buckets
    }

    static func daily(_ calls: [CallFacts], settings: ReportSettings, fcrResolved: Set<CallID>) -> [DailyVolume] {
        let byDay = Dictionary(grouping: calls) { call -> Int64 in
            let local = localMs(call.enteredAtMs, settings)
            return (local - floorMod(local, 86_400_000)) / 86_400_000
        }
        return byDay.keys.sorted().map { day in
            let (c, f) = tally(byDay[day]!, settings: settings, fcrResolved: fcrResolved)
            return DailyVolume(date: CivilDate(dayNumber: Int(day)).description, entered: c.entered,
                               answered: c.answered, abandoned: c.abandoned,
                               serviceLevelPercent: f.serviceLevelPercent, abandonmentRatePercent: f.abandonmentRatePercent,
                               offered: c.offered, answeredWithinThreshold: c.answeredWithinThreshold,
                               shortAbandoned: c.shortAbandoned)
        }
    }

    static func floorMod(_ a: Int64, _ m: Int64) -> Int64 { ((a % m) + m) % m }

    // MARK: Staffing

    /// Per entry site: arrivals per hour are offered calls over the measured window, AHT is
    /// the site's own; Erlang C finds the agents for the SL target. The peak suggestion
    /// does the same for the site's busiest clock hour (offered calls entered in it).
    static func staffing(_ calls: [CallFacts], spanMs: Int64, settings: ReportSettings) -> [SiteStaffing] {
        let bySite = Dictionary(grouping: calls, by: \.site)
        return bySite.keys.sorted().map { site in
            let siteCalls = bySite[site]!
            let (counts, figures) = tally(siteCalls, settings: settings)
            guard spanMs > 0, counts.offered > 0, let aht = figures.averageHandlingTimeMs, aht > 0 else {
                return SiteStaffing(site: site, suggestion: nil)
            }
            func suggest(_ perHour: Double) -> StaffingSuggestion? {
                ErlangC.agentsNeeded(arrivalsPerHour: perHour, ahtMs: aht,
                                     thresholdMs: Double(settings.serviceLevelThresholdMs),
                                     target: settings.serviceLevelTarget, agentsMax: settings.staffingAgentsMax)
            }
            let perHour = Double(counts.offered) * 3_600_000 / Double(spanMs)
            let peak = peakHour(siteCalls.filter(\.wasOffered), settings: settings)
            return SiteStaffing(site: site, suggestion: suggest(perHour), peakHourStartMs: peak?.startMs,
                                peakSuggestion: peak.flatMap { suggest(Double($0.offered)) })
        }
    }

    /// The clock hour (local, `utcOffsetMinutes`) in which the most of `offered` entered; the
    /// earliest such hour on a tie. Its start is returned as epoch ms.
    static func peakHour(_ offered: [CallFacts], settings: ReportSettings) -> (startMs: Int64, offered: Int)? {
        var byHour: [Int64: Int] = [:]
        for call in offered {
            let local = localMs(call.enteredAtMs, settings)
            byHour[local - floorMod(local, 3_600_000), default: 0] += 1
        }
        guard let best = byHour.keys.sorted().max(by: { byHour[$0]! < byHour[$1]! || (byHour[$0]! == byHour[$1]! && $0 > $1) })
        else { return nil }
        return (best - Int64(settings.utcOffsetMinutes) * 60_000, byHour[best]!)
    }
}
