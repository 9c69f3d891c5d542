// MARK: - Codable menu configuration

/// A site menu as configuration data (string keys, so it reads naturally from a site TOML
/// through TOMLKit or from JSON). Convert with `IVRMenu(config:site:)`, which refuses
/// anything malformed with an `IVRMenuError` naming the node path.
///
/// ```toml
/// [ivr]
/// fallbackQueue = "north-bay.general"
/// [ivr.root]
/// title = "主菜单"
/// prompt = "报修请按1……"
/// action = "menu"
/// [[ivr.root.children]]
/// key = "1"
/// title = "报修"
/// action = "repair"
/// kind = "water"
/// ```
public struct IVRMenuConfig: Codable, Hashable, Sendable {
    public var digitTimeoutMs: Int64?
    public var attemptsMax: Int?
    public var fallbackQueue: String
    public var roomCodeDigitsMax: Int?
    public var voicemailDurationMsMax: Int64?
    /// Overrides of the default Mandarin prompts; absent ones keep their defaults.
    public var prompts: IVRPrompts?
    public var root: IVRNodeConfig

    public init(digitTimeoutMs: Int64? = nil, attemptsMax: Int? = nil, fallbackQueue: String,
                roomCodeDigitsMax: Int? = nil, voicemailDurationMsMax: Int64? = nil,
                prompts: IVRPrompts? = nil, root: IVRNodeConfig) {
        self.digitTimeoutMs = digitTimeoutMs
        self.attemptsMax = attemptsMax
        self.fallbackQueue = fallbackQueue
        self.roomCodeDigitsMax = roomCodeDigitsMax
        self.voicemailDurationMsMax = voicemailDurationMsMax
        self.prompts = prompts
        self.root = root
    }
}

/// One node as configuration. `action` is one of `IVRActionName`; `kind` refines
/// `repair` (`IVRRepairKind`), `info` (`IVRInfoTopic`) and `voicemail` (`IVRVoicemailKind`);
/// `queue` is required by `transfer` and `emergency`.
public struct IVRNodeConfig: Codable, Hashable, Sendable {
    public var key: String?
    public var title: String
    public var prompt: String
    public var action: String
    public var kind: String?
    public var queue: String?
    public var children: [IVRNodeConfig]?

    public init(key: String? = nil, title: String, prompt: String, action: String, kind: String? = nil,
                queue: String? = nil, children: [IVRNodeConfig]? = nil) {
        self.key = key
        self.title = title
        self.prompt = prompt
        self.action = action
        self.kind = kind
        self.queue = queue
        self.children = children
    }
}

/// The action names of the configuration.
public enum IVRActionName: String, CaseIterable, Sendable {
    case menu, notices, feeInquiry, feePayment, insuranceInquiry, repair, publicRepair
    case emergency, info, voicemail, transfer, back, `repeat`
}

// MARK: Config → menu

extension IVRMenu {
    /// Builds and validates a menu from configuration; the first problem is thrown.
    public init(config: IVRMenuConfig, site: SiteID) throws(IVRMenuError) {
        guard let fallback = try? QueueID(validating: config.fallbackQueue) else {
            throw IVRMenuError(.invalidQueue, path: nil, "fallbackQueue '\(config.fallbackQueue.prefix(80))' is not a valid queue id")
        }
        // Bound the walk before recursing into untrusted data.
        let count = Self.countNodes(config.root, depth: 0)
        if count > IVRMenuLimits.nodesMax {
            throw IVRMenuError(.tooManyNodes, path: nil, "more than \(IVRMenuLimits.nodesMax) nodes")
        }
        let root = try Self.node(from: config.root, path: .root)
        self.init(site: site, root: root,
                  digitTimeoutMs: config.digitTimeoutMs ?? 6_000,
                  attemptsMax: config.attemptsMax ?? 3,
                  fallbackQueue: fallback,
                  roomCodeDigitsMax: config.roomCodeDigitsMax ?? 8,
                  voicemailDurationMsMax: config.voicemailDurationMsMax ?? 120_000,
                  prompts: config.prompts ?? .mandarin)
        try validate()
    }

    private static func countNodes(_ c: IVRNodeConfig, depth: Int) -> Int {
        guard depth <= IVRMenuLimits.depthMax + 1 else { return IVRMenuLimits.nodesMax + 1 }
        return 1 + (c.children ?? []).reduce(0) { $0 + countNodes($1, depth: depth + 1) }
    }

    private static func node(from c: IVRNodeConfig, path: IVRNodePath) throws(IVRMenuError) -> IVRMenuNode {
        if path.depth > IVRMenuLimits.depthMax {
            throw IVRMenuError(.tooDeep, path: path.description, "depth \(path.depth) exceeds \(IVRMenuLimits.depthMax)")
        }
        let action = try Self.action(from: c, path: path)
        var children: [DTMFDigit: IVRMenuNode] = [:]
        for child in c.children ?? [] {
            guard let key = child.key else {
                throw IVRMenuError(.missingField, path: path.description, "a child of this menu has no key")
            }
            guard let d = DTMFDigit(rawValue: key) else {
                throw IVRMenuError(.invalidDigit, path: path.description, "key '\(key.prefix(8))' is not 0–9, * or #")
            }
            let childPath = path.appending(d)
            if children[d] != nil {
                throw IVRMenuError(.duplicateDigit, path: childPath.description, "key \(key) is used twice in this menu")
            }
            children[d] = try node(from: child, path: childPath)
        }
        return IVRMenuNode(title: c.title, prompt: c.prompt, action: action, children: children)
    }

    private static func action(from c: IVRNodeConfig, path: IVRNodePath) throws(IVRMenuError) -> IVRAction {
        let p = path.description
        guard let name = IVRActionName(rawValue: c.action) else {
            let names = IVRActionName.allCases.map(\.rawValue).joined(separator: ", ")
            throw IVRMenuError(.unknownAction, path: p, "unknown action '\(c.action.prefix(40))'; use one of \(names)")
        }
        func kind<K: RawRepresentable & CaseIterable>(_: K.Type) throws(IVRMenuError) -> K where K.RawValue == String {
            guard let raw = c.kind, let k = K(rawValue: raw) else {
                let names = K.allCases.map(\.rawValue).joined(separator: ", ")
                throw IVRMenuError(.missingField, path: p, "action \(name.rawValue) needs kind = one of \(names)")
            }
            return k
        }
        func queue() throws(IVRMenuError) -> QueueID {
            guard let raw = c.queue else {
                throw IVRMenuError(.missingQueue, path: p, "action \(name.rawValue) needs a queue")
            }
            guard let q = try? QueueID(validating: raw) else {
                throw IVRMenuError(.invalidQueue, path: p, "queue '\(raw.prefix(80))' is not a valid queue id")
            }
            return q
        }
        switch name {
        case .menu: return .menu
        case .notices: return .playNotices
        case .feeInquiry: return .feeInquiry
        case .feePayment: return .feePayment
        case .insuranceInquiry: return .insuranceInquiry
        case .repair: return .repairBooking(try kind(IVRRepairKind.self))
        case .publicRepair: return .publicFacilityRepair
        case .emergency: return .emergencyHelp(queue: try queue())
        case .info: return .information(try kind(IVRInfoTopic.self))
        case .voicemail: return .voicemail(try kind(IVRVoicemailKind.self))
        case .transfer: return .transfer(queue: try queue())
        case .back: return .back
        case .repeat: return .repeatMenu
        }
    }
}

// MARK: Menu → config

extension IVRMenuConfig {
    /// The configuration of a menu (for writing an example site file, and round-trips).
    public init(_ menu: IVRMenu) {
        self.init(digitTimeoutMs: menu.digitTimeoutMs, attemptsMax: menu.attemptsMax,
                  fallbackQueue: menu.fallbackQueue.rawValue, roomCodeDigitsMax: menu.roomCodeDigitsMax,
                  voicemailDurationMsMax: menu.voicemailDurationMsMax, prompts: menu.prompts,
                  root: IVRNodeConfig(menu.root, key: nil))
    }
}

extension IVRNodeConfig {
    init(_ node: IVRMenuNode, key: DTMFDigit?) {
        let (name, kind, queue): (IVRActionName, String?, QueueID?) = switch node.action {
        case .menu: (.menu, nil, nil)
        case .playNotices: (.notices, nil, nil)
        case .feeInquiry: (.feeInquiry, nil, nil)
        case .feePayment: (.feePayment, nil, nil)
        case .insuranceInquiry: (.insuranceInquiry, nil, nil)
        case .repairBooking(let k): (.repair, k.rawValue, nil)
        case .publicFacilityRepair: (.publicRepair, nil, nil)
        case .emergencyHelp(let q): (.emergency, nil, q)
        case .information(let t): (.info, t.rawValue, nil)
        case .voicemail(let k): (.voicemail, k.rawValue, nil)
        case .transfer(let q): (.transfer, nil, q)
        case .back: (.back, nil, nil)
        case .repeatMenu: (.repeat, nil, nil)
        }
        let kids = node.sortedChildren.map { IVRNodeConfig($0.node, key: $0.digit) }
        self.init(key: key?.rawValue, title: node.title, prompt: node.prompt, action: name.rawValue,
                  kind: kind, queue: queue?.rawValue, children: kids.isEmpty ? nil : kids)
    }
}
