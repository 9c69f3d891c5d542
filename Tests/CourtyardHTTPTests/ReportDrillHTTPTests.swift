import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The drill-down, ticket-report and CSV-export routes over a stored ledger and real tickets.
@Suite struct ReportDrillHTTPTests {
    static let t0 = ReportingHarness.t0
    /// The tickets' clock (APIHarness): 2026-03-01T00:00:00Z.
    static let ticketT: Int64 = 1_772_323_200_000
    static var day: String { "from=\(t0)&to=\(t0 + 86_400_000)&site=north-bay" }
    static var ticketDay: String { "from=\(ticketT - 3_600_000)&to=\(ticketT + 86_400_000)&site=north-bay" }

    func harness() async throws -> ReportingHarness {
        let h = try ReportingHarness()
        try await h.database.callLedgerStore.append(ReportHTTPTests.ledger)
        return h
    }

    @discardableResult
    func ticket(_ h: ReportingHarness, title: String, callID: String? = nil) async throws -> TicketState {
        try await h.services.tickets.create(
            draft: TicketDraft(category: .repair, title: title, description: "水槽下面一直滴水", callID: callID), actor: "cs-chen")
    }

    @Test func callDrill_listsTheCallsBehindAFigure_withTheirTickets() async throws {
        let h = try await harness()
        h.ticketWall.set(Self.t0 + 3_600_000 + 400_000)  // opened from c4, after the call
        let linked = try await ticket(h, title: "厨房水龙头漏水", callID: "c4")
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/calls/drill?metric=abandon&" + Self.day, method: .get) { r in
                #expect(r.status == .ok)
                let body = try object(r)
                // Abandonment base: 4 offered − 1 short; numerator: c4 (50 s).
                #expect(body["total"] as? Int == 3)
                #expect(body["counted"] as? Int == 1)
                let rows = try #require(body["rows"] as? [[String: Any]])
                #expect(rows.map { $0["callID"] as? String } == ["c1", "c2", "c4"])
                let c4 = try #require(rows.last)
                #expect(c4["counted"] as? Bool == true)
                #expect(c4["tickets"] as? [String] == [linked.id.rawValue])
            }
            try await client.execute(uri: "/api/v1/reports/calls?" + Self.day, method: .get) { r in
                let counts = try #require(try object(r)["counts"] as? [String: Any])
                #expect(counts["offered"] as? Int == 4 && counts["shortAbandoned"] as? Int == 1)
            }
        }
    }

    @Test func ticketReport_andDrill_countTheStoredTickets() async throws {
        let h = try await harness()
        let first = try await ticket(h, title: "电梯异响")
        try await ticket(h, title: "门禁失灵")
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/tickets?" + Self.ticketDay, method: .get) { r in
                #expect(r.status == .ok)
                let body = try object(r)
                #expect((body["counts"] as? [String: Any])?["opened"] as? Int == 2)
                #expect((body["byCategory"] as? [[String: Any]])?.first?["key"] as? String == "repair")
            }
            let uri = "/api/v1/reports/tickets/drill?metric=opened&dimension=category&key=repair&" + Self.ticketDay
            try await client.execute(uri: uri, method: .get) { r in
                let body = try object(r)
                #expect(body["total"] as? Int == 2)
                let rows = try #require(body["rows"] as? [[String: Any]])
                #expect(rows.first?["id"] as? String == first.id.rawValue)
                #expect(rows.first?["title"] as? String == "电梯异响")
            }
            // Another site's range holds none of them.
            try await client.execute(uri: "/api/v1/reports/tickets?" + Self.ticketDay.replacingOccurrences(of: "north-bay", with: "south-lake"),
                                     method: .get) { r in
                try #expect((object(r)["counts"] as? [String: Any])?["opened"] as? Int == 0)
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/reports/calls/drill?" + day, "'metric' is required"),
        ("/api/v1/reports/calls/drill?metric=nope&" + day, "must be one of"),
        ("/api/v1/reports/tickets/drill?metric=opened&key=x&" + day, "'key' needs 'dimension'"),
        ("/api/v1/reports/tickets/drill?metric=opened&dimension=colour&" + day, "must be one of"),
        ("/api/v1/reports/tickets?from=1767225600000", "'to' is required"),
        ("/api/v1/reports/calls?fcrWindowHours=0&" + day, "fcrWindowHours"),
        ("/api/v1/exports/reports/calls/drill?metric=sl&from=1&to=2", "2000…2200"),
    ])
    func badQuery_is400WithAClearMessage(_ uri: String, _ expected: String) async throws {
        let h = try await harness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .badRequest)
                let message = try errorBody(r)["message"] as? String ?? ""
                #expect(message.contains(expected), "message was: \(message)")
            }
        }
    }

    // MARK: CSV

    @Test func callDrillExport_isACSVAttachmentWithEveryRow() async throws {
        let h = try await harness()
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/exports/reports/calls/drill?metric=entered&" + Self.day, method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"courtyard-calls-entered-north-bay-") == true)
                let text = String(buffer: r.body)
                #expect(text.hasPrefix("\u{FEFF}callId,site,enteredAtMs,caller,outcome,"))
                let lines = text.split(separator: "\r\n")
                #expect(lines.count == 5)  // header + c1…c4
                // The caller's "+86…" is guarded against formula injection.
                #expect(lines[1].hasPrefix("c1,north-bay,\(Self.t0 + 3_600_000),'+8613812345678,answered,a1,10000,80000,"))
            }
        }
    }

    @Test func ticketDrillExport_escapesTitles_andGuardsFormulas() async throws {
        let h = try await harness()
        try await ticket(h, title: "=HYPERLINK(\"http://evil\",\"点我\")")
        try await ticket(h, title: "漏水, 急\n二楼")
        try await h.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/exports/reports/tickets/drill?metric=opened&" + Self.ticketDay, method: .get) { r in
                #expect(r.status == .ok)
                let text = String(buffer: r.body)
                #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\","))
                #expect(text.contains(",\"漏水, 急\n二楼\","))
                let records = try CSVParser.parse(String(text.dropFirst()))
                #expect(records.count == 3)
                #expect(records[1].fields[6] == "'=HYPERLINK(\"http://evil\",\"点我\")")
            }
            try await client.execute(uri: "/api/v1/exports/reports/tickets?" + Self.ticketDay, method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains("counts,,opened,2\r\n"))
                #expect(text.contains("category,repair,opened,2\r\n"))
            }
            try await client.execute(uri: "/api/v1/exports/reports/calls?" + Self.day, method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains("counts,,offered,4\r\n"))
                #expect(text.contains("figures,,serviceLevel2Percent,50\r\n"))
                #expect(text.contains("figures,,serviceLevelPercent,33.3333\r\n"))
            }
        }
    }
}

/// Who may read reports and exports: a site supervisor only their own site (named), HQ any.
@Suite struct ReportAuthHTTPTests {
    @Test func roles_reportsAndExports() async throws {
        let h = try await AuthHarness()
        let range = "from=1772323200000&to=1772409600000"
        try await h.app.test(.router) { client in
            let supervisor = try await client.login("supervisor")
            let analyst = try await client.login("analyst")
            let agent = try await client.login("cs-chen")
            let tech = try await client.login("tech-zhang")
            for path in ["/api/v1/reports/tickets", "/api/v1/reports/calls/drill", "/api/v1/exports/reports/calls",
                         "/api/v1/exports/reports/tickets/drill"] {
                let metric = path.hasSuffix("drill") ? (path.contains("calls") ? "metric=sl&" : "metric=opened&") : ""
                let uri = "\(path)?\(metric)\(range)"
                #expect(try await client.call(.get, uri + "&site=north-bay", token: supervisor).status == .ok, "\(uri)")
                #expect(try await client.call(.get, uri, token: supervisor).status == .forbidden, "\(uri)")
                #expect(try await client.call(.get, uri + "&site=south-lake", token: supervisor).status == .forbidden)
                #expect(try await client.call(.get, uri, token: analyst).status == .ok, "\(uri)")
                #expect(try await client.call(.get, uri + "&site=north-bay", token: agent).status == .forbidden)
                #expect(try await client.call(.get, uri + "&site=north-bay", token: tech).status == .forbidden)
                #expect(try await client.call(.get, uri, token: nil).status == .unauthorized)
            }
        }
    }
}
