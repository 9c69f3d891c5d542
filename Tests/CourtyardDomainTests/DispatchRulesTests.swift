import CourtyardCRDT
import Testing
@testable import CourtyardDomain

/// Rule precedence, the three modes, round-robin cycling and the no-rule result.
struct DispatchRulesTests {
    let north = ReplicaID("north-bay")
    let south = ReplicaID("south-park")

    func rule(_ id: String, site: ReplicaID? = nil, building: String? = nil, category: TicketCategory = .repair,
              assignees: [String] = ["wang"], mode: DispatchMode = .assign) -> DispatchRule {
        DispatchRule(id: id, site: site ?? north, building: building, category: category,
                     department: "工程部", assignees: assignees, mode: mode)
    }

    @Test func decide_buildingRuleBeatsSiteWideRule() {
        let rules = DispatchRules(rules: [
            rule("site-wide", assignees: ["wang"]),
            rule("b3", building: "3栋", assignees: ["li"]),
        ])
        #expect(rules.decide(site: north, building: "3栋", category: .repair).assignee == "li")
        #expect(rules.decide(site: north, building: "5栋", category: .repair).assignee == "wang")
        #expect(rules.decide(site: north, building: nil, category: .repair).assignee == "wang")
    }

    @Test func decide_precedenceDoesNotDependOnRuleOrder() {
        let a = rule("b3", building: "3栋", assignees: ["li"])
        let b = rule("site-wide", assignees: ["wang"])
        let c = rule("also-site-wide", assignees: ["zhao"])
        let one = DispatchRules(rules: [a, b, c])
        let two = DispatchRules(rules: [c, b, a])
        for building in ["3栋", "9栋"] {
            #expect(one.decide(site: north, building: building, category: .repair)
                == two.decide(site: north, building: building, category: .repair))
        }
        // Equally specific: the smallest id wins.
        #expect(one.decide(site: north, building: "9栋", category: .repair).rule?.id == "also-site-wide")
        #expect(one.conflicts.map { $0.map(\.id) } == [["also-site-wide", "site-wide"]])
    }

    @Test func decide_otherSiteOrCategory_doesNotMatch() {
        let rules = DispatchRules(rules: [rule("r", site: south), rule("c", category: .complaint)])
        let decision = rules.decide(site: north, building: "1栋", category: .repair)
        guard case .noRule(let none) = decision else {
            Issue.record("expected noRule, got \(decision)")
            return
        }
        #expect(none.message == "no dispatch rule for site north-bay, building 1栋, category repair: route to the site's duty supervisor")
        #expect(decision.rule == nil)
    }

    @Test func decide_grab_returnsThePool() {
        let rules = DispatchRules(rules: [rule("g", assignees: ["wang", "li", "zhao"], mode: .grab)])
        let decision = rules.decide(site: north, building: nil, category: .repair)
        #expect(decision == .grab(rule: rules.rules[0], pool: ["wang", "li", "zhao"]))
        #expect(decision.assignee == nil)
    }

    @Test func decide_roundRobin_cyclesThroughThePoolWithTheReturnedCursor() {
        let rules = DispatchRules(rules: [rule("rr", assignees: ["wang", "li", "zhao"], mode: .roundRobin)])
        var cursor = 0
        var picked: [String] = []
        for _ in 0..<7 {
            guard case .roundRobin(_, let person, let next) = rules.decide(
                site: north, building: "1栋", category: .repair, cursor: cursor) else {
                Issue.record("expected roundRobin")
                return
            }
            picked.append(person)
            cursor = next
        }
        #expect(picked == ["wang", "li", "zhao", "wang", "li", "zhao", "wang"])
        #expect(cursor == 1)
    }

    @Test(arguments: [(-1, "zhao"), (3, "wang"), (100, "li"), (Int.min, "li"), (Int.max, "li")])
    func decide_roundRobin_acceptsAnyCursor(cursor: Int, expected: String) {
        let rules = DispatchRules(rules: [rule("rr", assignees: ["wang", "li", "zhao"], mode: .roundRobin)])
        #expect(rules.decide(site: north, building: nil, category: .repair, cursor: cursor).assignee == expected)
    }

    @Test func decide_ruleWithEmptyPool_isTreatedAsNoRule() {
        let rules = DispatchRules(rules: [rule("empty", assignees: [], mode: .grab)])
        guard case .noRule = rules.decide(site: north, building: nil, category: .repair) else {
            Issue.record("expected noRule")
            return
        }
    }
}
