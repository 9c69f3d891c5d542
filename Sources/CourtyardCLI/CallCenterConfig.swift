import CourtyardCallCenter
import CourtyardCRDT
import CourtyardRuntime
import Foundation
import TOMLKit

// MARK: - [callcenter] as resolved

/// The node's call-center settings from `[callcenter]`; absent keys keep today's demo
/// behaviour (demo menu, no notices, longest-idle routing, overflow after 30 s).
///
/// ```toml
/// [callcenter]
/// gateway_tokens = { gw1 = "at-least-16-chars-secret" }
/// overflow_after = "30s"        # "off" never overflows to other sites
/// offer_timeout = "15s"
/// wrap_up = "30s"
/// strategy = "longest-idle"     # round-robin, fewest-calls, least-talk-time, ring-all
/// [callcenter.ivr]              # an IVRMenuConfig (its camelCase field names)
/// fallbackQueue = "north-bay.service"
/// [[callcenter.notices]]
/// kind = "outage"
/// text = "……"
/// from = "2026-12-01T08:00:00+08:00"
/// until = "2026-12-01T18:00:00+08:00"
/// ```
public struct CallCenterSettings: Sendable, Hashable {
    /// Gateway id → shared secret, from the file; `--cti-token` adds to and overrides these.
    public var gatewayTokens: [String: String] = [:]
    public var overflowAfterMs: Int64? = 30_000
    /// nil keeps the ACD's default.
    public var offerTimeoutMs: Int64?
    public var wrapUpMs: Int64 = 10_000
    public var strategy: RoutingStrategy = .longestIdle
    /// The site's menu, validated; nil plays `IVRMenu.demo(site:)`.
    public var menu: IVRMenu?
    public var notices: IVRNoticeBoard = IVRNoticeBoard()

    public init() {}

    /// File tokens shorter than this are refused: they guard the node's telephony.
    public static let tokenLengthMin = 16
    public static let tokenLengthMax = 256
    public static let gatewaysMax = 64

    /// The call center's configuration; `extraTokens` (from `--cti-token` or the
    /// environment) win over file tokens of the same gateway.
    public func configuration(site: SiteID, extraTokens: [String: String] = [:]) -> CallCenterConfiguration {
        let tokens = gatewayTokens.merging(extraTokens) { _, flag in flag }
        // Every timing was range-checked while parsing, so this cannot throw.
        return try! CallCenterConfiguration.standard(
            site: site, menu: menu ?? .demo(site: site), notices: notices, gatewayTokens: tokens,
            overflowAfterMs: overflowAfterMs, offerTimeoutMs: offerTimeoutMs, wrapUpMs: wrapUpMs, strategy: strategy)
    }
}

// MARK: - [callcenter] as read

/// `[callcenter]` as read from the file (the menu is validated later, once the site is known).
public struct CallCenterConfigFile: Sendable, Hashable {
    public var settings = CallCenterSettings()
    public var ivr: IVRMenuConfig?

    static let section = "callcenter"
    static let strategies: [String: RoutingStrategy] = [
        "longest-idle": .longestIdle, "round-robin": .roundRobin, "fewest-calls": .fewestCalls,
        "least-talk-time": .leastTalkTime, "ring-all": .ringAll,
    ]

    static func parse(_ t: TOMLTable) throws(ConfigError) -> CallCenterConfigFile {
        try NodeConfigFile.checkKeys(t, allowed: ["gateway_tokens", "overflow_after", "offer_timeout", "wrap_up",
                                                  "strategy", "ivr", "notices"], section: section)
        var file = CallCenterConfigFile()
        file.settings.gatewayTokens = try gatewayTokens(t)
        if let text = t["overflow_after"]?.string, text == "off" {
            file.settings.overflowAfterMs = nil
        } else if let ms = try ConfigValues.durationMs(t, "overflow_after", section: section, range: 0...3_600_000) {
            file.settings.overflowAfterMs = ms
        }
        file.settings.offerTimeoutMs = try ConfigValues.durationMs(t, "offer_timeout", section: section,
                                                                   range: 1_000...300_000)
        if let ms = try ConfigValues.durationMs(t, "wrap_up", section: section, range: 0...3_600_000) {
            file.settings.wrapUpMs = ms
        }
        if let v = t["strategy"] {
            guard let name = v.string, let s = strategies[name] else {
                throw ConfigError("[callcenter] strategy must be one of \(strategies.keys.sorted().joined(separator: ", "))")
            }
            file.settings.strategy = s
        }
        if let v = t["ivr"] {
            guard let table = v.table else { throw ConfigError("[callcenter] ivr must be a table ([callcenter.ivr])") }
            file.ivr = try decodeMenu(table)
        }
        file.settings.notices = try IVRNoticesConfig.parse(t["notices"])
        return file
    }

    private static func gatewayTokens(_ t: TOMLTable) throws(ConfigError) -> [String: String] {
        guard let v = t["gateway_tokens"] else { return [:] }
        guard let table = v.table else {
            throw ConfigError("[callcenter] gateway_tokens must be a table, e.g. { gw1 = \"secret\" }")
        }
        guard table.count <= CallCenterSettings.gatewaysMax else {
            throw ConfigError("[callcenter] gateway_tokens holds more than \(CallCenterSettings.gatewaysMax) gateways")
        }
        var out: [String: String] = [:]
        for id in table.keys.sorted() {
            guard CallCenterTokens.isValid(id) else {
                throw ConfigError("[callcenter] gateway_tokens: gateway id '\(id.prefix(64))' must be a short token (letters, digits, . _ : -)")
            }
            let min = CallCenterSettings.tokenLengthMin, max = CallCenterSettings.tokenLengthMax
            guard let token = table[id]?.string, (min...max).contains(token.utf8.count),
                  token.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
                throw ConfigError("[callcenter] gateway_tokens.\(id) must be a string of \(min)–\(max) printable ASCII characters without spaces")
            }
            out[id] = token
        }
        return out
    }

    private static func decodeMenu(_ table: TOMLTable) throws(ConfigError) -> IVRMenuConfig {
        do {
            return try TOMLDecoder(strictDecoding: true).decode(IVRMenuConfig.self, from: table)
        } catch let e as UnexpectedKeysError {
            let names = e.keys.map { key, path in (path.map(\.stringValue) + [key]).joined(separator: ".") }.sorted()
            throw ConfigError("[callcenter.ivr] unknown keys: \(names.joined(separator: ", "))")
        } catch let e as DecodingError {
            throw ConfigError("[callcenter.ivr] \(describe(e))")
        } catch {
            throw ConfigError("[callcenter.ivr] \(error)")
        }
    }

    private static func describe(_ e: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + ": "
        }
        switch e {
        case .keyNotFound(let key, let c): return "\(at(c.codingPath))missing key '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "\(at(c.codingPath))\(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    /// The validated menu: `IVRMenu(config:site:)`, and every queue it names must be one of
    /// this node's queues (`<site>.service`, `<site>.emergency`).
    func resolveMenu(site: SiteID) throws(ConfigError) -> IVRMenu? {
        guard let ivr else { return nil }
        let menu: IVRMenu
        do {
            menu = try IVRMenu(config: ivr, site: site)
        } catch {
            throw ConfigError("[callcenter.ivr] \(error.description)")
        }
        let queues: Set<QueueID> = [QueueID("\(site.rawValue).service"), QueueID("\(site.rawValue).emergency")]
        let known = queues.map(\.rawValue).sorted().joined(separator: ", ")
        guard queues.contains(menu.fallbackQueue) else {
            throw ConfigError("[callcenter.ivr] fallbackQueue '\(menu.fallbackQueue)' is not a queue of this node (\(known))")
        }
        var stack: [(IVRNodePath, IVRMenuNode)] = [(.root, menu.root)]
        while let (path, node) = stack.popLast() {
            switch node.action {
            case .transfer(let q), .emergencyHelp(let q):
                guard queues.contains(q) else {
                    throw ConfigError("[callcenter.ivr] IVR menu node \(path): queue '\(q)' is not a queue of this node (\(known))")
                }
            default: break
            }
            for (d, child) in node.sortedChildren.reversed() { stack.append((path.appending(d), child)) }
        }
        return menu
    }
}
