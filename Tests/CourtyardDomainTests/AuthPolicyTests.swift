import CourtyardCRDT
import Testing
@testable import CourtyardDomain

/// The policy table: each role against representative routes, deny by default, conditions,
/// site scoping.
struct AuthPolicyTests {
    let policy = AccessPolicy.courtyard

    static func principal(_ role: Role, _ name: String = "li.wei", site: String = "north-bay") -> Principal {
        Principal(username: Username(name), role: role, site: role.isHQRole ? .all : .site(ReplicaID(site)))
    }

    func decide(_ role: Role?, _ method: String, _ path: String, query: [(name: String, value: String)] = [],
                name: String = "li.wei") -> AccessDecision {
        policy.decide(method: method, path: path, query: query, principal: role.map { Self.principal($0, name) })
    }

    func allowed(_ d: AccessDecision) -> Bool {
        if case .allow = d { return true }
        return false
    }

    func forbidden(_ d: AccessDecision) -> Bool {
        if case .forbidden = d { return true }
        return false
    }

    // MARK: Role × route matrix

    /// (method, path, roles allowed without conditions). Roles not listed must be refused.
    static let matrix: [(String, String, Set<Role>)] = [
        ("GET", "/api/v1/tickets", [.agent, .siteSupervisor, .hqAnalyst, .admin]),
        ("POST", "/api/v1/tickets", [.agent, .siteSupervisor, .admin]),
        ("POST", "/api/v1/tickets/t1/children", [.agent, .siteSupervisor, .admin]),
        ("POST", "/api/v1/missed-calls/c-1/callback", [.agent, .siteSupervisor, .admin]),
        ("GET", "/api/v1/missed-calls", [.agent, .siteSupervisor, .hqAnalyst, .admin]),
        ("GET", "/api/v1/search", [.agent, .siteSupervisor, .hqAnalyst, .admin]),
        ("GET", "/api/v1/residents/r1", [.agent, .technician, .siteSupervisor, .hqAnalyst, .admin]),
        ("PUT", "/api/v1/residents/r1", [.siteSupervisor, .admin]),
        ("POST", "/api/v1/import/residents", [.siteSupervisor, .admin]),
        ("POST", "/api/v1/dispatch-rules", [.siteSupervisor, .admin]),
        ("GET", "/api/v1/cluster/members", [.siteSupervisor, .hqAnalyst, .admin]),
        ("PUT", "/api/v1/admin/faults", [.admin]),
        ("DELETE", "/api/v1/admin/faults", [.admin]),
        ("GET", "/api/v1/accounts", [.admin]),
        ("POST", "/api/v1/accounts", [.admin]),
        ("PATCH", "/api/v1/accounts/zhang", [.admin]),
        ("GET", "/api/v1/audit", [.hqAnalyst, .admin]),
        ("PUT", "/api/v1/recordings/c1", [.siteSupervisor, .admin]),
        ("PUT", "/api/v1/ivr/menu", [.siteSupervisor, .admin]),
        ("PUT", "/api/v1/ivr/notices", [.siteSupervisor, .admin]),
        ("GET", "/api/v1/ivr/menu", [.agent, .siteSupervisor, .hqAnalyst, .admin]),
        ("GET", "/api/v1/ivr/notices", [.agent, .siteSupervisor, .hqAnalyst, .admin]),
        ("PUT", "/api/v1/dispatch-rules/rule-1", [.siteSupervisor, .admin]),
        // The wall without `site=`: cluster-wide roles only (site accounts name their site).
        ("GET", "/api/v1/wall", [.hqAnalyst, .admin]),
        ("POST", "/api/v1/campaigns", [.siteSupervisor, .admin]),
    ]

    @Test func matrix_eachRoleGetsExactlyItsRoutes() {
        for (method, path, allowedRoles) in Self.matrix {
            for role in Role.allCases {
                let d = decide(role, method, path)
                if allowedRoles.contains(role) {
                    #expect(allowed(d), "\(role) should be allowed \(method) \(path): \(d)")
                } else {
                    #expect(forbidden(d), "\(role) should be refused \(method) \(path): \(d)")
                }
            }
        }
    }

    @Test func technician_onAdminRoute_isForbiddenWithReason() {
        guard case .forbidden(let reason) = decide(.technician, "PUT", "/api/v1/admin/faults") else {
            Issue.record("expected forbidden")
            return
        }
        #expect(reason.contains("technician"))
        #expect(reason.contains("cluster.admin"))
    }

    @Test func hqAnalyst_writesNothing() {
        let writes = Self.matrix.filter { $0.0 != "GET" }
        for (method, path, _) in writes {
            #expect(forbidden(decide(.hqAnalyst, method, path)), "\(method) \(path)")
        }
        #expect(forbidden(decide(.hqAnalyst, "POST", "/api/v1/tickets/t1/events")))
    }

    // MARK: Authentication and defaults

    @Test func noPrincipal_onProtectedRoute_isUnauthenticated() {
        #expect(decide(nil, "GET", "/api/v1/tickets") == .unauthenticated)
        #expect(decide(nil, "GET", "/api/v1/auth/me") == .unauthenticated)
    }

    @Test func publicRoutes_needNoSession() {
        for (method, path) in [("GET", "/health"), ("GET", "/metrics"), ("POST", "/api/v1/auth/login"),
                               ("GET", "/cti/v1"), ("HEAD", "/health"),
                               ("GET", "/"), ("GET", "/console"), ("GET", "/console/"), ("GET", "/console/app.js")] {
            #expect(allowed(decide(nil, method, path)), "\(method) \(path)")
        }
    }

    @Test func consoleFiles_areReadOnly_andOpenNothingElse() {
        #expect(forbidden(decide(.admin, "POST", "/console/app.js")))
        #expect(decide(nil, "GET", "/consoles") == .unauthenticated)
        #expect(decide(nil, "GET", "/api/v1/console") == .unauthenticated)
    }

    @Test func unknownRoute_isDeniedByDefault_evenForAdmin() {
        #expect(forbidden(decide(.admin, "GET", "/api/v1/secret-new-thing")))
        #expect(forbidden(decide(.admin, "POST", "/health")))
        #expect(decide(nil, "GET", "/api/v1/secret-new-thing") == .unauthenticated)
    }

    @Test func percentEncodedPath_meetsTheSameRule() {
        #expect(forbidden(decide(.technician, "PUT", "/api/v1/%61dmin/faults")))
        #expect(forbidden(decide(.agent, "GET", "/api/v1//accounts")))
    }

    // MARK: Conditions

    @Test func technician_listsOnlyOwnTickets() {
        #expect(forbidden(decide(.technician, "GET", "/api/v1/tickets")))
        #expect(forbidden(decide(.technician, "GET", "/api/v1/tickets", query: [("assignee", "someone")])))
        #expect(forbidden(decide(.technician, "GET", "/api/v1/tickets",
                                 query: [("assignee", "li.wei"), ("assignee", "other")])))
        #expect(allowed(decide(.technician, "GET", "/api/v1/tickets", query: [("assignee", "li.wei")])))
    }

    @Test func technician_postingEvents_leavesAssignmentAndTypeToTheMiddleware() {
        let d = decide(.technician, "POST", "/api/v1/tickets/t-9/events")
        guard case .allow(let grant) = d else { Issue.record("expected allow, got \(d)"); return }
        #expect(grant.permission == .ticketsWorkAssigned)
        #expect(grant.obligations == [.ticketAssignedToSelf(ticketID: "t-9"),
                                      .eventTypeIn(AccessPolicy.technicianEventTypes)])
        // An agent posts any event, no obligations.
        guard case .allow(let agent) = decide(.agent, "POST", "/api/v1/tickets/t-9/events") else {
            Issue.record("agent refused"); return
        }
        #expect(agent.obligations.isEmpty)
    }

    @Test func technician_attachesPhotosOnlyToOwnTickets_agentsToAny_analystsToNone() {
        let path = "/api/v1/tickets/t-9/attachments"
        guard case .allow(let tech) = decide(.technician, "POST", path) else { Issue.record("technician refused"); return }
        #expect(tech.permission == .ticketsWorkAssigned)
        #expect(tech.obligations == [.ticketAssignedToSelf(ticketID: "t-9")])
        guard case .allow(let agent) = decide(.agent, "POST", path) else { Issue.record("agent refused"); return }
        #expect(agent.obligations.isEmpty)
        #expect(forbidden(decide(.hqAnalyst, "POST", path)))
        guard case .allow(let read) = decide(.technician, "GET", "\(path)/ph-0123") else { Issue.record("read refused"); return }
        #expect(read.obligations == [.ticketAssignedToSelf(ticketID: "t-9")])
        #expect(allowed(decide(.hqAnalyst, "GET", "\(path)/ph-0123")))
    }

    @Test func wall_siteSupervisorNamesOwnSite_technicianAndAgentNever() {
        let own = [(name: "site", value: "north-bay")], other = [(name: "site", value: "south-lake")]
        #expect(allowed(decide(.siteSupervisor, "GET", "/api/v1/wall", query: own)))
        #expect(forbidden(decide(.siteSupervisor, "GET", "/api/v1/wall", query: other)))
        #expect(forbidden(decide(.technician, "GET", "/api/v1/wall", query: own)))
        #expect(forbidden(decide(.agent, "GET", "/api/v1/wall", query: own)))
        #expect(allowed(decide(.admin, "GET", "/api/v1/wall", query: other)))
    }

    @Test func agent_recordings_onlyOwn() {
        #expect(forbidden(decide(.agent, "GET", "/api/v1/recordings")))
        #expect(allowed(decide(.agent, "GET", "/api/v1/recordings", query: [("agent", "li.wei")])))
        guard case .allow(let g) = decide(.agent, "GET", "/api/v1/recordings/c-1/audio") else {
            Issue.record("expected allow"); return
        }
        #expect(g.obligations == [.recordingOfSelf(callID: "c-1")])
        guard case .allow(let sup) = decide(.siteSupervisor, "GET", "/api/v1/recordings/c-1/audio") else {
            Issue.record("expected allow"); return
        }
        #expect(sup.obligations.isEmpty)
    }

    @Test func agent_setsOnlyOwnState_supervisorSetsAny() {
        #expect(allowed(decide(.agent, "POST", "/api/v1/agents/li.wei/state")))
        #expect(allowed(decide(.agent, "POST", "/api/v1/agents/li.wei/calls/c-1/answer")))
        #expect(allowed(decide(.agent, "GET", "/api/v1/agents/li.wei/events")))
        #expect(forbidden(decide(.agent, "POST", "/api/v1/agents/zhang/state")))
        #expect(forbidden(decide(.agent, "GET", "/api/v1/agents/zhang/events")))
        #expect(forbidden(decide(.agent, "GET", "/api/v1/agents")))
        #expect(allowed(decide(.siteSupervisor, "POST", "/api/v1/agents/zhang/state")))
        #expect(allowed(decide(.hqAnalyst, "GET", "/api/v1/agents/zhang/events")))
        #expect(forbidden(decide(.hqAnalyst, "POST", "/api/v1/agents/zhang/logout")))
        #expect(forbidden(decide(.technician, "GET", "/api/v1/screen-pop")))
        #expect(allowed(decide(.agent, "GET", "/api/v1/missed-calls")))
    }

    // MARK: Site scoping

    @Test func siteAccount_namingAnotherSite_isForbidden() {
        let own = [(name: "site", value: "north-bay")], other = [(name: "site", value: "south-lake")]
        #expect(allowed(decide(.agent, "GET", "/api/v1/tickets", query: own)))
        #expect(forbidden(decide(.agent, "GET", "/api/v1/tickets", query: other)))
        #expect(forbidden(decide(.siteSupervisor, "GET", "/api/v1/cluster/members/south-lake/ping")))
        #expect(allowed(decide(.siteSupervisor, "GET", "/api/v1/cluster/members/north-bay/ping")))
        // HQ roles are cluster-wide.
        #expect(allowed(decide(.hqAnalyst, "GET", "/api/v1/tickets", query: other)))
    }

    @Test func siteReports_needOwnSiteNamed_hqReportsAnywhere() {
        #expect(forbidden(decide(.siteSupervisor, "GET", "/api/v1/reports/calls")))
        #expect(forbidden(decide(.siteSupervisor, "GET", "/api/v1/reports/calls", query: [("site", "south-lake")])))
        #expect(allowed(decide(.siteSupervisor, "GET", "/api/v1/reports/calls", query: [("site", "north-bay")])))
        #expect(allowed(decide(.hqAnalyst, "GET", "/api/v1/reports/calls")))
        #expect(forbidden(decide(.agent, "GET", "/api/v1/reports/calls", query: [("site", "north-bay")])))
        for path in ["/api/v1/reports/calls/drill", "/api/v1/reports/tickets", "/api/v1/reports/tickets/drill"] {
            #expect(forbidden(decide(.siteSupervisor, "GET", path)))
            #expect(allowed(decide(.siteSupervisor, "GET", path, query: [("site", "north-bay")])))
            #expect(allowed(decide(.hqAnalyst, "GET", path)))
            #expect(forbidden(decide(.technician, "GET", path, query: [("site", "north-bay")])))
        }
    }

    @Test func exports_needTheExportsPermission_andASiteAccountNamesItsOwnSite() {
        let own = [(name: "site", value: "north-bay")], other = [(name: "site", value: "south-lake")]
        for path in ["/api/v1/exports/reports/calls", "/api/v1/exports/reports/calls/drill",
                     "/api/v1/exports/reports/tickets", "/api/v1/exports/reports/tickets/drill"] {
            #expect(allowed(decide(.siteSupervisor, "GET", path, query: own)))
            #expect(forbidden(decide(.siteSupervisor, "GET", path)))
            #expect(forbidden(decide(.siteSupervisor, "GET", path, query: other)))
            #expect(allowed(decide(.hqAnalyst, "GET", path)))
            #expect(allowed(decide(.admin, "GET", path, query: other)))
            #expect(forbidden(decide(.agent, "GET", path, query: own)))
            #expect(forbidden(decide(.technician, "GET", path, query: own)))
            #expect(forbidden(decide(.siteSupervisor, "POST", path, query: own)))
        }
    }

    @Test func dashboard_hqRolesSeeEverySite_supervisorOnlyOwn_othersNothing() {
        for path in ["/api/v1/dashboard", "/api/v1/dashboard/stream"] {
            #expect(allowed(decide(.hqAnalyst, "GET", path)))
            #expect(allowed(decide(.admin, "GET", path, query: [("site", "south-lake")])))
            #expect(allowed(decide(.siteSupervisor, "GET", path, query: [("site", "north-bay")])))
            #expect(forbidden(decide(.siteSupervisor, "GET", path)))
            #expect(forbidden(decide(.siteSupervisor, "GET", path, query: [("site", "south-lake")])))
            #expect(forbidden(decide(.agent, "GET", path, query: [("site", "north-bay")])))
            #expect(forbidden(decide(.technician, "GET", path, query: [("site", "north-bay")])))
            #expect(forbidden(decide(.hqAnalyst, "POST", path)))
        }
    }

    // MARK: Patterns

    @Test func pathPattern_matchesParametersWildcardsAndRest() {
        #expect(PathPattern("/a/:id/b").match(["a", "x", "b"]) == ["id": "x"])
        #expect(PathPattern("/a/:id/b").match(["a", "x"]) == nil)
        #expect(PathPattern("/a/**").match(["a"]) == [:])
        #expect(PathPattern("/a/**").match(["a", "b", "c"]) == [:])
        #expect(PathPattern("/a/*").match(["a", "b", "c"]) == nil)
        #expect(PathPattern("/a/{id}").match(["a", "7"]) == ["id": "7"])
        #expect(PathPattern.segments(of: "/api/v1/tickets%2Fx?y=1") == ["api", "v1", "tickets/x"])
    }
}
