import CourtyardCLI
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Logging
import Testing

@Suite struct DemoSeedTests {
    @Test func generator_isDeterministicFromItsSeed() {
        let a = DemoSite.generate(site: .init("north-bay"), nowMs: 1_790_000_000_000, random: SeededRandom(seed: 7))
        let b = DemoSite.generate(site: .init("north-bay"), nowMs: 1_790_000_000_000, random: SeededRandom(seed: 7))
        let c = DemoSite.generate(site: .init("north-bay"), nowMs: 1_790_000_000_000, random: SeededRandom(seed: 8))
        #expect(a.batch == b.batch)
        #expect(a.tickets == b.tickets)
        #expect(a.batch != c.batch)
    }

    @Test func generator_buildsTheDescribedSite() throws {
        let site = DemoSite.generate(site: .init("north-bay"), nowMs: 1_790_000_000_000, random: SeededRandom(seed: 1))
        #expect(site.batch.rooms.count == 500)
        #expect(Set(site.batch.rooms.map(\.building)).count == 3)
        #expect(site.batch.residents.count > 400)
        #expect(site.batch.suppliers.count >= 10)
        #expect(site.tickets.count == DemoSite.ticketCount)
        // Every resident is valid as generated: phones normalise, names are Chinese.
        for r in site.batch.residents {
            #expect(r.validate(defaultAreaCode: nil).isEmpty, "\(r)")
            #expect(r.name.unicodeScalars.allSatisfy { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        }
        #expect(site.tickets.allSatisfy { $0.createdAtMs < 1_790_000_000_000 })
    }

    @Test func seeder_writesTheSiteThroughTheRealWritePath() async throws {
        let dir = try temporaryDirectory("seed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = NodeConfig(site: .init("north-bay"), dataDirectory: dir.path)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let env = NodeEnvironment(clock: ContinuousClock(), wallClock: ManualWallClock(nowMs: 1_790_000_000_000),
                                  random: SeededRandom(seed: 1), logger: logger)
        let node = try SiteNode(config: config, environment: env)
        #expect(try await node.isEmpty())
        let summary = try await DemoSeeder(node: node).seed(seed: 3, nowMs: 1_790_000_000_000)
        #expect(summary.rooms == 500)
        #expect(summary.tickets == DemoSite.ticketCount)
        #expect(summary.events > summary.tickets)
        #expect(summary.bills == DemoSite.roomCount * DemoSite.billMonths * 4)
        let owing = try await node.billsStore.arrears(site: .init("north-bay"))
        #expect(!owing.isEmpty, "some seeded rooms are in arrears")
        for room in owing.prefix(20) {
            let stored = try await node.directoryStore.room(id: room.roomID)
            #expect(stored?.arrearsCents == room.amountDueCents, "directory arrears match the unpaid bills")
        }
        #expect(try await !node.isEmpty())

        let closed = try await node.tickets.list(TicketQuery(statuses: [.closed], limit: 1))
        #expect(closed.total > 100, "most historical tickets are closed")
        let leak = try await node.tickets.search("漏水")
        #expect(!leak.isEmpty, "Chinese search finds the seeded leak tickets")
        #expect(leak.allSatisfy { $0.created.title.contains("漏水") || $0.created.description.contains("漏水") })
    }
}
