@testable import CourtyardConsole
import CourtyardHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The agent desktop's files (agent.js and the modules it uses) are served through the router
/// with their content type, every module parses, and the page uses the contract's test ids.
@Suite struct AgentDesktopAssetsTests {
    static let names = ["agent.js", "agent.css", "ticket.js", "ticketform.js", "ticketactions.js", "lookup.js", "screenpop.js"]

    @Test func desktopAssets_areServedWithTheirContentType() async throws {
        try await APIHarness().app.test(.router) { client in
            for name in Self.names {
                try await client.execute(uri: "/console/\(name)", method: .get) { r in
                    #expect(r.status == .ok, "\(name)")
                    let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
                    #expect(r.headers[.contentType] == type, "\(name)")
                    #expect(r.headers[.cacheControl] == "no-cache", "\(name)")
                    #expect(r.body.readableBytes > 500, "\(name)")
                }
            }
        }
    }

    @Test func desktopPages_areImportedByPagesJS() {
        for name in ["agent.js", "ticketform.js", "ticketactions.js", "lookup.js"] {
            #expect(ConsoleAssets.pagesJS.body.contains("import './\(name)';"), "\(name)")
        }
    }

    /// The ids the browser journeys look for (docs: console contract) appear in the modules.
    @Test func desktop_usesTheContractsTestIDs() {
        let code = Self.names.compactMap { ConsoleAssets.byName[$0]?.body }.joined(separator: "\n")
        let ids = ["agent-signin", "agent-signout", "agent-ready", "agent-notready", "agent-reason", "agent-state",
                   "agent-wrapup-done", "pop", "pop-caller", "pop-resident", "pop-rooms", "pop-history", "pop-answer",
                   "pop-hangup", "pop-create-ticket", "ticket-form", "ticket-title", "ticket-category", "ticket-priority",
                   "ticket-description", "ticket-room", "ticket-submit", "ticket-created", "lookup-query", "lookup-submit",
                   "lookup-results", "case-query", "case-results", "missed-list", "recording-audio", "ticket-number",
                   "ticket-status", "ticket-timeline", "tickets-list", "tickets-status"]
        for id in ids {
            #expect(code.contains("'\(id)'"), "test id \(id) is not used")
        }
        for prefix in ["missed-", "missed-callback-", "recording-play-", "ticket-action-", "timeline-", "ticket-row-"] {
            #expect(code.contains("`\(prefix)${"), "test id prefix \(prefix) is not used")
        }
    }

    /// Each module parses as an ES module when Node.js is on PATH (skipped otherwise).
    @Test func desktopModules_parse_whenNodeIsAvailable() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
        guard let node = path.split(separator: ":").map({ "\($0)/node" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("node not on PATH: module syntax left to the browser tests")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("agent-desk-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in Self.names where name.hasSuffix(".js") {
            let asset = try #require(ConsoleAssets.byName[name])
            let file = dir.appendingPathComponent(name.replacingOccurrences(of: ".js", with: ".mjs"))
            try asset.body.write(to: file, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: node)
            p.arguments = ["--check", file.path]
            let err = Pipe()
            p.standardError = err
            try p.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(name): \(message)")
        }
    }
}
