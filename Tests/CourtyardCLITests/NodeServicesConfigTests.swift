import CourtyardCallCenter
import CourtyardCLI
import CourtyardCRDT
import CourtyardRuntime
import Foundation
import Logging
import Synchronization
import Testing

/// `[callcenter]`, `[recordings]` and `[campaigns]` in a node's TOML config.
@Suite struct NodeServicesConfigTests {
    static let customMenu = """
        [node]
        site = "north-bay"

        [callcenter]
        gateway_tokens = { gw1 = "0123456789abcdef-gw1" }
        overflow_after = "45s"
        offer_timeout = "15s"
        wrap_up = "30s"
        strategy = "round-robin"

        [callcenter.ivr]
        fallbackQueue = "north-bay.service"
        digitTimeoutMs = 8000

        [callcenter.ivr.root]
        title = "主菜单"
        prompt = "北湾花园测试菜单：报修请按1，人工服务请按0。"
        action = "menu"

        [[callcenter.ivr.root.children]]
        key = "1"
        title = "水路报修"
        prompt = "室内水路报修。"
        action = "repair"
        kind = "water"

        [[callcenter.ivr.root.children]]
        key = "0"
        title = "人工服务"
        prompt = "正在为您转接人工服务。"
        action = "transfer"
        queue = "north-bay.service"

        [[callcenter.notices]]
        id = "water-off"
        kind = "outage"
        text = "今日8点至18点，3栋停水检修。"
        from = "2020-01-01T08:00:00+08:00"
        until = 4102444800000
        """

    // MARK: Parsing

    @Test func callCenterSection_everyKeyParses() throws {
        let config = try NodeConfig.resolve(file: NodeConfigFile.parse(Self.customMenu), overrides: NodeConfigFile())
        let cc = config.callCenter
        #expect(cc.gatewayTokens == ["gw1": "0123456789abcdef-gw1"])
        #expect(cc.overflowAfterMs == 45_000)
        #expect(cc.offerTimeoutMs == 15_000)
        #expect(cc.wrapUpMs == 30_000)
        #expect(cc.strategy == .roundRobin)
        let menu = try #require(cc.menu)
        #expect(menu.digitTimeoutMs == 8_000)
        #expect(menu.root.prompt.hasPrefix("北湾花园测试菜单"))
        #expect(cc.notices.notices.map(\.id) == ["water-off"])
        #expect(cc.notices.notices.first?.validFromMs == 1_577_836_800_000)
        #expect(cc.notices.notices.first?.validUntilMs == 4_102_444_800_000)

        let built = cc.configuration(site: config.site, extraTokens: ["dial": "secret"])
        #expect(built.gatewayTokens == ["gw1": "0123456789abcdef-gw1", "dial": "secret"])
        #expect(built.acd.offerTimeoutMs == 15_000)
        #expect(built.acd.queues.allSatisfy { $0.strategy == .roundRobin })
        #expect(built.acd.queues.first { $0.id.rawValue == "north-bay.service" }?.overflowAfterMs == 45_000)
        #expect(built.acd.queues.first { $0.id.rawValue == "north-bay.emergency" }?.overflowAfterMs == 10_000)
        #expect(built.defaultWrapUpMs == 30_000)
    }

    @Test func absentSections_keepDemoMenuOutboxAndRecordingsForever() throws {
        let config = try NodeConfig.resolve(file: NodeConfigFile.parse("[node]\nsite = \"hq\"\n"), overrides: NodeConfigFile())
        #expect(config.callCenter.menu == nil)
        #expect(config.callCenter.notices.notices.isEmpty)
        #expect(config.recordingRetentionDays == 0)
        #expect(config.auditRetentionDays == 0)
        #expect(config.campaignProvider == .outbox)
        #expect(config.callCenter.configuration(site: config.site).menu == IVRMenu.demo(site: config.site))
    }

    @Test func recordingsAndWebhookCampaigns_parse() throws {
        let file = try NodeConfigFile.parse("""
            [recordings]
            retention_days = 180
            [audit]
            retention_days = 365
            [campaigns]
            provider = "webhook"
            webhook_url = "https://sms.example.com/send"
            webhook_timeout = "10s"
            webhook_token = "t0ken"
            """)
        #expect(file.recordingRetentionDays == 180)
        #expect(file.auditRetentionDays == 365)
        var site = NodeConfigFile()
        site.site = "hq"
        #expect(try NodeConfig.resolve(file: file, overrides: site).auditRetentionDays == 365)
        #expect(file.campaignProvider == .webhook(url: URL(string: "https://sms.example.com/send")!, timeoutMs: 10_000,
                                                  token: "t0ken"))
    }

    @Test func localClusterExample_southLakeMenuAndNoticeAreValid() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cluster/local/south-lake.toml").path
        let config = try NodeConfig.resolve(file: NodeConfigFile.load(path: path), overrides: NodeConfigFile())
        let menu = try #require(config.callCenter.menu)
        #expect(menu.root.prompt.contains("南湖苑"))
        #expect(config.callCenter.notices.notices.map(\.id) == ["lift-maintenance"])
        #expect(config.recordingRetentionDays == 180)
    }

    @Test func overflowOff_neverOverflows() throws {
        let file = try NodeConfigFile.parse("[callcenter]\noverflow_after = \"off\"\n")
        #expect(file.callCenter?.settings.overflowAfterMs == nil)
    }

    // MARK: Refusals name the key

    @Test(arguments: [
        ("[callcenter]\nstrategy = \"random\"\n", "strategy"),
        ("[callcenter]\noffer_timeout = \"15 seconds\"\n", "offer_timeout"),
        ("[callcenter]\nwrap_up = \"2d\"\n", "wrap_up"),
        ("[callcenter]\ngateway_tokens = { gw1 = \"short\" }\n", "gateway_tokens.gw1"),
        ("[callcenter]\nstrategyy = \"ring-all\"\n", "strategyy"),
        ("[[callcenter.notices]]\nkind = \"outage\"\ntext = \"停水\"\nfrom = 2000\nuntil = 1000\n", "until must be after from"),
        ("[[callcenter.notices]]\nkind = \"party\"\ntext = \"x\"\nfrom = 1\nuntil = 2\n", "kind"),
        ("[[callcenter.notices]]\nkind = \"outage\"\ntext = \"x\"\nfrom = \"yesterday\"\nuntil = 2\n", "from"),
        ("[campaigns]\nprovider = \"webhook\"\n", "webhook_url"),
        ("[campaigns]\nprovider = \"pigeon\"\n", "provider"),
        ("[campaigns]\nwebhook_url = \"https://x.example\"\n", "webhook_url"),
        ("[recordings]\nretention_days = -1\n", "retention_days"),
        ("[audit]\nretention_days = 40000\n", "[audit] retention_days"),
        ("[audit]\nkeep = 3\n", "keep"),
        ("[callcenter.ivr]\nfallbackQueue = \"hq.service\"\nroot = { title = \"t\", prompt = \"p\", action = \"menu\", colour = 1 }\n", "colour"),
    ])
    func badValue_isRefusedNamingTheKey(toml: String, key: String) {
        do {
            _ = try NodeConfigFile.parse(toml)
            Issue.record("expected \(key) to be refused")
        } catch {
            #expect(error.message.contains(key), "\(error.message)")
        }
    }

    @Test func ivrNodeWithDuplicateKey_isRefusedNamingTheNodePath() throws {
        let toml = """
            [node]
            site = "hq"
            [callcenter.ivr]
            fallbackQueue = "hq.service"
            [callcenter.ivr.root]
            title = "主菜单"
            prompt = "请按键。"
            action = "menu"
            [[callcenter.ivr.root.children]]
            key = "2"
            title = "甲"
            prompt = "甲。"
            action = "feeInquiry"
            [[callcenter.ivr.root.children]]
            key = "2"
            title = "乙"
            prompt = "乙。"
            action = "feePayment"
            """
        let file = try NodeConfigFile.parse(toml)
        do {
            _ = try NodeConfig.resolve(file: file, overrides: NodeConfigFile())
            Issue.record("expected the duplicate key to be refused")
        } catch {
            #expect(error.message.contains("[callcenter.ivr]"))
            #expect(error.message.contains("/2"))
            #expect(error.message.contains("twice"))
        }
    }

    @Test func ivrQueueOfAnotherNode_isRefused() throws {
        let toml = """
            [node]
            site = "hq"
            [callcenter.ivr]
            fallbackQueue = "hq.service"
            [callcenter.ivr.root]
            title = "主菜单"
            prompt = "请按键。"
            action = "menu"
            [[callcenter.ivr.root.children]]
            key = "9"
            title = "转接"
            prompt = "转接。"
            action = "transfer"
            queue = "hq.sales"
            """
        #expect(throws: ConfigError.self) {
            try NodeConfig.resolve(file: NodeConfigFile.parse(toml), overrides: NodeConfigFile())
        }
    }

    // MARK: A node plays its own menu

    @Test func nodeWithCustomMenu_playsNoticeThenItsMenuPrompt() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ivr-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = try NodeConfig.resolve(file: NodeConfigFile.parse(Self.customMenu), overrides: NodeConfigFile())
        config.dataDirectory = dir.path
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let node = try SiteNode(config: config, environment: .system(logger: logger))
        let link = RecordingLink()
        let call = await node.callCenter.gatewayCallOffered(gatewayCallId: "g-1", caller: "13812345678",
                                                            dialled: "4008101234", link: link)
        await node.callCenter.settle()
        let mine = link.commands.filter { $0.callID == call }
        let spoken = mine.compactMap { cmd -> String? in
            if case .play(_, _, let text?, _, _) = cmd { return text }
            return nil
        }
        let notice = try #require(spoken.firstIndex { $0.contains("3栋停水检修") }, "\(mine)")
        let prompt = try #require(spoken.firstIndex { $0.contains("北湾花园测试菜单") }, "\(mine)")
        #expect(notice < prompt)
        guard case .collect(_, "g-1", 1, 8_000, _)? = mine.last else {
            Issue.record("expected a one-key collect with the menu's 8 s timeout last, got \(mine)")
            return
        }
    }
}

/// A gateway link that keeps every command.
final class RecordingLink: CTIGatewayLink {
    let linkID: UInt64 = 7
    let gatewayId = "gw1"
    private let sent = Mutex<[CTICommand]>([])
    func send(_ commands: [CTICommand]) { sent.withLock { $0 += commands } }
    var commands: [CTICommand] { sent.withLock { $0 } }
}

extension CTICommand {
    fileprivate var callID: CallID? {
        switch self {
        case .play(let c, _, _, _, _), .collect(let c, _, _, _, _): c
        default: nil
        }
    }
}
