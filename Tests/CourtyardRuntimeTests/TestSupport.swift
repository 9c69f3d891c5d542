import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Logging

/// 2026-03-01T00:00:00Z.
let march2026Ms: Int64 = 1_772_323_200_000

struct Harness {
    let wall: ManualWallClock
    let store: InMemoryTicketStore
    let directory: InMemoryDirectoryStore
    let environment: NodeEnvironment

    init(nowMs: Int64 = march2026Ms, store: InMemoryTicketStore = InMemoryTicketStore(),
         directory: InMemoryDirectoryStore = InMemoryDirectoryStore(), seed: UInt64 = 42) {
        wall = ManualWallClock(nowMs: nowMs)
        self.store = store
        self.directory = directory
        environment = NodeEnvironment(clock: ContinuousClock(), wallClock: wall, random: SeededRandom(seed: seed),
                                      logger: Logger(label: "test"))
    }

    func tickets(site: String = "north-bay", code: String = "NB") -> TicketService {
        TicketService(configuration: .init(site: ReplicaID(site), siteCode: code), store: store,
                      directory: directory, environment: environment)
    }

    func directoryService(site: String = "north-bay") -> DirectoryService {
        DirectoryService(site: ReplicaID(site), store: directory, tickets: store, environment: environment)
    }
}

func repairDraft(_ title: String = "厨房水龙头漏水", building: String? = "B3") -> TicketDraft {
    TicketDraft(category: .repair, priority: .ordinary, channel: .phone, title: title,
                description: "住户报修：厨房水龙头一直漏水", residentID: "r1", roomID: "room-301", buildingID: building)
}
