import CourtyardCallCenter
import CourtyardCRDT

// MARK: - Configuration of one node's call center

/// Everything a node's `CallCenter` is tuned by: the site's ACD (queues, timeouts), its IVR
/// menu and automatic notices, the gateways allowed to connect, and the agents' defaults.
public struct CallCenterConfiguration: Sendable {
    public var site: SiteID
    public var acd: ACDConfiguration
    public var menu: IVRMenu
    public var notices: IVRNoticeBoard
    /// Shared secrets per gateway id (`hello.gatewayId` → `hello.token`); a gateway not
    /// listed is refused. Empty refuses every gateway.
    public var gatewayTokens: [String: String]
    /// Skills an agent gets when the login request names none.
    public var defaultSkills: [SkillLevel]
    /// After-call work when the login request names none.
    public var defaultWrapUpMs: Int64
    /// How often the call center runs its timers (offer timeouts, wrap-up, max wait).
    public var tickIntervalMs: Int64 = 500
    /// How often every local agent's presence is pushed to every peer (new members catch up).
    public var presencePushIntervalMs: Int64 = 5_000
    /// A collect with no `dtmf` reply after its timeout plus this grace counts as no input.
    public var digitGraceMs: Int64 = 5_000
    /// Calls the node holds at once (sessions); one more is refused with a hang-up.
    public var callsMax: Int = 5_000
    /// Console events buffered per agent subscriber; the oldest are dropped beyond it.
    public var consoleBufferMax: Int = 256

    public init(site: SiteID, acd: ACDConfiguration, menu: IVRMenu, notices: IVRNoticeBoard = IVRNoticeBoard(),
                gatewayTokens: [String: String] = [:], defaultSkills: [SkillLevel], defaultWrapUpMs: Int64 = 10_000) {
        self.site = site
        self.acd = acd
        self.menu = menu
        self.notices = notices
        self.gatewayTokens = gatewayTokens
        self.defaultSkills = defaultSkills
        self.defaultWrapUpMs = defaultWrapUpMs
    }

    /// The demo configuration of a site: `IVRMenu.demo(site:)`, queues `<site>.service`
    /// (skill `service`) and `<site>.emergency` (skill `emergency`), overflow to other sites
    /// after `overflowAfterMs`, and agents who hold both skills at level 1.
    public static func demo(site: SiteID, gatewayTokens: [String: String] = [:],
                            overflowAfterMs: Int64? = 30_000) -> CallCenterConfiguration {
        // The demo's values are valid by construction, so this cannot throw.
        try! standard(site: site, menu: .demo(site: site), gatewayTokens: gatewayTokens,
                      overflowAfterMs: overflowAfterMs)
    }

    /// A site's configuration from its node config: the two standard queues of the demo
    /// (`<site>.service`, `<site>.emergency`, whose overflow is capped at 10 s) with the given
    /// routing `strategy`, offer timeout and wrap-up, and the site's own menu and notices.
    /// Throws when the overflow delay is negative; a non-positive offer timeout is raised to
    /// 1 ms and a negative wrap-up to 0 (callers validate them with clear messages first).
    public static func standard(site: SiteID, menu: IVRMenu, notices: IVRNoticeBoard = IVRNoticeBoard(),
                                gatewayTokens: [String: String] = [:], overflowAfterMs: Int64? = 30_000,
                                offerTimeoutMs: Int64? = nil, wrapUpMs: Int64 = 10_000,
                                strategy: RoutingStrategy = .longestIdle) throws(ACDConfigurationError)
        -> CallCenterConfiguration {
        let service = SkillID("service"), emergency = SkillID("emergency")
        let queues = [
            try QueueConfiguration(id: QueueID("\(site.rawValue).service"), skill: service, strategy: strategy,
                                   overflowAfterMs: overflowAfterMs),
            try QueueConfiguration(id: QueueID("\(site.rawValue).emergency"), skill: emergency, strategy: strategy,
                                   overflowAfterMs: overflowAfterMs.map { min($0, 10_000) }),
        ]
        var acd = try ACDConfiguration(site: site, queues: queues)
        if let offerTimeoutMs { acd.offerTimeoutMs = max(1, offerTimeoutMs) }
        return CallCenterConfiguration(site: site, acd: acd, menu: menu, notices: notices, gatewayTokens: gatewayTokens,
                                       defaultSkills: [SkillLevel(service, level: 1), SkillLevel(emergency, level: 1)],
                                       defaultWrapUpMs: max(0, wrapUpMs))
    }

    /// Constant-time check of a gateway's token (no early exit on the first differing byte).
    public func acceptsGateway(_ gatewayId: String, token: String) -> Bool {
        guard let expected = gatewayTokens[gatewayId] else {
            _ = Self.constantTimeEquals(token, token)
            return false
        }
        return Self.constantTimeEquals(expected, token)
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt8(truncatingIfNeeded: x.count ^ y.count)
        let n = max(x.count, y.count)
        for i in 0..<n {
            let p = i < x.count ? x[i] : 0
            let q = i < y.count ? y[i] : 0
            diff |= p ^ q
        }
        return diff == 0
    }
}
