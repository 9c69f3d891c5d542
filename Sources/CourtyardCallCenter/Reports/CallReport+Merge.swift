import CourtyardCRDT

// MARK: - Merging the reports of several sites

extension CallReport {
    /// One report of several sites' reports of the same range and settings (each computed
    /// from its own ledger, typically `compute(..., site: thatSite)`), merged exactly where
    /// the figures allow (docs/metrics.md, "Reports across sites"):
    ///
    /// - counts, talk and wrap-up totals, and the sums behind ASA and AHT add;
    /// - SL, SL2, abandonment, ASA, AHT and FCR are recomputed from the merged counts and sums;
    /// - occupancy is recomputed from the merged agent rows (Σ handling over Σ staffed);
    /// - the longest wait is the maximum; hourly buckets add; days merge by date (their
    ///   rates recomputed from their counts); IVR hits merge by node, most hit first;
    /// - staffing rows are per site (union by site; a site given twice keeps its first row);
    /// - agent rows merge by agent id (an agent who worked at two sites adds up), their
    ///   occupancy recomputed.
    ///
    /// When every call's events are in exactly one input (each call entered and ended at
    /// one site), the result equals `compute` over the union of the inputs' events.
    /// `sites` lists the inputs' sites (their `site`, when set); `missingSites` is left nil.
    public static func merged(_ reports: [CallReport], range: LedgerRange, nowMs: Int64,
                              settings: ReportSettings) -> CallReport {
        var counts = CallCounts()
        var figures = CallFigures()
        var agents: [AgentID: AgentFigures] = [:]
        var ivr: [String: Int] = [:]
        var hourly = Array(repeating: 0, count: 24)
        var daily: [String: DailyVolume] = [:]
        var staffing: [SiteID: SiteStaffing] = [:]
        var sites: Set<SiteID> = []
        for report in reports {
            if let site = report.site { sites.insert(site) }
            for site in report.sites ?? [] { sites.insert(site) }
            counts.add(report.counts)
            figures.talkMs += report.figures.talkMs
            figures.wrapUpMs += report.figures.wrapUpMs
            figures.answerWaitSumMs += report.figures.answerWaitSumMs
            figures.answeredHandlingSumMs += report.figures.answeredHandlingSumMs
            if let longest = report.figures.longestAnswerWaitMs {
                figures.longestAnswerWaitMs = max(figures.longestAnswerWaitMs ?? 0, longest)
            }
            for row in report.agents {
                if let existing = agents[row.agent] {
                    agents[row.agent] = existing.adding(row)
                } else {
                    agents[row.agent] = row
                }
            }
            for hit in report.ivr { ivr[hit.node, default: 0] += hit.hits }
            for (hour, n) in report.hourly.prefix(24).enumerated() { hourly[hour] += n }
            for day in report.daily {
                daily[day.date] = daily[day.date].map { $0.adding(day) } ?? day
            }
            for row in report.staffing where staffing[row.site] == nil { staffing[row.site] = row }
        }
        rates(counts, &figures)
        let agentRows = agents.keys.sorted().map { agents[$0]! }
        let handling = agentRows.reduce(Int64(0)) { $0 + $1.handlingMs }
        let staffed = agentRows.reduce(Int64(0)) { $0 + $1.staffedMs }
        figures.occupancyPercent = staffed > 0 ? 100 * Double(handling) / Double(staffed) : nil
        let dailyRows = daily.keys.sorted().map { date -> DailyVolume in
            var day = daily[date]!
            let slBase = day.offered - day.shortAbandoned
            day.serviceLevelPercent = percent(day.answeredWithinThreshold, slBase)
            day.abandonmentRatePercent = percent(day.abandoned - day.shortAbandoned, slBase)
            return day
        }
        var merged = CallReport(
            fromMs: range.fromMs, toMs: range.toMs, measuredToMs: max(range.fromMs, min(range.toMs, nowMs)),
            site: nil, settings: settings, counts: counts, figures: figures, agents: agentRows,
            ivr: ivr.map { IVRNodeHits(node: $0.key, hits: $0.value) }.sorted { ($1.hits, $0.node) < ($0.hits, $1.node) },
            hourly: hourly, daily: dailyRows, staffing: staffing.keys.sorted().map { staffing[$0]! })
        merged.sites = sites.sorted()
        return merged
    }
}

extension CallCounts {
    mutating func add(_ o: CallCounts) {
        entered += o.entered
        offered += o.offered
        answered += o.answered
        answeredWithinThreshold += o.answeredWithinThreshold
        abandoned += o.abandoned
        shortAbandoned += o.shortAbandoned
        voicemail += o.voicemail
        overflowed += o.overflowed
        stickyHits += o.stickyHits
        handledInIVR += o.handledInIVR
        fcrEligible += o.fcrEligible
        fcrResolved += o.fcrResolved
    }
}

extension AgentFigures {
    /// This row and `o` (the same agent at another site) added up, occupancy recomputed
    /// (nil without staffed time).
    func adding(_ o: AgentFigures) -> AgentFigures {
        var r = self
        r.offers += o.offers
        r.declined += o.declined
        r.timedOut += o.timedOut
        r.answered += o.answered
        r.talkMs += o.talkMs
        r.wrapUpMs += o.wrapUpMs
        r.handlingMs += o.handlingMs
        r.staffedMs += o.staffedMs
        r.loggedInMs += o.loggedInMs
        r.stateMs.merge(o.stateMs, uniquingKeysWith: +)
        r.occupancyPercent = r.staffedMs > 0 ? 100 * Double(r.handlingMs) / Double(r.staffedMs) : nil
        return r
    }
}

extension DailyVolume {
    /// The same day at another site added (rates are recomputed by the caller).
    func adding(_ o: DailyVolume) -> DailyVolume {
        DailyVolume(date: date, entered: entered + o.entered, answered: answered + o.answered,
                    abandoned: abandoned + o.abandoned, offered: offered + o.offered,
                    answeredWithinThreshold: answeredWithinThreshold + o.answeredWithinThreshold,
                    shortAbandoned: shortAbandoned + o.shortAbandoned)
    }
}

// MARK: - Merging drill-down lists

extension CallDrill {
    /// One list of several sites' lists of the same metric and range: totals and counted
    /// add; rows are merged by entry time (then call id). An input with fewer rows than its
    /// total (truncated) holds only its earliest calls, so the merged rows stop where the
    /// earliest such input's rows stop: they are always exactly the first rows of the union,
    /// at most `rowsMax`, and `truncated` says whether any row is left out.
    public static func merged(_ drills: [CallDrill], metric: CallDrillMetric, range: LedgerRange,
                              rowsMax: Int = CallDrill.rowsMax) -> CallDrill {
        func key(_ r: CallDrillRow) -> (Int64, CallID) { (r.enteredAtMs, r.callID) }
        var cutoff: (Int64, CallID)?
        var emptyCut = false
        for d in drills where d.rows.count < d.total {
            guard let last = d.rows.last else { emptyCut = true; continue }
            if cutoff.map({ key(last) < $0 }) ?? true { cutoff = key(last) }
        }
        var rows = drills.flatMap(\.rows).sorted { key($0) < key($1) }
        if emptyCut {
            rows = []
        } else if let cutoff {
            rows = rows.filter { key($0) <= cutoff }
        }
        let total = drills.reduce(0) { $0 + $1.total }
        let limit = max(0, rowsMax)
        let kept = Array(rows.prefix(limit))
        var merged = CallDrill(metric: metric, fromMs: range.fromMs, toMs: range.toMs, site: nil, total: total,
                               counted: drills.reduce(0) { $0 + $1.counted }, truncated: total > kept.count, rows: kept)
        merged.sites = Set(drills.compactMap(\.site) + drills.flatMap { $0.sites ?? [] }).sorted()
        return merged
    }
}
