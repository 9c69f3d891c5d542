@testable import CourtyardConsole
import CourtyardHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The console's files: served with their types and validators, linked consistently, and
/// every translation key used in code present in both languages.
@Suite struct ConsoleRoutesTests {
    @Test func root_andConsole_redirectToTheSinglePage_whichIsServed() async throws {
        try await APIHarness().app.test(.router) { client in
            for path in ["/", "/console"] {
                try await client.execute(uri: path, method: .get) { r in
                    #expect(r.status == .found, "\(path)")
                    #expect(r.headers[.location] == "/console/")
                }
            }
            try await client.execute(uri: "/console/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: r.body).contains(#"<script type="module" src="/console/app.js">"#))
                #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
        }
    }

    @Test func everyAsset_isServedWithItsType_andAnETagThatAnswers304() async throws {
        try await APIHarness().app.test(.router) { client in
            for asset in ConsoleAssets.all {
                let etag = try await client.execute(uri: "/console/\(asset.name)", method: .get) { r -> String? in
                    #expect(r.status == .ok, "\(asset.name)")
                    #expect(r.headers[.contentType] == asset.contentType)
                    #expect(r.headers[.xContentTypeOptions] == "nosniff")
                    #expect(String(buffer: r.body) == asset.body)
                    return r.headers[.eTag]
                }
                #expect(etag == asset.etag)
                try await client.execute(uri: "/console/\(asset.name)", method: .get, headers: [.ifNoneMatch: asset.etag]) { r in
                    #expect(r.status == .notModified, "\(asset.name)")
                    #expect(r.body.readableBytes == 0)
                }
            }
            try await client.execute(uri: "/console/nope.js", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/console/..%2Fetc%2Fpasswd", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func assetNames_areUnique_andEveryModuleImportResolves() {
        #expect(ConsoleAssets.byName.count == ConsoleAssets.all.count, "two assets share a name")
        let importPattern = try! NSRegularExpression(pattern: #"(?:from|import)\s+'\./([A-Za-z0-9_.-]+)'"#)
        for asset in ConsoleAssets.all where asset.name.hasSuffix(".js") {
            let ns = asset.body as NSString
            for match in importPattern.matches(in: asset.body, range: NSRange(location: 0, length: ns.length)) {
                let target = ns.substring(with: match.range(at: 1))
                #expect(ConsoleAssets.byName[target] != nil, "\(asset.name) imports \(target), which is not an asset")
            }
        }
        for page in ConsoleAssets.all where page.name.hasSuffix(".js") && page.body.contains("registerPage({") {
            #expect(ConsoleAssets.pagesJS.body.contains("import './\(page.name)';") || page.name == "app.js",
                    "\(page.name) registers a page but pages.js does not import it")
        }
    }

    /// Every literal key passed to `t('…')` has a Chinese and an English text.
    @Test func everyTranslationKeyUsed_existsInBothLanguages() {
        let all = ConsoleAssets.all.filter { $0.name.hasSuffix(".js") }.map(\.body).joined(separator: "\n")
        let used = Self.matches(#"\bt\('([A-Za-z0-9_.-]+)'"#, in: all)
        let defined = Self.matches(#"'([A-Za-z0-9_.-]+)':\s*'"#, in: all)
        var counts: [String: Int] = [:]
        for key in defined { counts[key, default: 0] += 1 }
        let missing = Set(used).filter { (counts[$0] ?? 0) < 2 }.sorted()
        #expect(missing == [], "keys without both a zh-CN and an en text")
    }

    /// When Node.js is on this machine, every module must parse (a syntax error would leave
    /// a blank page). Skipped, with a note, where Node is absent; the browser tests load
    /// every module anyway.
    @Test func everyScript_parses_whenNodeIsAvailable() throws {
        guard let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("node not found: module syntax is checked by the browser tests only")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for asset in ConsoleAssets.all where asset.name.hasSuffix(".js") {
            let file = dir.appendingPathComponent(asset.name.replacingOccurrences(of: ".js", with: ".mjs"))
            try asset.body.write(to: file, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: node)
            p.arguments = ["--check", file.path]
            let err = Pipe()
            p.standardError = err
            try p.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(asset.name): \(message)")
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }
}
