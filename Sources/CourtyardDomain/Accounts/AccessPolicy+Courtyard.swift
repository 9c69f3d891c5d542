// MARK: - Courtyard's policy table

extension AccessPolicy {
    /// The event types a technician may post on a ticket assigned to them.
    public static let technicianEventTypes = ["accepted", "arrived", "note", "resolved"]

    /// Every route of the node and who may call it. First matching row wins; a route with no
    /// row is denied. To open a new route, add a row here (and a case to
    /// `AccessPolicyTests`); `AuthRouteCoverageTests` fails while a registered route has none.
    public static let courtyard = AccessPolicy(rules: publicRules + ticketRules + directoryRules
        + callCenterRules + adminRules)

    // MARK: Public and session

    static let publicRules: [AccessRule] = [
        AccessRule(["GET"], "/health", .public),
        // The console's static files hold no data (every figure comes from /api/v1 under the
        // session): anyone may fetch them, including the sign-in page itself.
        AccessRule(["GET"], "/", .public),
        AccessRule(["GET"], "/console/**", .public),
        AccessRule(["GET"], "/metrics", .public),
        AccessRule(["POST"], "/api/v1/auth/login", .public),
        // The CTI gateway's WebSocket authenticates gateways by its own token (docs/cti.md).
        AccessRule(["GET"], "/cti/v1", .public),
        AccessRule(["GET"], "/cti/v1/**", .public),
        AccessRule(["POST"], "/api/v1/auth/logout", .authenticated),
        AccessRule(["GET"], "/api/v1/auth/me", .authenticated),
    ]

    // MARK: Tickets

    static let ticketRead: Access = .grants([
        AccessGrant(.ticketsRead),
        AccessGrant(.ticketsReadAssigned, [.ticketAssignedToSelf("id")]),
    ])

    static let ticketRules: [AccessRule] = [
        AccessRule(["GET"], "/api/v1/tickets", .grants([
            AccessGrant(.ticketsRead),
            AccessGrant(.ticketsReadAssigned, [.queryIsSelf("assignee")]),
        ])),
        AccessRule(["POST"], "/api/v1/tickets", .needs(.ticketsWrite)),
        AccessRule(["GET"], "/api/v1/tickets/:id", ticketRead),
        AccessRule(["GET"], "/api/v1/tickets/:id/events", ticketRead),
        AccessRule(["GET"], "/api/v1/tickets/:id/timeline", ticketRead),
        AccessRule(["POST"], "/api/v1/tickets/:id/events", .grants([
            AccessGrant(.ticketsWrite),
            AccessGrant(.ticketsWorkAssigned, [.ticketAssignedToSelf("id"), .eventTypes(technicianEventTypes)]),
        ])),
        // Reopen as a child (后继子工单): a follow-up linked to this ticket, closed ones included.
        AccessRule(["POST"], "/api/v1/tickets/:id/children", .needs(.ticketsWrite)),
        // Photos on notes: read with the ticket; a technician attaches only to tickets
        // assigned to them.
        AccessRule(["GET"], "/api/v1/tickets/:id/attachments", ticketRead),
        AccessRule(["GET"], "/api/v1/tickets/:id/attachments/:attachmentId", ticketRead),
        AccessRule(["POST"], "/api/v1/tickets/:id/attachments", .grants([
            AccessGrant(.ticketsWrite),
            AccessGrant(.ticketsWorkAssigned, [.ticketAssignedToSelf("id")]),
        ])),
        AccessRule(["GET"], "/api/v1/search", .needs(.search)),
    ]

    // MARK: Directory and dispatch rules

    static let directoryRules: [AccessRule] = [
        AccessRule(["GET"], "/api/v1/residents/**", .needs(.directoryRead)),
        AccessRule(["GET"], "/api/v1/rooms/**", .needs(.directoryRead)),
        AccessRule(["GET"], "/api/v1/fixtures/**", .needs(.directoryRead)),
        AccessRule(["GET"], "/api/v1/suppliers/**", .needs(.directoryRead)),
        AccessRule(["GET"], "/api/v1/cases/**", .needs(.directoryRead)),
        AccessRule(["GET"], "/api/v1/dispatch-rules/**", .needs(.directoryRead)),
        AccessRule(["POST", "PUT"], "/api/v1/dispatch-rules/**", .needs(.dispatchRulesWrite)),
        AccessRule(["POST", "PUT"], "/api/v1/residents/**", .needs(.directoryWrite)),
        AccessRule(["POST", "PUT"], "/api/v1/rooms/**", .needs(.directoryWrite)),
        AccessRule(["POST", "PUT"], "/api/v1/fixtures/**", .needs(.directoryWrite)),
        AccessRule(["POST", "PUT"], "/api/v1/suppliers/**", .needs(.directoryWrite)),
        AccessRule(["POST", "PUT"], "/api/v1/cases/**", .needs(.directoryWrite)),
        AccessRule(["POST"], "/api/v1/import/:kind", .needs(.directoryWrite)),
    ]

    // MARK: Call center: recordings, reports, agents, IVR, missed calls, campaigns

    static let ownRecording: Access = .grants([
        AccessGrant(.recordingsRead),
        AccessGrant(.recordingsOwn, [.recordingOfSelf("callId")]),
    ])

    /// The dashboard, like the reports: all sites, or one's own site named in `site=`.
    static let siteFigures: Access = .grants([
        AccessGrant(.reportsAll),
        AccessGrant(.reportsSite, [.namesOwnSite]),
    ])

    static let callCenterRules: [AccessRule] = [
        AccessRule(["GET"], "/api/v1/recordings", .grants([
            AccessGrant(.recordingsRead),
            AccessGrant(.recordingsOwn, [.queryIsSelf("agent")]),
        ])),
        AccessRule(["GET"], "/api/v1/recordings/:callId", ownRecording),
        AccessRule(["GET"], "/api/v1/recordings/:callId/audio", ownRecording),
        AccessRule(["PUT"], "/api/v1/recordings/:callId", .needs(.recordingsWrite)),
        AccessRule(["GET"], "/api/v1/reports/**", .grants([
            AccessGrant(.reportsAll),
            AccessGrant(.reportsSite, [.namesOwnSite]),
        ])),
        // CSV exports of reports: a site account must name its own site, as for site reports.
        AccessRule(["GET"], "/api/v1/exports/**", .grants([AccessGrant(.exports, [.namesOwnSite])])),
        // The HQ live dashboard shows the same figures live: HQ roles see every site, a site
        // supervisor only their own (site=<own> required).
        AccessRule(["GET"], "/api/v1/dashboard", siteFigures),
        AccessRule(["GET"], "/api/v1/dashboard/stream", siteFigures),
        // Agents (/agents/{agentId}/…, including the console's WebSocket …/events): supervisors
        // and HQ see everyone; an agent reads and drives only their own (username = agent id).
        AccessRule(["GET"], "/api/v1/agents", .needs(.agentsRead)),
        AccessRule(["GET"], "/api/v1/agents/:agentId/**", .grants([
            AccessGrant(.agentsRead),
            AccessGrant(.agentStateOwn, [.parameterIsSelf("agentId")]),
        ])),
        AccessRule(["POST", "PUT", "PATCH"], "/api/v1/agents/:agentId/**", .grants([
            AccessGrant(.agentStateAll),
            AccessGrant(.agentStateOwn, [.parameterIsSelf("agentId")]),
        ])),
        AccessRule(["GET"], "/api/v1/missed-calls/**", .needs(.missedCalls)),
        // A call-back (回拨) is made by someone who takes calls: agents and supervisors, not HQ analysts.
        AccessRule(["POST"], "/api/v1/missed-calls/:callId/callback", .needs(.agentStateOwn)),
        // The screen pop shows the caller's residents, rooms and tickets.
        AccessRule(["GET"], "/api/v1/screen-pop", .needs(.ticketsRead)),
        // The supervisor wall: live figures of a site; a site account asks with its own site.
        AccessRule(["GET"], "/api/v1/wall", .grants([AccessGrant(.agentsRead, [.namesOwnSite])])),
        AccessRule(["GET"], "/api/v1/ivr/**", .needs(.ivrRead)),
        AccessRule(["POST", "PUT", "PATCH", "DELETE"], "/api/v1/ivr/**", .needs(.ivrManage)),
        AccessRule(["GET"], "/api/v1/campaigns/**", .needs(.campaignsRead)),
        AccessRule(["POST", "PUT", "PATCH", "DELETE"], "/api/v1/campaigns/**", .needs(.campaignsManage)),
        // A resident's opt-out (退订) from campaigns, recorded by a supervisor.
        AccessRule(["POST"], "/api/v1/opt-outs", .needs(.campaignsManage)),
    ]

    // MARK: Cluster, accounts, audit

    static let adminRules: [AccessRule] = [
        // Name a site in the path as `:site`, so site scoping sees it.
        AccessRule(["GET"], "/api/v1/cluster/members/:site/ping", .needs(.clusterRead)),
        AccessRule(["GET"], "/api/v1/cluster/**", .needs(.clusterRead)),
        AccessRule(["GET", "PUT", "DELETE"], "/api/v1/admin/**", .needs(.clusterAdmin)),
        AccessRule(["GET", "POST"], "/api/v1/accounts", .needs(.accountsManage)),
        AccessRule(["PATCH"], "/api/v1/accounts/:username", .needs(.accountsManage)),
        AccessRule(["GET"], "/api/v1/audit", .needs(.auditRead)),
    ]
}
