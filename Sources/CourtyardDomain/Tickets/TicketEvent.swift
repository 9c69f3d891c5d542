import CourtyardCRDT

// MARK: - Classification

/// Work-order categories (SPEC §4).
public enum TicketCategory: String, CaseIterable, Sendable, Codable, Hashable {
    case repair                 // 报修 (in or out of warranty: see `WarrantyStatus`)
    case publicFacilityRepair   // 公共设施报修
    case complaint              // 投诉
    case suggestion             // 建议
    case consultation           // 咨询 (fees, procedures, rules, housing, insurance)
    case emergency              // 紧急救助
    case feePayment             // 缴费
    case booking                // 设施/场地预订
    case communityEvent         // 社区活动
    case listing                // 租售信息
    case insuranceClaim         // 保险理赔
    case neighbourDispute       // 邻里纠纷
    case salesInquiry           // 销售咨询
    case praise                 // 表扬
}

/// Sub-topics of a consultation.
public enum ConsultationTopic: String, CaseIterable, Sendable, Codable, Hashable {
    case fees, procedures, rules, housing, insurance, other
}

public enum WarrantyStatus: String, CaseIterable, Sendable, Codable, Hashable {
    case inWarranty, outOfWarranty, unknown
}

public enum TicketPriority: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case ordinary   // 一般
    case major      // 重大
    case emergency  // 紧急

    private var rank: Int {
        switch self { case .ordinary: 0; case .major: 1; case .emergency: 2 }
    }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

public enum IntakeChannel: String, CaseIterable, Sendable, Codable, Hashable {
    case phone, ivr, email, chat, app, web, walkIn
}

/// How a ticket reached its assignee (dispatch modes, SPEC §4).
public enum DispatchMode: String, CaseIterable, Sendable, Codable, Hashable {
    case assign       // 指派
    case grab         // 抢单
    case roundRobin   // 轮派
}

// MARK: - Events

/// One event of a ticket: the unit of replication and the truth in storage.
///
/// A ticket is a grow-only set of these; its state is a deterministic fold over them in
/// `id` order (HLC, origin). `parents` names the ticket's events the writer had seen (its
/// causal frontier) so the fold can tell concurrent events from sequential ones.
public struct TicketEvent: Hashable, Sendable, Codable, Identifiable {
    public let id: EventID
    public let ticketID: TicketID
    /// Who did it: a staff account id, `resident:<id>`, or `system`.
    public let actor: String
    /// The frontier of this ticket's events the writer had seen (empty for `created`).
    public let parents: [EventID]
    public let body: TicketEventBody

    public init(id: EventID, ticketID: TicketID, actor: String, parents: [EventID], body: TicketEventBody) {
        self.id = id
        self.ticketID = ticketID
        self.actor = actor
        self.parents = parents
        self.body = body
    }
}

public enum TicketEventBody: Hashable, Sendable, Codable {
    case created(TicketCreated)
    case assigned(Assignment)          // 派工
    case reassigned(Assignment)        // 二次指派
    case accepted                      // 接单
    case arrived                       // 到场
    case note(ProgressNote)            // 进展、照片、材料
    case suspended(Suspension)         // pauses the SLA clock (waiting for parts, resident away)
    case resumed
    case resolved(Resolution)          // 完成
    case callback(CallbackResult)      // 回访
    case childOpened(ChildLink)        // a follow-up ticket was opened from this one
    case warned(EscalationMark)        // warning before an escalation deadline
    case escalated(EscalationMark)     // 三级督办
    case closed(Closure)               // 关闭
    case cancelled(Cancellation)       // duplicate, invalid, withdrawn by the resident

    /// A short stable name, used in storage, metrics and the API.
    public var kind: String {
        switch self {
        case .created: "created"
        case .assigned: "assigned"
        case .reassigned: "reassigned"
        case .accepted: "accepted"
        case .arrived: "arrived"
        case .note: "note"
        case .suspended: "suspended"
        case .resumed: "resumed"
        case .resolved: "resolved"
        case .callback: "callback"
        case .childOpened: "childOpened"
        case .warned: "warned"
        case .escalated: "escalated"
        case .closed: "closed"
        case .cancelled: "cancelled"
        }
    }
}

public struct TicketCreated: Hashable, Sendable, Codable {
    public var number: TicketNumber
    public var site: ReplicaID
    public var category: TicketCategory
    public var consultationTopic: ConsultationTopic?
    public var warranty: WarrantyStatus?
    public var priority: TicketPriority
    public var channel: IntakeChannel
    public var title: String
    public var description: String
    public var residentID: String?
    public var roomID: String?
    public var buildingID: String?
    public var callerPhone: String?
    /// Set when this ticket follows up another (后继子工单).
    public var parentTicketID: TicketID?
    public var callID: String?
    public var recordingID: String?

    public init(number: TicketNumber, site: ReplicaID, category: TicketCategory,
                consultationTopic: ConsultationTopic? = nil, warranty: WarrantyStatus? = nil,
                priority: TicketPriority, channel: IntakeChannel, title: String, description: String,
                residentID: String? = nil, roomID: String? = nil, buildingID: String? = nil,
                callerPhone: String? = nil, parentTicketID: TicketID? = nil,
                callID: String? = nil, recordingID: String? = nil) {
        self.number = number
        self.site = site
        self.category = category
        self.consultationTopic = consultationTopic
        self.warranty = warranty
        self.priority = priority
        self.channel = channel
        self.title = title
        self.description = description
        self.residentID = residentID
        self.roomID = roomID
        self.buildingID = buildingID
        self.callerPhone = callerPhone
        self.parentTicketID = parentTicketID
        self.callID = callID
        self.recordingID = recordingID
    }
}

public struct Assignment: Hashable, Sendable, Codable {
    public var assignee: String
    public var department: String
    public var mode: DispatchMode
    public var note: String?

    public init(assignee: String, department: String, mode: DispatchMode, note: String? = nil) {
        self.assignee = assignee
        self.department = department
        self.mode = mode
        self.note = note
    }
}

public struct Material: Hashable, Sendable, Codable {
    public var name: String
    public var quantity: Double
    public var unit: String
    public var costCents: Int?

    public init(name: String, quantity: Double, unit: String, costCents: Int? = nil) {
        self.name = name
        self.quantity = quantity
        self.unit = unit
        self.costCents = costCents
    }
}

public struct ProgressNote: Hashable, Sendable, Codable {
    public var text: String
    /// Ids of stored attachments (photos).
    public var photos: [String]
    public var materials: [Material]

    public init(text: String, photos: [String] = [], materials: [Material] = []) {
        self.text = text
        self.photos = photos
        self.materials = materials
    }
}

public struct Suspension: Hashable, Sendable, Codable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

public struct Resolution: Hashable, Sendable, Codable {
    public var summary: String
    public init(summary: String) { self.summary = summary }
}

/// The resident's verdict at the callback (回访): satisfaction 1–5, or "not solved".
public enum Satisfaction: Hashable, Sendable, Codable {
    case score(Int)     // 1...5
    case notSolved
}

public struct CallbackResult: Hashable, Sendable, Codable {
    public var satisfaction: Satisfaction
    public var comment: String?
    /// Whether the problem persists or a new one came up (then a child ticket follows).
    public var needsFollowUp: Bool

    public init(satisfaction: Satisfaction, comment: String? = nil, needsFollowUp: Bool = false) {
        self.satisfaction = satisfaction
        self.comment = comment
        self.needsFollowUp = needsFollowUp
    }
}

public struct ChildLink: Hashable, Sendable, Codable {
    public var childID: TicketID
    /// A child continues this ticket (后继子工单); an independent one only references it.
    public var independent: Bool

    public init(childID: TicketID, independent: Bool = false) {
        self.childID = childID
        self.independent = independent
    }
}

/// Which deadline a warning or escalation concerns.
public enum DeadlineKind: String, CaseIterable, Sendable, Codable, Hashable {
    case response, arrival, completion
}

/// An escalation (or its warning): idempotent by (ticket, level) — a duplicate from another
/// node merges away in the fold.
public struct EscalationMark: Hashable, Sendable, Codable {
    public var level: Int          // 1...3
    public var deadline: DeadlineKind
    /// The deadline, as HLC wall milliseconds.
    public var dueAtMs: Int64
    /// Who is notified: level 1 department supervisor, 2 project manager, 3 branch quality dept.
    public var notify: String

    public init(level: Int, deadline: DeadlineKind, dueAtMs: Int64, notify: String) {
        self.level = level
        self.deadline = deadline
        self.dueAtMs = dueAtMs
        self.notify = notify
    }
}

public struct Closure: Hashable, Sendable, Codable {
    public var residentConfirmed: Bool
    /// When a promise could not be kept: the apology, the reason and the remedy.
    public var apology: String?
    public var reason: String?
    public var remedy: String?

    public init(residentConfirmed: Bool, apology: String? = nil, reason: String? = nil, remedy: String? = nil) {
        self.residentConfirmed = residentConfirmed
        self.apology = apology
        self.reason = reason
        self.remedy = remedy
    }
}

public struct Cancellation: Hashable, Sendable, Codable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
