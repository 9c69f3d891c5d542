import CourtyardCRDT

// MARK: - Drill-down metrics

/// A figure of the call report whose calls can be listed. For a count the list is the
/// counted calls; for a rate it is the rate's denominator, each row saying whether it is in
/// the numerator (`counted`); for a mean it is the calls averaged. docs/metrics.md lists
/// each set.
public enum CallDrillMetric: String, CaseIterable, Sendable, Codable, Hashable {
    case entered, offered, answered
    case sl, sl2, asa, aht, abandon
    case shortAbandon = "short-abandon"
    case voicemail, overflowed, ivr, sticky, fcr, occupancy

    /// Whether `call` is in this metric's list, and whether it counts in the numerator.
    func membership(_ call: CallFacts, settings: ReportSettings, fcrResolved: Set<CallID>) -> (listed: Bool, counted: Bool) {
        let offered = call.wasOffered
        let answered = offered && call.isAnswered
        let withinT = answered && (call.answerWaitMs ?? .max) <= settings.serviceLevelThresholdMs
        let abandoned = offered && !call.isAnswered && call.abandonedWaitMs != nil
        let short = abandoned && (call.abandonedWaitMs ?? 0) < settings.shortAbandonMs
        switch self {
        case .entered: return (true, true)
        case .offered: return (offered, true)
        case .answered, .asa, .aht, .occupancy: return (answered, true)
        case .sl: return (offered && !short, withinT)
        case .sl2: return (answered, withinT)
        case .abandon: return (offered && !short, abandoned && !short)
        case .shortAbandon: return (short, true)
        case .voicemail: return (call.voicemail, true)
        case .overflowed: return (call.overflowed, true)
        case .ivr: return (!offered && call.abandonedWaitMs == nil && !call.voicemail, true)
        case .sticky: return (answered && call.stickyHit, true)
        case .fcr: return (call.isFCREligible, fcrResolved.contains(call.callID))
        }
    }
}

// MARK: - Drill-down list

/// One call behind a figure.
public struct CallDrillRow: Hashable, Sendable, Codable {
    public var callID: CallID
    /// The entry site (where the call is reported).
    public var site: SiteID
    public var enteredAtMs: Int64
    public var caller: String
    /// `answered`, `abandoned`, `voicemail`, `ivr` (never offered) or `unanswered`.
    public var outcome: String
    public var answeredBy: AgentID?
    /// Answer wait (answered calls) or the abandoned wait.
    public var waitMs: Int64?
    public var handlingMs: Int64
    public var overflowed: Bool
    /// In the numerator of the figure (always true for counts and means).
    public var counted: Bool
    /// Tickets opened from this call (filled by the API from the ticket store).
    public var tickets: [String]
}

/// The calls behind one figure of one report: `total` rows listed, `counted` of them in
/// the numerator; `rows` holds the first `rowsMax` by entry time.
public struct CallDrill: Hashable, Sendable, Codable {
    public static let rowsMax = 5_000

    public var metric: CallDrillMetric
    public var fromMs: Int64
    public var toMs: Int64
    public var site: SiteID?
    public var total: Int
    public var counted: Int
    public var truncated: Bool
    public var rows: [CallDrillRow]
    /// The sites whose lists were merged into this one (`CallDrill.merged`); nil for a list
    /// computed from one ledger.
    public var sites: [SiteID]? = nil
    /// Sites asked for their list that did not give it; nil when no other site was asked.
    public var missingSites: [MissingSite]? = nil

    /// The list for `metric`, from the same input and settings as `CallReport.compute`:
    /// `total` equals the figure's count or denominator and `counted` its numerator.
    public static func compute(metric: CallDrillMetric, events: [LedgerEvent], range: LedgerRange, site: SiteID?,
                               nowMs: Int64, settings: ReportSettings = ReportSettings(),
                               rowsMax: Int = CallDrill.rowsMax) -> CallDrill {
        let input = ReportCalls(events: events, range: range, site: site, nowMs: nowMs, settings: settings)
        var rows: [CallDrillRow] = []
        for call in input.calls.sorted(by: { ($0.enteredAtMs, $0.callID) < ($1.enteredAtMs, $1.callID) }) {
            let m = metric.membership(call, settings: settings, fcrResolved: input.fcrResolved)
            guard m.listed else { continue }
            rows.append(row(call, counted: m.counted))
        }
        let total = rows.count
        let counted = rows.filter(\.counted).count
        let limit = max(0, rowsMax)
        return CallDrill(metric: metric, fromMs: range.fromMs, toMs: range.toMs, site: site, total: total,
                         counted: counted, truncated: total > limit, rows: Array(rows.prefix(limit)))
    }

    static func row(_ call: CallFacts, counted: Bool) -> CallDrillRow {
        let outcome: String
        if call.wasOffered && call.isAnswered {
            outcome = "answered"
        } else if call.abandonedWaitMs != nil {
            outcome = "abandoned"
        } else if call.voicemail {
            outcome = "voicemail"
        } else if !call.wasOffered {
            outcome = "ivr"
        } else {
            outcome = "unanswered"
        }
        return CallDrillRow(callID: call.callID, site: call.site, enteredAtMs: call.enteredAtMs, caller: call.caller,
                            outcome: outcome, answeredBy: call.answeredBy,
                            waitMs: call.answerWaitMs ?? call.abandonedWaitMs,
                            handlingMs: call.wasOffered && call.isAnswered ? call.handlingMs : 0,
                            overflowed: call.overflowed, counted: counted, tickets: [])
    }
}
