// MARK: - Automatic notices (自动通告)

/// The kinds of automatic notice of SPEC §2; the order is the playing order (most urgent first).
public enum IVRNoticeKind: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case majorEvent         // 重大事件
    case outage             // 停水停电停气
    case importantNotice    // 重要通知
    case feeReminder        // 缴费/欠费催缴
    case safetyReminder     // 安全/健康提示
    case newRegulation      // 新规
    case communityActivity  // 社区活动

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// A notice played before the menu while `validFromMs <= now < validUntilMs`, to every
/// caller or only to residents of `buildings`.
public struct IVRNotice: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var kind: IVRNoticeKind
    public var text: String
    public var validFromMs: Int64
    /// Exclusive end of the window.
    public var validUntilMs: Int64
    /// Building ids the notice is for; empty means the whole site.
    public var buildings: [String]

    public init(id: String, kind: IVRNoticeKind, text: String, validFromMs: Int64, validUntilMs: Int64,
                buildings: [String] = []) {
        self.id = id
        self.kind = kind
        self.text = text
        self.validFromMs = validFromMs
        self.validUntilMs = validUntilMs
        self.buildings = buildings
    }

    /// Whether the notice is in its window at `nowMs`.
    public func isValid(atMs nowMs: Int64) -> Bool { validFromMs <= nowMs && nowMs < validUntilMs }

    /// Whether a caller in `callerBuildings` should hear it; an unknown caller (nil) only
    /// hears site-wide notices, so a targeted outage is not announced to strangers.
    public func targets(_ callerBuildings: Set<String>?) -> Bool {
        if buildings.isEmpty { return true }
        guard let callerBuildings else { return false }
        return buildings.contains { callerBuildings.contains($0) }
    }
}

/// Bounds of the notice board.
public enum IVRNoticeLimits {
    public static let noticesMax = 100
    public static let textCharsMax = 500
    public static let buildingsMax = 100
    /// At most this many notices are played before the menu; callers should not wait minutes.
    public static let playedMax = 5
}

/// Why a notice was refused.
public struct IVRNoticeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let noticeID: String
    public let message: String
    public var description: String { "notice '\(noticeID.prefix(64))': \(message)" }
}

/// The notices of one site.
public struct IVRNoticeBoard: Hashable, Sendable, Codable {
    public private(set) var notices: [IVRNotice]

    public init() { notices = [] }

    /// Builds a board from untrusted config; throws the first bad notice.
    public init(_ notices: [IVRNotice]) throws(IVRNoticeError) {
        self.init()
        for n in notices { try upsert(n) }
    }

    /// Adds or replaces (by id) a notice after checking it.
    public mutating func upsert(_ n: IVRNotice) throws(IVRNoticeError) {
        func fail(_ m: String) -> IVRNoticeError { IVRNoticeError(noticeID: n.id, message: m) }
        guard CallCenterTokens.isValid(n.id) else { throw fail("id must be a short token") }
        guard !n.text.isEmpty, n.text.count <= IVRNoticeLimits.textCharsMax else {
            throw fail("text must have 1–\(IVRNoticeLimits.textCharsMax) characters")
        }
        guard n.validFromMs < n.validUntilMs else { throw fail("validFromMs must be before validUntilMs") }
        guard n.buildings.count <= IVRNoticeLimits.buildingsMax else {
            throw fail("at most \(IVRNoticeLimits.buildingsMax) buildings")
        }
        if let i = notices.firstIndex(where: { $0.id == n.id }) {
            notices[i] = n
            return
        }
        guard notices.count < IVRNoticeLimits.noticesMax else {
            throw fail("the board is full (\(IVRNoticeLimits.noticesMax) notices); remove expired ones first")
        }
        notices.append(n)
    }

    /// Removes notices whose window has closed.
    public mutating func removeExpired(nowMs: Int64) {
        notices.removeAll { $0.validUntilMs <= nowMs }
    }

    /// The notices to play at `nowMs` for a caller in `callerBuildings`: valid, targeted,
    /// most urgent kind first, then newest, then id; at most `IVRNoticeLimits.playedMax`.
    public func playable(nowMs: Int64, callerBuildings: Set<String>? = nil) -> [IVRNotice] {
        let chosen = notices.filter { $0.isValid(atMs: nowMs) && $0.targets(callerBuildings) }
        let sorted = chosen.sorted {
            ($0.kind, -$0.validFromMs, $0.id) < ($1.kind, -$1.validFromMs, $1.id)
        }
        return Array(sorted.prefix(IVRNoticeLimits.playedMax))
    }
}
