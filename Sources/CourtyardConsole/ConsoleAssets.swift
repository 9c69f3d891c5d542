/// One static file of the console: its name under `/console/`, content type and bytes.
///
/// The console has no build step: its HTML, CSS and ES modules are written by hand and
/// compiled into the binary as raw string literals (one `Assets/<name>.swift` file each),
/// so every node serves the same console with nothing to install beside the executable.
public struct ConsoleAsset: Sendable {
    public let name: String
    public let contentType: String
    public let body: String
    /// A strong validator: FNV-1a of the body, as a quoted hex string.
    public let etag: String

    init(_ name: String, _ body: String) {
        self.name = name
        self.body = body
        self.contentType = Self.contentType(of: name)
        self.etag = "\"" + String(Self.fnv1a(body), radix: 16) + "\""
    }

    static func contentType(of name: String) -> String {
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        return "application/octet-stream"
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }
}

/// Every asset of the console. Add a page: write `Assets/<page>.js.swift`, list it here and
/// import it from `pages.js`.
public enum ConsoleAssets {
    public static let all: [ConsoleAsset] = [
        indexHTML, consoleCSS, faviconSVG, coreJS, chartsJS, appJS, pagesJS, loginJS, ticketJS,
        techwallJS, techwallCSS, techJS, wallJS,
        reportsJS,
        ticketFormJS, ticketActionsJS, lookupJS, screenPopJS, agentJS, agentCSS,
        hqJS,
    ]

    /// Assets by name (names are unique; a test checks).
    public static let byName: [String: ConsoleAsset] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
}
