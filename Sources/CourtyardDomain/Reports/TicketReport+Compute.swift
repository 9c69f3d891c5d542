import CourtyardCRDT

// MARK: - Computing the ticket report

extension TicketReport {
    /// The report of `window` at `site` (all sites if nil) from ticket states (a superset is
    /// fine: tickets of other sites or in none of the report's sets are ignored). Deadlines
    /// come from `clock`. Pure and deterministic: the input order does not matter.
    public static func compute(tickets: [TicketState], window: TicketReportWindow, site: ReplicaID?,
                               clock: SLAClock) -> TicketReport {
        let facts = reportFacts(tickets, window: window, site: site, clock: clock)
        var counts = TicketCounts()
        func count(_ metric: TicketDrillMetric) -> (listed: Int, counted: Int) {
            let m = facts.map(metric.membership)
            return (m.filter(\.listed).count, m.filter { $0.listed && $0.counted }.count)
        }
        counts.opened = count(.opened).listed
        counts.closed = count(.closed).listed
        counts.resolved = count(.resolved).listed
        counts.cancelled = count(.cancelled).listed
        counts.overdue = count(.overdue).listed
        (counts.completionDecided, counts.onTime) = count(.onTime)
        counts.escalated1 = count(.escalated1).listed
        counts.escalated2 = count(.escalated2).listed
        counts.escalated3 = count(.escalated3).listed
        (counts.callbacks, counts.satisfied) = count(.satisfaction)
        counts.notSolved = facts.filter { $0.callback == .notSolved }.count
        let scores = facts.compactMap { f -> Int? in if case .score(let s) = f.callback { s } else { nil } }
        counts.scored = scores.count

        var figures = TicketFigures()
        figures.onTimeRatePercent = percent(counts.onTime, counts.completionDecided)
        let durations = facts.compactMap(\.resolutionMs).sorted()
        if !durations.isEmpty {
            figures.meanResolutionMs = Double(durations.reduce(0, +)) / Double(durations.count)
            figures.medianResolutionMs = nearestRank(durations, 0.5)
            figures.p90ResolutionMs = nearestRank(durations, 0.9)
        }
        figures.meanSatisfaction = scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
        figures.satisfiedRatePercent = percent(counts.satisfied, counts.callbacks)

        return TicketReport(
            fromMs: window.fromMs, toMs: window.toMs, measuredToMs: window.measuredToMs, site: site,
            counts: counts, figures: figures,
            byCategory: breakdown(facts, .category).sorted { ($1.opened, $0.key) < ($0.opened, $1.key) },
            bySite: breakdown(facts, .site),
            byPriority: breakdown(facts, .priority).sorted {
                (TicketPriority(rawValue: $0.key) ?? .ordinary) < (TicketPriority(rawValue: $1.key) ?? .ordinary)
            },
            byEscalationLevel: breakdown(facts, .escalationLevel).sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) },
            byDepartment: breakdown(facts, .department),
            byAssignee: breakdown(facts, .assignee),
            byBuilding: breakdown(facts, .building),
            topRooms: Array(breakdown(facts, .room).filter { !$0.key.isEmpty && $0.opened > 0 }
                .sorted { ($1.opened, $0.key) < ($0.opened, $1.key) }.prefix(roomsMax)),
            satisfactionScores: (1...5).map { n in scores.filter { $0 == n }.count },
            daily: daily(facts, window: window))
    }

    /// The facts of the tickets that are part of the report, by ticket id.
    static func reportFacts(_ tickets: [TicketState], window: TicketReportWindow, site: ReplicaID?,
                            clock: SLAClock) -> [TicketReportFacts] {
        var byID: [TicketID: TicketState] = [:]
        for t in tickets where site == nil || t.created.site == site {
            if let seen = byID[t.id], seen.eventCount >= t.eventCount { continue }
            byID[t.id] = t
        }
        return byID.keys.sorted().map { TicketReportFacts(byID[$0]!, window: window, clock: clock) }.filter(\.isReported)
    }

    static func percent(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? 100 * Double(part) / Double(whole) : nil
    }

    /// The nearest-rank percentile of sorted values: the value at rank ⌈p·n⌉ (1-based).
    static func nearestRank(_ sorted: [Int64], _ p: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    // MARK: Breakdowns and days

    /// Rows by key (sorted by key), for tickets in any of the row's sets.
    static func breakdown(_ facts: [TicketReportFacts], _ dimension: TicketDimension) -> [TicketBreakdownRow] {
        var rows: [String: TicketBreakdownRow] = [:]
        for f in facts where f.opened || f.closed || f.resolved || f.escalatedLevels.contains(3) {
            let key = dimension.key(of: f.state)
            var row = rows[key] ?? TicketBreakdownRow(key: key)
            if f.opened { row.opened += 1 }
            if f.closed { row.closed += 1 }
            if f.resolved { row.resolved += 1 }
            if f.overdue { row.overdue += 1 }
            if f.completionDecided { row.completionDecided += 1 }
            if f.onTime { row.onTime += 1 }
            if f.escalatedLevels.contains(3) { row.escalated3 += 1 }
            rows[key] = row
        }
        return rows.keys.sorted().map { key in
            var row = rows[key]!
            row.onTimeRatePercent = percent(row.onTime, row.completionDecided)
            return row
        }
    }

    static func localDay(_ ms: Int64, _ offsetMinutes: Int) -> Int {
        let local = ms + Int64(offsetMinutes) * 60_000
        let mod = ((local % 86_400_000) + 86_400_000) % 86_400_000
        return Int((local - mod) / 86_400_000)
    }

    static func daily(_ facts: [TicketReportFacts], window: TicketReportWindow) -> [TicketDay] {
        let first = localDay(window.fromMs, window.utcOffsetMinutes)
        let last = localDay(window.toMs - 1, window.utcOffsetMinutes)
        var days = (first...max(first, last)).map { TicketDay(date: CivilDate(dayNumber: $0).description) }
        func add(_ ms: Int64?, _ update: (inout TicketDay) -> Void) {
            guard let ms else { return }
            let i = localDay(ms, window.utcOffsetMinutes) - first
            if days.indices.contains(i) { update(&days[i]) }
        }
        for f in facts {
            if f.opened { add(f.state.createdAtMs) { $0.opened += 1 } }
            if f.closed { add(f.state.closedAtMs) { $0.closed += 1 } }
            if f.resolved { add(f.state.resolvedAtMs) { $0.resolved += 1 } }
        }
        return days
    }
}
