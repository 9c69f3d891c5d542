@testable import CourtyardConsole
import CourtyardHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The reports page and the chart module: served, imported, and carrying the test ids of
/// the console contract (issue #6) that the browser journeys use.
@Suite struct ReportsPageTests {
    @Test func reportsAndCharts_areServedAsModules_andTheReportsPageIsImported() async throws {
        try await APIHarness().app.test(.router) { client in
            for name in ["reports.js", "charts.js"] {
                try await client.execute(uri: "/console/\(name)", method: .get) { r in
                    #expect(r.status == .ok, "\(name)")
                    #expect(r.headers[.contentType] == "text/javascript; charset=utf-8")
                    #expect(r.headers[.cacheControl] == "no-cache")
                    #expect(r.headers[.eTag] != nil)
                }
            }
        }
        #expect(ConsoleAssets.all.contains { $0.name == "reports.js" })
        #expect(ConsoleAssets.pagesJS.body.contains("import './reports.js';"))
        #expect(ConsoleAssets.reportsJS.body.contains("from './charts.js'"))
    }

    @Test func reportsPage_carriesTheContractTestIDs() {
        let body = ConsoleAssets.reportsJS.body
        for id in ["report-from", "report-to", "report-site", "report-apply", "report-csv", "report-drill-list",
                   "report-figure-${id}", "report-drill-${id}", "report-drill-ticket-${rows[i].id}",
                   "report-drill-call-${rows[i].callID}", "#/ticket/${encodeURIComponent("] {
            #expect(body.contains(id), "\(id)")
        }
        // The figures of the contract, each with a drill button.
        for metric in ["sl", "sl2", "asa", "aht", "abandon", "fcr", "occupancy", "tickets-opened", "tickets-closed"] {
            #expect(body.contains("drillFigure('\(metric)'"), "\(metric)")
        }
        #expect(body.contains("roles: ['site_supervisor', 'hq_analyst', 'admin']"))
    }

    /// Keys built at run time (`reports.fig.${id}`, `reports.outcome.${o}`) exist in both languages.
    @Test func dynamicTranslationKeys_existInBothLanguages() {
        let body = ConsoleAssets.reportsJS.body
        let figures = ["entered", "answered", "sl", "sl2", "asa", "aht", "abandon", "fcr", "occupancy", "tickets-opened",
                       "tickets-closed", "tickets-resolved", "tickets-cancelled", "tickets-overdue", "tickets-ontime",
                       "tickets-escalated-1", "tickets-escalated-2", "tickets-escalated-3", "tickets-resolution",
                       "tickets-satisfaction"]
        let outcomes = ["answered", "abandoned", "voicemail", "ivr", "unanswered"]
        for key in figures.map({ "reports.fig.\($0)" }) + outcomes.map({ "reports.outcome.\($0)" }) {
            #expect(body.components(separatedBy: "'\(key)': '").count == 3, "\(key)")
        }
    }

    @Test func charts_buildSVGWithoutInlineStyle() {
        let body = ConsoleAssets.chartsJS.body
        for export in ["export function svgBarChart", "export function svgHBarChart", "export function svgLineChart"] {
            #expect(body.contains(export), "\(export)")
        }
        // The console's CSP has no 'unsafe-inline' for styles: colours are SVG attributes.
        #expect(!body.contains("style:") && !body.contains("innerHTML"))
        // console.css colours `.bar`, `.line` and `.dot`, which would override each series' colour.
        #expect(!body.contains("class: 'bar'") && !body.contains("class: 'line'") && !body.contains("class: 'dot'"))
        #expect(!ConsoleAssets.reportsJS.body.contains("innerHTML"))
    }
}
