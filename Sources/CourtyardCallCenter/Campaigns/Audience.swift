import CourtyardCRDT
import CourtyardDomain

// MARK: - Filter

/// Who a campaign reaches, among the residents of its site.
///
/// Empty lists mean "any". With no room-level criterion (buildings, roles, arrears) every
/// resident of the site is in the audience, rooms or not; with one, a resident needs an
/// occupancy of a room of the site that meets all of them.
///
/// Arrears come from `Room.arrearsCents` (欠费, kept by the directory and its imports):
/// there is no billing store, so that field is the arrears input.
public struct AudienceFilter: Hashable, Sendable, Codable {
    public var buildings: [String]
    public var roles: [RoomRole]
    /// Only rooms owing at least this much (cents, ≥ 1); nil for no arrears criterion.
    public var arrearsAtLeastCents: Int?

    public init(buildings: [String] = [], roles: [RoomRole] = [], arrearsAtLeastCents: Int? = nil) {
        self.buildings = buildings
        self.roles = roles
        self.arrearsAtLeastCents = arrearsAtLeastCents
    }

    /// Every field is optional in JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        buildings = try c.decodeIfPresent([String].self, forKey: .buildings) ?? []
        roles = try c.decodeIfPresent([RoomRole].self, forKey: .roles) ?? []
        arrearsAtLeastCents = try c.decodeIfPresent(Int.self, forKey: .arrearsAtLeastCents)
    }

    public var hasRoomCriterion: Bool { !buildings.isEmpty || !roles.isEmpty || arrearsAtLeastCents != nil }

    public func validate() throws(CampaignError) {
        guard buildings.count <= CampaignLimits.filterItemsMax else {
            throw CampaignError.invalid("audience.buildings", "lists \(buildings.count) buildings; the limit is \(CampaignLimits.filterItemsMax)")
        }
        for b in buildings where b.isEmpty || b.count > 64 {
            throw CampaignError.invalid("audience.buildings", "holds a building name that is empty or longer than 64 characters")
        }
        guard roles.count <= RoomRole.allCases.count else { throw CampaignError.invalid("audience.roles", "lists a role twice") }
        if let a = arrearsAtLeastCents, !(1...DirectoryLimits.arrearsCentsMax).contains(a) {
            throw CampaignError.invalid("audience.arrearsAtLeastCents", "must be 1–\(DirectoryLimits.arrearsCentsMax) cents (got \(a))")
        }
    }

    func matches(_ room: Room, role: RoomRole) -> Bool {
        (buildings.isEmpty || buildings.contains(room.building))
            && (roles.isEmpty || roles.contains(role))
            && (arrearsAtLeastCents.map { room.arrearsCents >= $0 } ?? true)
    }
}

// MARK: - Result

/// One resident a campaign will message, on one normalised phone.
public struct Recipient: Hashable, Sendable, Codable {
    public var residentID: String
    /// Canonical (`PhoneNumber.canonical`).
    public var phone: String
    public var roomID: String?
    public var fields: RecipientFields

    public init(residentID: String, phone: String, roomID: String?, fields: RecipientFields) {
        self.residentID = residentID
        self.phone = phone
        self.roomID = roomID
        self.fields = fields
    }
}

/// Why a resident of the site is not in the audience.
public enum SkipReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// Opted out of this channel (or of all campaigns), or flagged `optOut` in the directory.
    case optedOut
    /// No phone the channel can reach (SMS needs a mobile; voice a mobile or landline).
    case noReachablePhone
    /// Another resident already gets the message on the same phone.
    case duplicatePhone
    /// Filtered out by building, role or arrears.
    case notMatched
}

public struct Audience: Hashable, Sendable {
    /// In resident-id order.
    public var recipients: [Recipient]
    /// How many residents of the site were left out, per reason.
    public var skipped: [SkipReason: Int]
}

/// The residents, rooms and occupancies of a site, as the directory holds them.
public struct DirectorySnapshot: Hashable, Sendable {
    public var residents: [Resident]
    public var rooms: [Room]
    public var occupancies: [Occupancy]

    public init(residents: [Resident] = [], rooms: [Room] = [], occupancies: [Occupancy] = []) {
        self.residents = residents
        self.rooms = rooms
        self.occupancies = occupancies
    }
}

// MARK: - Selection

public enum AudienceSelection {
    /// The audience of a campaign: residents of `site` matching `filter`, minus opt-outs
    /// (`Resident.optOut` and `optOuts`), one message per normalised phone (the resident
    /// with the smallest id keeps a shared phone). Deterministic: inputs are sorted first.
    public static func select(site: SiteID, channel: CampaignChannel, filter: AudienceFilter,
                              directory: DirectorySnapshot, optOuts: [OptOut]) -> Audience {
        let rooms = Dictionary(directory.rooms.filter { $0.site == site }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var links: [String: [(room: Room, role: RoomRole)]] = [:]
        for o in directory.occupancies {
            guard let room = rooms[o.roomID] else { continue }
            links[o.residentID, default: []].append((room, o.role))
        }
        var skipped: [SkipReason: Int] = [:]
        var seenPhones: Set<String> = []
        var recipients: [Recipient] = []
        let residents = directory.residents.filter { $0.site == site }.sorted { $0.id < $1.id }
        for resident in residents {
            let matched = (links[resident.id] ?? [])
                .filter { filter.matches($0.room, role: $0.role) }
                .map(\.room)
                .sorted { ($0.arrearsCents, $1.id) > ($1.arrearsCents, $0.id) }
            if filter.hasRoomCriterion && matched.isEmpty { skipped[.notMatched, default: 0] += 1; continue }
            if resident.optOut || optOuts.silences(resident.id, on: channel) { skipped[.optedOut, default: 0] += 1; continue }
            guard let phone = reachablePhone(resident.phones, channel: channel) else {
                skipped[.noReachablePhone, default: 0] += 1
                continue
            }
            guard seenPhones.insert(phone.key).inserted else { skipped[.duplicatePhone, default: 0] += 1; continue }
            let shown = matched.first ?? (links[resident.id] ?? []).map(\.room).sorted { $0.id < $1.id }.first
            let amount = matched.reduce(0) { $0 + $1.arrearsCents }
            let fields = RecipientFields(name: resident.name, room: shown.map(label) ?? "", building: shown?.building ?? "",
                                         amountCents: amount)
            recipients.append(Recipient(residentID: resident.id, phone: phone.canonical, roomID: shown?.id, fields: fields))
        }
        return Audience(recipients: recipients, skipped: skipped)
    }

    /// `3栋` + `2单元` + `1203`.
    public static func label(_ room: Room) -> String { room.building + room.unit + room.number }

    /// The phone to use: SMS takes the first mobile; voice the first mobile, else the first
    /// landline. `key` (without extension) is what dedupe compares.
    static func reachablePhone(_ phones: [String], channel: CampaignChannel) -> (canonical: String, key: String)? {
        let parsed = phones.compactMap { try? PhoneNumber(parsing: $0) }
        let pick = parsed.first { $0.kind == .mobile }
            ?? (channel == .sms ? nil : parsed.first { $0.kind == .landline })
        return pick.map { ($0.canonical, $0.canonicalWithoutExtension) }
    }
}
