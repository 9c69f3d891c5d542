@testable import CourtyardConsole
import CourtyardDomain
import CourtyardHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The technician view and the supervisor wall: served as console modules, imported by
/// pages.js, and carrying every test id the browser journeys use (console contract).
@Suite struct TechWallConsoleTests {
    static let techIDs = ["tech-list", "tech-ticket-", "tech-accept", "tech-arrive", "tech-note-text", "tech-note-photo",
                          "tech-note-submit", "tech-resolve-summary", "tech-resolve"]
    static let wallIDs = ["wall-waiting", "wall-longest-wait", "wall-agents", "wall-agent-", "wall-sla", "wall-sla-level-",
                          "wall-rules", "wall-ivr", "wall-notices"]

    @Test func techAndWall_areServedAsModules_withTheirStylesheet() async throws {
        try await APIHarness().app.test(.router) { client in
            for (name, type) in [("tech.js", "text/javascript; charset=utf-8"), ("wall.js", "text/javascript; charset=utf-8"),
                                 ("techwall.js", "text/javascript; charset=utf-8"), ("techwall.css", "text/css; charset=utf-8")] {
                try await client.execute(uri: "/console/\(name)", method: .get) { r in
                    #expect(r.status == .ok, "\(name)")
                    #expect(r.headers[.contentType] == type, "\(name)")
                    #expect(r.headers[.cacheControl] == "no-cache", "\(name)")
                }
            }
        }
        #expect(ConsoleAssets.pagesJS.body.contains("import './tech.js';"))
        #expect(ConsoleAssets.pagesJS.body.contains("import './wall.js';"))
    }

    @Test func pages_carryEveryTestIDOfTheJourneys() {
        for id in Self.techIDs { #expect(ConsoleAssets.techJS.body.contains("'\(id)") || ConsoleAssets.techJS.body.contains("`\(id)"),
                                         "tech.js lacks \(id)") }
        for id in Self.wallIDs { #expect(ConsoleAssets.wallJS.body.contains("'\(id)") || ConsoleAssets.wallJS.body.contains("`\(id)"),
                                         "wall.js lacks \(id)") }
        #expect(ConsoleAssets.techJS.body.contains("'ticket-status'") || ConsoleAssets.ticketJS.body.contains("'ticket-status'"))
    }

    /// The client-side photo limit is the node's, so the page refuses what the API would.
    @Test func techPage_photoLimit_matchesTheNode() {
        #expect(ConsoleAssets.techJS.body.contains("const photoBytesMax = 5 * 1024 * 1024;"))
        #expect(5 * 1024 * 1024 == AttachmentLimits.bytesMax)
        for type in ["image/jpeg", "image/png", "image/webp"] { #expect(ConsoleAssets.techJS.body.contains("'\(type)'")) }
    }

    /// The pages use no inline styles (the console's CSP allows stylesheets from the node only).
    @Test func pages_useNoInlineStyles() {
        for asset in [ConsoleAssets.techJS, ConsoleAssets.wallJS] {
            #expect(!asset.body.contains("style:"), "\(asset.name)")
            #expect(!asset.body.contains("innerHTML"), "\(asset.name)")
        }
    }
}
