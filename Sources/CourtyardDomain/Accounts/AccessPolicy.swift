import CourtyardCRDT

// MARK: - The policy table

/// Which routes need which permission: one table of `AccessRule`s, checked for every request
/// by the API's authorization middleware. A route with no rule is denied (deny by default), so
/// a new route is opened by adding a row, never by forgetting one.
///
/// The check here is pure (method, path, query, principal); conditions that need stored data
/// (is this ticket assigned to me? is this my recording? which event type is posted?) are
/// returned as obligations the middleware discharges before the handler runs.
public struct AccessPolicy: Sendable {
    public var rules: [AccessRule]

    public init(rules: [AccessRule]) {
        self.rules = rules
    }

    /// The first rule whose method and path pattern match, with the path's parameters.
    public func rule(method: String, path: String) -> (rule: AccessRule, parameters: [String: String])? {
        let verb = method.uppercased() == "HEAD" ? "GET" : method.uppercased()
        let segments = PathPattern.segments(of: path)
        for rule in rules where rule.methods.contains(verb) {
            if let parameters = rule.pattern.match(segments) { return (rule, parameters) }
        }
        return nil
    }

    /// Decides one request. `query` is the decoded query string (repeated names allowed).
    public func decide(method: String, path: String, query: [(name: String, value: String)],
                       principal: Principal?) -> AccessDecision {
        guard let matched = rule(method: method, path: path) else {
            return principal == nil ? .unauthenticated : .forbidden("no access rule for \(method.uppercased()) \(path)")
        }
        let parameters = matched.parameters
        switch matched.rule.access {
        case .public:
            return .allow(AccessGrantResult(parameters: parameters))
        case .authenticated:
            guard principal != nil else { return .unauthenticated }
            return .allow(AccessGrantResult(parameters: parameters))
        case .grants(let grants):
            guard let principal else { return .unauthenticated }
            guard let grant = grants.first(where: { principal.role.may($0.permission) }) else {
                let needed = grants.map(\.permission.rawValue).joined(separator: " or ")
                return .forbidden("role \(principal.role) may not \(method.uppercased()) \(path) (needs \(needed))")
            }
            if let reason = Self.siteScopeViolation(principal, parameters: parameters, query: query) {
                return .forbidden(reason)
            }
            var obligations: [AccessObligation] = []
            for condition in grant.conditions {
                switch Self.check(condition, principal: principal, parameters: parameters, query: query) {
                case .satisfied: continue
                case .violated(let reason): return .forbidden(reason)
                case .deferred(let obligation): obligations.append(obligation)
                }
            }
            return .allow(AccessGrantResult(parameters: parameters, permission: grant.permission, obligations: obligations))
        }
    }

    // MARK: Conditions

    enum ConditionCheck {
        case satisfied
        case violated(String)
        case deferred(AccessObligation)
    }

    static func check(_ condition: AccessCondition, principal: Principal, parameters: [String: String],
                      query: [(name: String, value: String)]) -> ConditionCheck {
        let me = principal.username.rawValue
        switch condition {
        case .queryIsSelf(let name):
            let values = query.filter { $0.name == name }.map(\.value)
            return values == [me] ? .satisfied : .violated("role \(principal.role) must ask with \(name)=\(me)")
        case .parameterIsSelf(let name):
            return parameters[name] == me ? .satisfied : .violated("role \(principal.role) may only act on its own \(name)")
        case .namesOwnSite:
            guard case .site(let own) = principal.site else { return .satisfied }
            let values = query.filter { $0.name == "site" }.map(\.value)
            return values == [own.rawValue] ? .satisfied : .violated("role \(principal.role) must ask with site=\(own)")
        case .ticketAssignedToSelf(let parameter):
            return .deferred(.ticketAssignedToSelf(ticketID: parameters[parameter] ?? ""))
        case .recordingOfSelf(let parameter):
            return .deferred(.recordingOfSelf(callID: parameters[parameter] ?? ""))
        case .eventTypes(let types):
            return .deferred(.eventTypeIn(types))
        }
    }

    /// A site-scoped account may not name another site, in the query (`site=`) or in a path
    /// parameter named `site`.
    static func siteScopeViolation(_ principal: Principal, parameters: [String: String],
                                   query: [(name: String, value: String)]) -> String? {
        guard case .site(let own) = principal.site else { return nil }
        var named = query.filter { $0.name == "site" }.map(\.value)
        if let p = parameters["site"] { named.append(p) }
        for site in named where site != own.rawValue {
            return "account of site \(own) may not act on site \(site)"
        }
        return nil
    }
}

/// One row: methods + path pattern → who may.
public struct AccessRule: Sendable {
    public var methods: Set<String>
    public var pattern: PathPattern
    public var access: Access

    public init(_ methods: Set<String>, _ pattern: String, _ access: Access) {
        self.methods = Set(methods.map { $0.uppercased() })
        self.pattern = PathPattern(pattern)
        self.access = access
    }
}

/// Who a rule lets in.
public enum Access: Sendable {
    /// No authentication at all (`/health`, the login route, the CTI gateway's own-token socket).
    case `public`
    /// Any signed-in account (`/auth/me`, logout).
    case authenticated
    /// The first grant whose permission the role holds applies; none → 403.
    case grants([AccessGrant])

    /// One permission, no conditions.
    public static func needs(_ permission: Permission) -> Access { .grants([AccessGrant(permission)]) }
}

/// A permission, optionally narrowed by conditions.
public struct AccessGrant: Sendable {
    public var permission: Permission
    public var conditions: [AccessCondition]

    public init(_ permission: Permission, _ conditions: [AccessCondition] = []) {
        self.permission = permission
        self.conditions = conditions
    }
}

/// A narrowing of a grant.
public enum AccessCondition: Hashable, Sendable {
    /// The query parameter must be present once and equal the username (`assignee=me`).
    case queryIsSelf(String)
    /// The path parameter must equal the username (`/agents/{agent}/state`).
    case parameterIsSelf(String)
    /// A site-scoped account must name its own site in `site=` (site reports).
    case namesOwnSite
    /// The ticket named by the path parameter is assigned to the user (checked on stored data).
    case ticketAssignedToSelf(String)
    /// The recording of the call named by the path parameter was taken by the user.
    case recordingOfSelf(String)
    /// The JSON body's `type` must be one of these.
    case eventTypes([String])
}

/// A condition left for the middleware, with the values it needs.
public enum AccessObligation: Hashable, Sendable {
    case ticketAssignedToSelf(ticketID: String)
    case recordingOfSelf(callID: String)
    case eventTypeIn([String])
}

/// What an allowed request was allowed by.
public struct AccessGrantResult: Hashable, Sendable {
    public var parameters: [String: String]
    public var permission: Permission?
    public var obligations: [AccessObligation]

    public init(parameters: [String: String], permission: Permission? = nil, obligations: [AccessObligation] = []) {
        self.parameters = parameters
        self.permission = permission
        self.obligations = obligations
    }
}

/// The answer for one request.
public enum AccessDecision: Hashable, Sendable {
    case allow(AccessGrantResult)
    /// No (valid) session and the route needs one: 401.
    case unauthenticated
    /// Signed in, but the role or scope does not allow it: 403, with the reason.
    case forbidden(String)
}
