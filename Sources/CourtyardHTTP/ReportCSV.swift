import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - Reports as CSV

/// The CSV forms of the reports and drill-down lists. Reports are written long
/// (`section,key,name,value`: one figure per row, ready for a pivot table); drill lists one
/// call or ticket per row. Times are epoch milliseconds and durations milliseconds, as in
/// the JSON; rates are percentages rounded to 4 decimals; an absent figure is an empty cell.
enum ReportCSV {
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }

    static func number<I: BinaryInteger>(_ value: I?) -> String { value.map { String($0) } ?? "" }

    static func callReport(_ r: CallReport) -> String {
        var csv = CSVWriter(header: ["section", "key", "name", "value"])
        let c = r.counts, f = r.figures
        let counts: [(String, Int)] = [
            ("entered", c.entered), ("offered", c.offered), ("answered", c.answered),
            ("answeredWithinThreshold", c.answeredWithinThreshold), ("abandoned", c.abandoned),
            ("shortAbandoned", c.shortAbandoned), ("voicemail", c.voicemail), ("overflowed", c.overflowed),
            ("stickyHits", c.stickyHits), ("handledInIVR", c.handledInIVR), ("fcrEligible", c.fcrEligible),
            ("fcrResolved", c.fcrResolved),
        ]
        for (name, value) in counts { csv.append(["counts", "", name, String(value)]) }
        let figures: [(String, Double?)] = [
            ("serviceLevelPercent", f.serviceLevelPercent), ("serviceLevel2Percent", f.serviceLevel2Percent),
            ("averageSpeedOfAnswerMs", f.averageSpeedOfAnswerMs), ("averageHandlingTimeMs", f.averageHandlingTimeMs),
            ("abandonmentRatePercent", f.abandonmentRatePercent),
            ("firstContactResolutionPercent", f.firstContactResolutionPercent),
            ("occupancyPercent", f.occupancyPercent), ("talkMs", Double(f.talkMs)), ("wrapUpMs", Double(f.wrapUpMs)),
            ("longestAnswerWaitMs", f.longestAnswerWaitMs.map(Double.init)),
        ]
        for (name, value) in figures { csv.append(["figures", "", name, number(value)]) }
        for a in r.agents {
            let k = a.agent.rawValue
            for (name, value) in [("offers", a.offers), ("answered", a.answered), ("declined", a.declined),
                                  ("timedOut", a.timedOut)] { csv.append(["agent", k, name, String(value)]) }
            for (name, value) in [("talkMs", a.talkMs), ("wrapUpMs", a.wrapUpMs), ("handlingMs", a.handlingMs),
                                  ("staffedMs", a.staffedMs), ("loggedInMs", a.loggedInMs)] {
                csv.append(["agent", k, name, String(value)])
            }
            csv.append(["agent", k, "occupancyPercent", number(a.occupancyPercent)])
        }
        for hit in r.ivr { csv.append(["ivr", hit.node, "hits", String(hit.hits)]) }
        for (hour, n) in r.hourly.enumerated() { csv.append(["hourly", String(hour), "entered", String(n)]) }
        for d in r.daily {
            csv.append(["daily", d.date, "entered", String(d.entered)])
            csv.append(["daily", d.date, "answered", String(d.answered)])
            csv.append(["daily", d.date, "abandoned", String(d.abandoned)])
            csv.append(["daily", d.date, "serviceLevelPercent", number(d.serviceLevelPercent)])
        }
        for s in r.staffing {
            csv.append(["staffing", s.site.rawValue, "agents", number(s.suggestion?.agents)])
            csv.append(["staffing", s.site.rawValue, "trafficErlangs", number(s.suggestion?.trafficErlangs)])
            csv.append(["staffing", s.site.rawValue, "serviceLevel", number(s.suggestion?.serviceLevel)])
        }
        return csv.text
    }

    static func ticketReport(_ r: TicketReport) -> String {
        var csv = CSVWriter(header: ["section", "key", "name", "value"])
        let c = r.counts, f = r.figures
        let counts: [(String, Int)] = [
            ("opened", c.opened), ("closed", c.closed), ("resolved", c.resolved), ("cancelled", c.cancelled),
            ("overdue", c.overdue), ("completionDecided", c.completionDecided), ("onTime", c.onTime),
            ("escalated1", c.escalated1), ("escalated2", c.escalated2), ("escalated3", c.escalated3),
            ("callbacks", c.callbacks), ("satisfied", c.satisfied), ("notSolved", c.notSolved), ("scored", c.scored),
        ]
        for (name, value) in counts { csv.append(["counts", "", name, String(value)]) }
        let figures: [(String, Double?)] = [
            ("onTimeRatePercent", f.onTimeRatePercent), ("meanResolutionMs", f.meanResolutionMs),
            ("medianResolutionMs", f.medianResolutionMs.map(Double.init)),
            ("p90ResolutionMs", f.p90ResolutionMs.map(Double.init)),
            ("meanSatisfaction", f.meanSatisfaction), ("satisfiedRatePercent", f.satisfiedRatePercent),
        ]
        for (name, value) in figures { csv.append(["figures", "", name, number(value)]) }
        let sections: [(String, [TicketBreakdownRow])] = [
            ("category", r.byCategory), ("site", r.bySite), ("priority", r.byPriority),
            ("level", r.byEscalationLevel), ("department", r.byDepartment), ("assignee", r.byAssignee),
            ("building", r.byBuilding), ("room", r.topRooms),
        ]
        for (section, rows) in sections {
            for row in rows {
                for (name, value) in [("opened", row.opened), ("closed", row.closed), ("resolved", row.resolved),
                                      ("overdue", row.overdue), ("onTime", row.onTime)] {
                    csv.append([section, row.key, name, String(value)])
                }
                csv.append([section, row.key, "onTimeRatePercent", number(row.onTimeRatePercent)])
                csv.append([section, row.key, "escalated3", String(row.escalated3)])
            }
        }
        for (i, n) in r.satisfactionScores.enumerated() { csv.append(["callbackScores", String(i + 1), "callbacks", String(n)]) }
        for d in r.daily {
            for (name, value) in [("opened", d.opened), ("closed", d.closed), ("resolved", d.resolved)] {
                csv.append(["daily", d.date, name, String(value)])
            }
        }
        return csv.text
    }

    static func callDrill(_ d: CallDrill) -> String {
        var csv = CSVWriter(header: ["callId", "site", "enteredAtMs", "caller", "outcome", "answeredBy", "waitMs",
                                    "handlingMs", "overflowed", "counted", "tickets"])
        for r in d.rows {
            csv.append([r.callID.rawValue, r.site.rawValue, String(r.enteredAtMs), r.caller, r.outcome,
                        r.answeredBy?.rawValue ?? "", number(r.waitMs), String(r.handlingMs), String(r.overflowed),
                        String(r.counted), r.tickets.joined(separator: " ")])
        }
        return csv.text
    }

    static func ticketDrill(_ d: TicketDrill) -> String {
        var csv = CSVWriter(header: ["id", "number", "site", "category", "priority", "status", "title", "department",
                                    "assignee", "escalationLevel", "createdAtMs", "resolvedAtMs", "closedAtMs",
                                    "resolutionMs", "satisfaction", "callId", "counted"])
        for r in d.rows {
            csv.append([r.id.rawValue, r.number, r.site.rawValue, r.category.rawValue, r.priority.rawValue,
                        r.status.rawValue, r.title, r.department ?? "", r.assignee ?? "", String(r.escalationLevel),
                        String(r.createdAtMs), number(r.resolvedAtMs), number(r.closedAtMs), number(r.resolutionMs),
                        r.satisfaction ?? "", r.callID ?? "", String(r.counted)])
        }
        return csv.text
    }
}
