import CourtyardCallCenter
import CourtyardDomain
import Foundation

/// Routing decision latency of the ACD core (`ACD.handle`) on a site with 500 logged-in
/// agents and 1 000 waiting calls, per strategy, next to the simplest possible pick over the
/// same agents (`PlainRouting`). Subject and baseline steps are interleaved.
enum RoutingBenchmark {
    /// Returning callers cycle through this many numbers, so about half of the repair
    /// arrivals have a remembered last agent (sticky lookups in the mix).
    static let returningCallers = 50

    static func run(strategy: RoutingStrategy, waiting: Int, steps: Int) throws -> LatencyComparison {
        say("  routing, \(strategy.rawValue), \(waiting) waiting: building the site, then \(steps) steps ...")
        let clock = ContinuousClock()
        let setupStart = clock.now
        var scenario = try RoutingScenario(strategy: strategy, waiting: waiting)
        let setup = clock.now - setupStart
        var plain = PlainRouting(strategy: strategy, waiting: waiting)
        let callers = (0..<steps).map { i in
            i % 2 == 0 ? RoutingScenario.phone(i / 2 % returningCallers) : RoutingScenario.phone(500_000 + i)
        }
        var subject: [Duration] = []
        var baseline: [Duration] = []
        for i in 0..<steps {
            subject += try scenario.step(i, caller: callers[i])
            baseline += plain.step(i, caller: callers[i].canonicalWithoutExtension)
        }
        let name = "routing decision, \(strategy.rawValue), 500 agents, \(waiting) waiting"
        let note = "\(subject.count) decisions (\(scenario.frontDecisions) arrivals, \(scenario.backlogDecisions) backlog"
            + " releases), \(scenario.stickyOffers) offered to the sticky agent; setup \(LatencyComparison.format(setup))"
        let result = LatencyComparison(
            name: name, subjectLabel: "`ACD.handle` (\(strategy.rawValue))",
            baselineLabel: "`Dictionary` sticky lookup + linear min-find over the same agents",
            subject: subject, baseline: baseline, note: note)
        Report.printLine(result)
        return result
    }
}
