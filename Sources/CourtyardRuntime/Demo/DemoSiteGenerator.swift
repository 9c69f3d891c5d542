import CourtyardCRDT
import CourtyardDomain

/// One historical ticket of the demo: what was reported and what happened next, with times.
public struct DemoTicketScript: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case assign(assignee: String, department: String)
        case accept
        case arrive
        case note(String)
        case resolve(String)
        case callback(score: Int?, needsFollowUp: Bool)
        case close
    }

    public var createdAtMs: Int64
    public var category: TicketCategory
    public var priority: TicketPriority
    public var channel: IntakeChannel
    public var title: String
    public var description: String
    public var residentID: String?
    public var roomID: String?
    public var building: String?
    public var callerPhone: String?
    /// Steps with their absolute times, in order.
    public var steps: [(atMs: Int64, step: Step)]

    public static func == (a: Self, b: Self) -> Bool {
        a.createdAtMs == b.createdAtMs && a.title == b.title && a.roomID == b.roomID
            && a.steps.map(\.atMs) == b.steps.map(\.atMs) && a.steps.map(\.step) == b.steps.map(\.step)
    }

    public func hash(into h: inout Hasher) {
        h.combine(createdAtMs)
        h.combine(title)
        h.combine(roomID)
    }
}

/// A realistic demo site, generated deterministically from a seed: 3 buildings, 500 rooms,
/// residents with Chinese names and phone numbers in owner/tenant/family roles, suppliers,
/// fixtures with warranties, a case library, dispatch rules and a few hundred historical
/// tickets over the last 90 days.
public struct DemoSite: Sendable {
    public var site: ReplicaID
    public var batch: DirectoryBatch
    public var tickets: [DemoTicketScript]
    /// Monthly water, electricity, gas and property fee lines of every room for the last
    /// `DemoSite.billMonths` months; rooms in arrears have unpaid lines, and each room's
    /// `arrearsCents` equals its unpaid total.
    public var bills: [Bill]

    public static let buildings = ["1号楼", "2号楼", "3号楼"]
    public static let roomCount = 500
    public static let ticketCount = 300

    /// - Parameters:
    ///   - nowMs: the present; history ends here.
    ///   - random: the only randomness (a seeded source gives the same site every time).
    public static func generate(site: ReplicaID, nowMs: Int64, random: any RandomSource) -> DemoSite {
        var g = DemoGenerator(site: site, nowMs: nowMs, random: random)
        return g.run()
    }
}

struct DemoGenerator {
    let site: ReplicaID
    let nowMs: Int64
    let random: any RandomSource
    var batch = DirectoryBatch()
    var usedPhones = Set<String>()

    init(site: ReplicaID, nowMs: Int64, random: any RandomSource) {
        self.site = site
        self.nowMs = nowMs
        self.random = random
    }

    private var prefix: String { site.rawValue }

    func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next(upperBound: UInt64(range.count)))
    }

    func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func run() -> DemoSite {
        makeSuppliers()
        makeRooms()
        makeResidents()
        makeFixtures()
        makeCases()
        makeDispatchRules()
        let tickets = makeTickets()
        // Last, so the rest of the site draws the same numbers as before bills existed.
        let bills = makeBills()
        return DemoSite(site: site, batch: batch, tickets: tickets, bills: bills)
    }

    // MARK: Directory

    mutating func makeSuppliers() {
        for (i, s) in DemoVocabulary.suppliers.enumerated() {
            batch.suppliers.append(Supplier(id: "sup-\(i + 1)", name: s.name, contact: s.contact,
                                            phone: mobile(), trade: s.trade))
        }
    }

    mutating func makeRooms() {
        // 2 units per building; 5 rooms per floor; floors until the building holds its share.
        let perBuilding = [170, 170, 160]
        for (b, building) in DemoSite.buildings.enumerated() {
            var made = 0
            var floor = 1
            while made < perBuilding[b] {
                for unit in 1...2 {
                    for door in 1...5 where made < perBuilding[b] {
                        let number = "\(floor)\(door < 10 ? "0" : "")\(door)"
                        let id = "\(prefix)-b\(b + 1)-u\(unit)-\(number)"
                        let arrears = chance(12) ? int(1...36) * 5_000 : 0
                        batch.rooms.append(Room(id: id, site: site, building: building, unit: "\(unit)单元",
                                                floor: floor, number: number,
                                                areaM2: Double(int(60...160)), arrearsCents: arrears))
                        made += 1
                    }
                }
                floor += 1
            }
        }
        assert(batch.rooms.count == DemoSite.roomCount)
    }

    mutating func makeResidents() {
        var n = 0
        for room in batch.rooms {
            // Most rooms have an owner; some are let to a tenant; families add members.
            let occupants: [RoomRole] = chance(8) ? [] : (chance(20) ? [.owner, .tenant] : [.owner])
                + (chance(35) ? [.family] : [])
            for role in occupants {
                n += 1
                let id = "\(prefix)-r\(n)"
                var phones = [mobile()]
                if chance(15) { phones.append(mobile()) }
                if chance(10) { phones.append(landline()) }
                let name = DemoVocabulary.surnames.randomPick(self) + DemoVocabulary.givenNames.randomPick(self)
                batch.residents.append(Resident(id: id, site: site, name: name, phones: phones,
                                                note: role == .tenant ? "租期至\(2027 + int(0...1))年" : nil,
                                                optOut: chance(3)))
                batch.occupancies.append(Occupancy(residentID: id, roomID: room.id, role: role))
            }
        }
    }

    mutating func makeFixtures() {
        let supplierByTrade = Dictionary(batch.suppliers.map { ($0.trade, $0.id) }, uniquingKeysWith: { a, _ in a })
        var n = 0
        for room in batch.rooms {
            for (name, location, trade, years) in DemoVocabulary.roomFixtures {
                n += 1
                batch.fixtures.append(Fixture(id: "\(prefix)-f\(n)", site: site, roomID: room.id,
                                              building: room.building, name: name, location: location,
                                              supplierID: supplierByTrade[trade],
                                              warrantyEnd: warrantyEnd(years: years)))
            }
        }
        for building in DemoSite.buildings {
            for (name, location, trade, years) in DemoVocabulary.buildingFixtures {
                n += 1
                batch.fixtures.append(Fixture(id: "\(prefix)-f\(n)", site: site, roomID: nil, building: building,
                                              name: name, location: location, supplierID: supplierByTrade[trade],
                                              warrantyEnd: warrantyEnd(years: years)))
            }
        }
    }

    mutating func makeCases() {
        for (i, c) in DemoVocabulary.cases.enumerated() {
            batch.cases.append(KnowledgeCase(id: "case-\(i + 1)", title: c.1, category: c.0, symptom: c.2,
                                             solution: c.3, tags: c.4))
        }
    }

    mutating func makeDispatchRules() {
        let engineers = DemoVocabulary.staff.filter { $0.department == "工程部" }.map(\.id)
        var n = 0
        func rule(_ category: TicketCategory, _ building: String?, _ department: String, _ who: [String],
                  _ mode: DispatchMode) -> DispatchRule {
            n += 1
            return DispatchRule(id: "\(prefix)-rule-\(n)", site: site, building: building, category: category,
                                department: department, assignees: who, mode: mode)
        }
        batch.dispatchRules = [
            rule(.repair, nil, "工程部", engineers, .roundRobin),
            rule(.repair, "3号楼", "工程部", ["tech-zhao"], .assign),
            rule(.publicFacilityRepair, nil, "工程部", engineers, .grab),
            rule(.emergency, nil, "秩序部", ["sec-liu"], .assign),
            rule(.complaint, nil, "客服部", ["cs-chen", "cs-lin"], .roundRobin),
            rule(.neighbourDispute, nil, "秩序部", ["sec-liu"], .assign),
            rule(.consultation, nil, "客服部", ["cs-lin"], .assign),
            rule(.feePayment, nil, "财务部", ["fin-xu"], .assign),
        ]
    }

    // MARK: Helpers

    mutating func mobile() -> String {
        while true {
            var digits = DemoVocabulary.mobilePrefixes.randomPick(self)
            for _ in 0..<8 { digits += String(int(0...9)) }
            let phone = "+86" + digits
            if usedPhones.insert(phone).inserted { return phone }
        }
    }

    mutating func landline() -> String {
        while true {
            var digits = "755"  // Shenzhen, without the trunk 0
            digits += String(int(2...8))
            for _ in 0..<7 { digits += String(int(0...9)) }
            let phone = "+86" + digits
            if usedPhones.insert(phone).inserted { return phone }
        }
    }

    func warrantyEnd(years: Int) -> String {
        // Installed between 1 and 6 years ago: some fixtures are still in warranty, some not.
        let day = CivilDate(epochDay: Int(nowMs / 86_400_000) - int(365...(6 * 365)) + years * 365)
        return day.iso
    }
}

extension Array {
    func randomPick(_ g: DemoGenerator) -> Element { g.pick(self) }
}

/// A proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's algorithm),
/// so the generator needs no Foundation calendar.
struct CivilDate {
    let year: Int
    let month: Int
    let day: Int

    init(epochDay: Int) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    var iso: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}
