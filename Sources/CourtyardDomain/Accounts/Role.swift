// MARK: - Roles and permissions

/// What a signed-in person is, which decides what they may see and do.
///
/// Roles are fixed (the product's five kinds of user); what each may do is the permission set
/// below, and which route needs which permission is the policy table (`AccessPolicy.courtyard`).
public enum Role: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// 坐席: takes calls, creates and updates tickets, looks up residents.
    case agent
    /// 维修师傅: works the tickets assigned to them (accept, arrive, note, resolve).
    case technician
    /// 现场主管: everything at their site — dispatch rules, IVR, agents' states, site reports.
    case siteSupervisor = "site_supervisor"
    /// 总部分析: reads everything cluster-wide, reports and exports; writes nothing.
    case hqAnalyst = "hq_analyst"
    /// Accounts, cluster administration, everything.
    case admin

    public var description: String { rawValue }

    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }

    /// HQ roles act across the cluster (site `*`); the others belong to one site.
    public var isHQRole: Bool { self == .hqAnalyst || self == .admin }

    /// What this role may do.
    public var permissions: Set<Permission> {
        switch self {
        case .agent:
            [.ticketsRead, .ticketsWrite, .directoryRead, .search, .agentStateOwn, .missedCalls, .recordingsOwn,
             .ivrRead, .campaignsRead]
        case .technician:
            [.ticketsReadAssigned, .ticketsWorkAssigned, .directoryRead]
        case .siteSupervisor:
            [.ticketsRead, .ticketsWrite, .directoryRead, .directoryWrite, .search, .dispatchRulesWrite,
             .agentsRead, .agentStateOwn, .agentStateAll, .missedCalls, .recordingsRead, .recordingsWrite,
             .ivrRead, .ivrManage, .reportsSite, .exports, .campaignsRead, .campaignsManage, .clusterRead]
        case .hqAnalyst:
            [.ticketsRead, .directoryRead, .search, .agentsRead, .missedCalls, .recordingsRead, .ivrRead,
             .reportsSite, .reportsAll, .exports, .campaignsRead, .clusterRead, .auditRead]
        case .admin:
            Set(Permission.allCases)
        }
    }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// One thing a role may do. Routes name the permissions that open them (`AccessRule`).
public enum Permission: String, CaseIterable, Codable, Sendable, Comparable {
    /// Read any ticket, list and timeline.
    case ticketsRead = "tickets.read"
    /// Read the tickets assigned to oneself.
    case ticketsReadAssigned = "tickets.read.assigned"
    /// Create tickets and append any client event.
    case ticketsWrite = "tickets.write"
    /// Append accept / arrive / note / resolve to a ticket assigned to oneself.
    case ticketsWorkAssigned = "tickets.work.assigned"
    case directoryRead = "directory.read"
    /// Residents, rooms, fixtures, suppliers, cases, CSV import.
    case directoryWrite = "directory.write"
    case search
    case dispatchRulesWrite = "dispatch-rules.write"
    case agentsRead = "agents.read"
    /// Set one's own agent state (示闲 / 示忙).
    case agentStateOwn = "agents.state.own"
    /// Set any agent's state at the site.
    case agentStateAll = "agents.state.all"
    case missedCalls = "missed-calls"
    /// Recordings of one's own calls.
    case recordingsOwn = "recordings.own"
    case recordingsRead = "recordings.read"
    case recordingsWrite = "recordings.write"
    case ivrRead = "ivr.read"
    /// The IVR menu and notices.
    case ivrManage = "ivr.manage"
    /// Reports of one's own site.
    case reportsSite = "reports.site"
    /// Reports across the cluster.
    case reportsAll = "reports.all"
    case exports
    case campaignsRead = "campaigns.read"
    case campaignsManage = "campaigns.manage"
    case clusterRead = "cluster.read"
    /// Fault injection and other cluster administration.
    case clusterAdmin = "cluster.admin"
    case accountsManage = "accounts.manage"
    case auditRead = "audit.read"

    public static func < (a: Permission, b: Permission) -> Bool { a.rawValue < b.rawValue }
}
