import CourtyardCRDT

/// Picks who handles a ticket (派工) from the dispatch rules of SPEC §4: site × building ×
/// category → person, in a mode (assign, grab 抢单, round-robin 轮派). A pure value: the
/// round-robin cursor is passed in and the next one handed back for the caller to persist.
///
/// Precedence (deterministic, documented):
/// 1. only rules of the ticket's site and category match;
/// 2. a rule naming the ticket's building beats a rule for every building (`building == nil`);
/// 3. among rules equally specific (a data error `conflicts` reports), the smallest `id` wins,
///    so every node picks the same rule whatever order the rules were loaded in.
public struct DispatchRules: Hashable, Sendable {
    /// The rules, sorted by id so iteration never depends on load order.
    public let rules: [DispatchRule]

    public init(rules: [DispatchRule]) {
        self.rules = rules.sorted { $0.id < $1.id }
    }

    // MARK: Matching

    /// The most specific rule for a ticket, or nil when none matches.
    public func rule(site: ReplicaID, building: String?, category: TicketCategory) -> DispatchRule? {
        var best: (rule: DispatchRule, specificity: Int)?
        for rule in rules where rule.site == site && rule.category == category {
            let specificity: Int
            if let ruleBuilding = rule.building {
                guard let building, trimmed(building) == ruleBuilding else { continue }
                specificity = 1
            } else {
                specificity = 0
            }
            // Strictly greater: an equally specific later rule has a larger id and loses.
            if specificity > best?.specificity ?? -1 {
                best = (rule, specificity)
            }
        }
        return best?.rule
    }

    /// The decision for a ticket.
    ///
    /// - Parameter cursor: for round-robin rules, the rule's stored cursor (0 when never used);
    ///   any integer is accepted and reduced modulo the pool, so a shrunk pool never traps.
    public func decide(site: ReplicaID, building: String?, category: TicketCategory,
                       cursor: Int = 0) -> DispatchDecision {
        guard let rule = rule(site: site, building: building, category: category),
              !rule.assignees.isEmpty else {
            return .noRule(NoDispatchRule(site: site, building: building, category: category))
        }
        switch rule.mode {
        case .assign:
            return .assign(rule: rule, assignee: rule.assignees[0])
        case .grab:
            return .grab(rule: rule, pool: rule.assignees)
        case .roundRobin:
            let count = rule.assignees.count
            let index = ((cursor % count) + count) % count
            return .roundRobin(rule: rule, assignee: rule.assignees[index], nextCursor: (index + 1) % count)
        }
    }

    // MARK: Consistency

    /// Groups of rules with the same site, building and category: only the smallest id is
    /// ever used, which is almost certainly not what whoever wrote them meant. Sorted.
    public var conflicts: [[DispatchRule]] {
        var groups: [String: [DispatchRule]] = [:]
        for rule in rules {
            let key = "\(rule.site.rawValue)\u{1F}\(rule.building ?? "\u{0}")\u{1F}\(rule.category.rawValue)"
            groups[key, default: []].append(rule)
        }
        return groups.values
            .filter { $0.count > 1 }
            .map { $0.sorted { $0.id < $1.id } }
            .sorted { $0[0].id < $1[0].id }
    }
}

/// What dispatch decided for one ticket.
public enum DispatchDecision: Hashable, Sendable {
    /// Give it to this person.
    case assign(rule: DispatchRule, assignee: String)
    /// Give it to the next person in turn; store `nextCursor` for the rule.
    case roundRobin(rule: DispatchRule, assignee: String, nextCursor: Int)
    /// Offer it to the pool; the first to claim it gets it (抢单).
    case grab(rule: DispatchRule, pool: [String])
    /// No rule matches: the caller routes it to the site's duty supervisor.
    case noRule(NoDispatchRule)

    /// The rule that decided, nil for `noRule`.
    public var rule: DispatchRule? {
        switch self {
        case .assign(let rule, _), .roundRobin(let rule, _, _), .grab(let rule, _): return rule
        case .noRule: return nil
        }
    }

    /// The one person chosen, nil for `grab` (anyone of the pool) and `noRule`.
    public var assignee: String? {
        switch self {
        case .assign(_, let person), .roundRobin(_, let person, _): return person
        case .grab, .noRule: return nil
        }
    }
}

/// No dispatch rule matched a ticket: says what was looked for, so a supervisor can add one.
public struct NoDispatchRule: Hashable, Sendable, CustomStringConvertible {
    public var site: ReplicaID
    public var building: String?
    public var category: TicketCategory

    public init(site: ReplicaID, building: String?, category: TicketCategory) {
        self.site = site
        self.building = building
        self.category = category
    }

    /// e.g. "no dispatch rule for site north-bay, building 3栋, category repair: route to the
    /// site's duty supervisor".
    public var message: String {
        let where_ = building.map { ", building \($0)" } ?? ""
        return "no dispatch rule for site \(site)\(where_), category \(category.rawValue): route to the site's duty supervisor"
    }

    public var description: String { message }
}
