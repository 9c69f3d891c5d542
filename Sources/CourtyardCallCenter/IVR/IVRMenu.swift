// MARK: - The menu tree of one site

/// One node of an IVR menu: a label for reports, a prompt to speak, an action and, for
/// submenus, children keyed by DTMF digit.
public struct IVRMenuNode: Hashable, Sendable {
    /// Short label shown in hit reports (`报修`).
    public var title: String
    /// What the caller hears on reaching the node (for information nodes: the content).
    public var prompt: String
    public var action: IVRAction
    /// Children by key; only `.menu` nodes have them.
    public var children: [DTMFDigit: IVRMenuNode]

    public init(title: String, prompt: String, action: IVRAction, children: [DTMFDigit: IVRMenuNode] = [:]) {
        self.title = title
        self.prompt = prompt
        self.action = action
        self.children = children
    }

    /// A submenu node.
    public static func menu(_ title: String, _ prompt: String, _ children: [DTMFDigit: IVRMenuNode]) -> IVRMenuNode {
        IVRMenuNode(title: title, prompt: prompt, action: .menu, children: children)
    }

    /// A leaf node.
    public static func leaf(_ title: String, _ prompt: String, _ action: IVRAction) -> IVRMenuNode {
        IVRMenuNode(title: title, prompt: prompt, action: action)
    }

    /// Children in keypad order, so walks and prompts never depend on dictionary order.
    public var sortedChildren: [(digit: DTMFDigit, node: IVRMenuNode)] {
        children.keys.sorted().map { ($0, children[$0]!) }
    }
}

/// Spoken texts the session needs besides node prompts; configurable per site.
public struct IVRPrompts: Hashable, Sendable, Codable {
    public var invalidKey: String
    public var noInput: String
    public var enterRoomCode: String
    public var recordAfterTone: String
    public var recordingSaved: String
    /// `{amount}` is replaced by the amount in yuan (`123.45`).
    public var amountDue: String
    public var confirmPayment: String
    public var paymentRecorded: String
    public var paymentFailed: String
    public var lookupNotFound: String
    public var noNotices: String
    public var transferring: String
    public var emergency: String
    public var goodbye: String

    /// Mandarin defaults for the demo.
    public static let mandarin = IVRPrompts(
        invalidKey: "您的输入有误，请重新选择。",
        noInput: "没有收到您的按键，请重新选择。",
        enterRoomCode: "请输入您的房号，以井号键结束。",
        recordAfterTone: "请在提示音后留言，按井号键结束。",
        recordingSaved: "您的留言已记录，我们会尽快处理，谢谢。",
        amountDue: "您的房屋当前应缴费用为{amount}元。",
        confirmPayment: "确认缴费请按1，返回请按星号键。",
        paymentRecorded: "缴费已登记，谢谢。",
        paymentFailed: "缴费未能完成，正在为您转接人工服务。",
        lookupNotFound: "未查询到该房号的信息。",
        noNotices: "目前没有新的通告。",
        transferring: "正在为您转接人工服务，请稍候。",
        emergency: "已为您启动紧急救助，正在转接值班人员。",
        goodbye: "感谢来电，再见。")

    public init(invalidKey: String, noInput: String, enterRoomCode: String, recordAfterTone: String,
                recordingSaved: String, amountDue: String, confirmPayment: String, paymentRecorded: String,
                paymentFailed: String, lookupNotFound: String, noNotices: String, transferring: String,
                emergency: String, goodbye: String) {
        self.invalidKey = invalidKey
        self.noInput = noInput
        self.enterRoomCode = enterRoomCode
        self.recordAfterTone = recordAfterTone
        self.recordingSaved = recordingSaved
        self.amountDue = amountDue
        self.confirmPayment = confirmPayment
        self.paymentRecorded = paymentRecorded
        self.paymentFailed = paymentFailed
        self.lookupNotFound = lookupNotFound
        self.noNotices = noNotices
        self.transferring = transferring
        self.emergency = emergency
        self.goodbye = goodbye
    }

    /// All texts with their field names, for bounds checks.
    var all: [(String, String)] {
        [("invalidKey", invalidKey), ("noInput", noInput), ("enterRoomCode", enterRoomCode),
         ("recordAfterTone", recordAfterTone), ("recordingSaved", recordingSaved), ("amountDue", amountDue),
         ("confirmPayment", confirmPayment), ("paymentRecorded", paymentRecorded),
         ("paymentFailed", paymentFailed), ("lookupNotFound", lookupNotFound), ("noNotices", noNotices),
         ("transferring", transferring), ("emergency", emergency), ("goodbye", goodbye)]
    }
}

/// The key-press menu of one site, with its collection settings. Build it from an
/// `IVRMenuConfig` (TOML/JSON) or in code, then `validate()` before use.
public struct IVRMenu: Hashable, Sendable {
    public var site: SiteID
    public var root: IVRMenuNode
    /// How long the gateway waits for a key before reporting no input.
    public var digitTimeoutMs: Int64
    /// Invalid keys or silences in a row before the caller is sent to `fallbackQueue`.
    public var attemptsMax: Int
    /// Where callers go after too many failed attempts, or when a lookup or payment fails.
    public var fallbackQueue: QueueID
    /// Longest room code a caller may key in.
    public var roomCodeDigitsMax: Int
    /// Longest voice mail the gateway records.
    public var voicemailDurationMsMax: Int64
    public var prompts: IVRPrompts

    public init(site: SiteID, root: IVRMenuNode, digitTimeoutMs: Int64 = 6_000, attemptsMax: Int = 3,
                fallbackQueue: QueueID, roomCodeDigitsMax: Int = 8, voicemailDurationMsMax: Int64 = 120_000,
                prompts: IVRPrompts = .mandarin) {
        self.site = site
        self.root = root
        self.digitTimeoutMs = digitTimeoutMs
        self.attemptsMax = attemptsMax
        self.fallbackQueue = fallbackQueue
        self.roomCodeDigitsMax = roomCodeDigitsMax
        self.voicemailDurationMsMax = voicemailDurationMsMax
        self.prompts = prompts
    }

    /// The node at `path`, or nil when the path leaves the tree.
    public func node(at path: IVRNodePath) -> IVRMenuNode? {
        var node = root
        for d in path.digits {
            guard let next = node.children[d] else { return nil }
            node = next
        }
        return node
    }

    /// Every node with its path, depth first in keypad order (deterministic).
    public var allNodes: [(path: IVRNodePath, node: IVRMenuNode)] {
        var out: [(IVRNodePath, IVRMenuNode)] = []
        func walk(_ path: IVRNodePath, _ node: IVRMenuNode) {
            out.append((path, node))
            for (d, child) in node.sortedChildren { walk(path.appending(d), child) }
        }
        walk(.root, root)
        return out
    }
}

// MARK: Partial prompt overrides

extension IVRPrompts {
    private enum CodingKeys: String, CodingKey {
        case invalidKey, noInput, enterRoomCode, recordAfterTone, recordingSaved, amountDue, confirmPayment
        case paymentRecorded, paymentFailed, lookupNotFound, noNotices, transferring, emergency, goodbye
    }

    /// Decodes a partial set: keys a site leaves out keep their Mandarin defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = IVRPrompts.mandarin
        func v(_ k: CodingKeys, _ fallback: String) throws -> String {
            try c.decodeIfPresent(String.self, forKey: k) ?? fallback
        }
        self.init(invalidKey: try v(.invalidKey, d.invalidKey), noInput: try v(.noInput, d.noInput),
                  enterRoomCode: try v(.enterRoomCode, d.enterRoomCode),
                  recordAfterTone: try v(.recordAfterTone, d.recordAfterTone),
                  recordingSaved: try v(.recordingSaved, d.recordingSaved), amountDue: try v(.amountDue, d.amountDue),
                  confirmPayment: try v(.confirmPayment, d.confirmPayment),
                  paymentRecorded: try v(.paymentRecorded, d.paymentRecorded),
                  paymentFailed: try v(.paymentFailed, d.paymentFailed),
                  lookupNotFound: try v(.lookupNotFound, d.lookupNotFound), noNotices: try v(.noNotices, d.noNotices),
                  transferring: try v(.transferring, d.transferring), emergency: try v(.emergency, d.emergency),
                  goodbye: try v(.goodbye, d.goodbye))
    }
}
