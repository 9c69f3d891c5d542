import ArgumentParser
import CourtyardRuntime
import Foundation
import Logging

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Fill an empty data directory with a realistic demo site.",
        discussion: "3 buildings, 500 rooms, residents with Chinese names and phone numbers, suppliers, fixtures, a case library, dispatch rules and a few hundred historical tickets. The same --seed gives the same site.")

    @OptionGroup var site: SiteOptions

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 2026

    @Flag(help: "Seed even if the database already holds data.")
    var force = false

    func run() async throws {
        let config = try site.resolve()
        let logger = Logger.courtyard("courtyard.seed", level: config.logLevel)
        let env = NodeEnvironment.system(logger: logger)
        let node = try SiteNode(config: config, environment: env)
        let empty = try await node.isEmpty()
        guard force || empty else {
            throw ValidationError("\(config.dataDirectory) already holds data; pass --force to add the demo site anyway")
        }
        let s = try await DemoSeeder(node: node).seed(seed: seed, nowMs: env.wallClock.nowMs())
        print("seeded \(config.site) in \(config.dataDirectory): \(s.rooms) rooms, \(s.residents) residents, \(s.suppliers) suppliers, \(s.fixtures) fixtures, \(s.tickets) tickets (\(s.events) events)")
    }
}
