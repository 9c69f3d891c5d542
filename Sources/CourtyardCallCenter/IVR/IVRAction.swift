// MARK: - Self-service actions

/// What a menu node does when a caller reaches it: every self-service item of SPEC §2,
/// typed, so the call session can turn it into directives and reports can count it.
public enum IVRAction: Hashable, Sendable {
    /// A submenu: speaks its prompt and collects one key among its children.
    case menu
    /// Plays the currently valid community notices (社区通告), then returns to the parent menu.
    case playNotices
    /// Utility fee inquiry (水电气费查询): collects a room code, reads the bills.
    case feeInquiry
    /// Fee payment (缴费): collects a room code, reads the amount due, confirms, records the payment.
    case feePayment
    /// Property or personal insurance inquiry (保险查询): collects a room code, reads the policy.
    case insuranceInquiry
    /// Repair booking for a room (报修): records a description, opens a repair ticket.
    case repairBooking(IVRRepairKind)
    /// Public facility repair (公共设施报修): records a description, opens a ticket.
    case publicFacilityRepair
    /// Emergency help (紧急救助): queue jump to `queue` and a high-priority ticket.
    case emergencyHelp(queue: QueueID)
    /// Recorded information: service guides, area introduction, listings, numbers, rules…
    /// The node's prompt is the content; afterwards the caller returns to the parent menu.
    case information(IVRInfoTopic)
    /// Voice-mail complaint or suggestion (投诉建议语音留言): records, then opens a ticket.
    case voicemail(IVRVoicemailKind)
    /// Transfer to an agent queue (转人工).
    case transfer(queue: QueueID)
    /// Back to the parent menu.
    case back
    /// Repeat the current menu.
    case repeatMenu
}

/// What part of a room needs repair.
public enum IVRRepairKind: String, CaseIterable, Hashable, Sendable, Codable {
    case water, power, gas, houseFacilities
}

/// The recorded-information topics of SPEC §2.
public enum IVRInfoTopic: String, CaseIterable, Hashable, Sendable, Codable {
    case serviceGuide       // 办事指南
    case areaIntroduction   // 街道/小区介绍
    case listings           // 租售信息
    case commonNumbers      // 常用电话
    case communityRules     // 小区公约
    case policies           // 政策法规
    case homeCareTips       // 居家常识
}

/// What a voice mail is about; decides the ticket category.
public enum IVRVoicemailKind: String, CaseIterable, Hashable, Sendable, Codable {
    case complaint, suggestion
}

extension IVRAction {
    /// The queue this action sends the caller to, if any (validation checks these exist).
    public var queue: QueueID? {
        switch self {
        case .emergencyHelp(let q), .transfer(let q): q
        default: nil
        }
    }

    /// Whether this node has children.
    public var isMenu: Bool { self == .menu }
}
