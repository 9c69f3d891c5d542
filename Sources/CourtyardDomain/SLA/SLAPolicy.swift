// MARK: - Targets

/// The three SLA targets of a ticket, as working time on the site's business calendar.
public struct SLATargets: Hashable, Sendable, Codable {
    /// Until someone accepts the ticket (or resolves it on first contact).
    public var responseMs: Int64
    /// Until someone is on site; nil for categories handled without a visit.
    public var arrivalMs: Int64?
    /// Until the ticket is resolved.
    public var completionMs: Int64

    public init(responseMs: Int64, arrivalMs: Int64?, completionMs: Int64) {
        self.responseMs = responseMs
        self.arrivalMs = arrivalMs
        self.completionMs = completionMs
    }

    /// Positive, within `SLAPolicy.targetMsMax`, and in order: response and arrival fall no
    /// later than completion.
    func check(_ what: String) throws(SLAPolicyError) {
        let all = [responseMs, completionMs] + (arrivalMs.map { [$0] } ?? [])
        guard all.allSatisfy({ $0 > 0 && $0 <= SLAPolicy.targetMsMax }) else {
            throw SLAPolicyError("\(what): targets must be above 0 and at most \(SLAPolicy.targetMsMax) ms")
        }
        guard responseMs <= completionMs, (arrivalMs ?? 0) <= completionMs else {
            throw SLAPolicyError("\(what): response and arrival targets must not exceed the completion target")
        }
    }
}

/// A target override for one category × priority.
public struct SLAOverride: Hashable, Sendable, Codable {
    public var category: TicketCategory
    public var priority: TicketPriority
    public var targets: SLATargets

    public init(category: TicketCategory, priority: TicketPriority, targets: SLATargets) {
        self.category = category
        self.priority = priority
        self.targets = targets
    }
}

// MARK: - Policy

/// Response, arrival and completion targets per category × priority (SPEC §4, seeds 002/004):
/// defaults per priority — ordinary requests done within 30 minutes, major ones within
/// 6 hours, emergencies answered within 5 minutes and reached within 30 — and overrides.
///
/// Only categories in `onSiteCategories` carry an arrival target. Emergencies (priority or
/// category) run on a 24×7 clock whatever the site's calendar.
public struct SLAPolicy: Hashable, Sendable, Codable {
    public private(set) var ordinary: SLATargets
    public private(set) var major: SLATargets
    public private(set) var emergency: SLATargets
    public private(set) var onSiteCategories: [TicketCategory]
    /// Sorted by category then priority, at most one per pair.
    public private(set) var overrides: [SLAOverride]

    public static let targetMsMax: Int64 = 30 * 86_400_000
    static let minuteMs: Int64 = 60_000

    public static let standard = SLAPolicy(
        unchecked: (),
        ordinary: SLATargets(responseMs: 10 * minuteMs, arrivalMs: 20 * minuteMs, completionMs: 30 * minuteMs),
        major: SLATargets(responseMs: 15 * minuteMs, arrivalMs: 60 * minuteMs, completionMs: 360 * minuteMs),
        emergency: SLATargets(responseMs: 5 * minuteMs, arrivalMs: 30 * minuteMs, completionMs: 120 * minuteMs),
        onSiteCategories: [.repair, .publicFacilityRepair, .emergency, .neighbourDispute],
        overrides: [])

    private init(unchecked: Void, ordinary: SLATargets, major: SLATargets, emergency: SLATargets,
                 onSiteCategories: [TicketCategory], overrides: [SLAOverride]) {
        self.ordinary = ordinary
        self.major = major
        self.emergency = emergency
        self.onSiteCategories = onSiteCategories
        self.overrides = overrides
    }

    /// A validated policy. Later overrides for the same pair replace earlier ones.
    public init(ordinary: SLATargets, major: SLATargets, emergency: SLATargets,
                onSiteCategories: [TicketCategory] = SLAPolicy.standard.onSiteCategories,
                overrides: [SLAOverride] = []) throws(SLAPolicyError) {
        try ordinary.check("ordinary")
        try major.check("major")
        try emergency.check("emergency")
        self.init(unchecked: (), ordinary: ordinary, major: major, emergency: emergency,
                  onSiteCategories: Array(Set(onSiteCategories)).sorted { $0.rawValue < $1.rawValue },
                  overrides: [])
        for o in overrides { try setOverride(o) }
    }

    /// Sets (or replaces) the targets of one category × priority.
    public mutating func setOverride(_ o: SLAOverride) throws(SLAPolicyError) {
        try o.targets.check("\(o.category.rawValue)/\(o.priority.rawValue)")
        overrides.removeAll { $0.category == o.category && $0.priority == o.priority }
        overrides.append(o)
        overrides.sort { ($0.category.rawValue, $0.priority) < ($1.category.rawValue, $1.priority) }
    }

    // MARK: Codable (decoding re-validates)

    private enum CodingKeys: String, CodingKey {
        case ordinary, major, emergency, onSiteCategories, overrides
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(ordinary: try c.decode(SLATargets.self, forKey: .ordinary),
                          major: try c.decode(SLATargets.self, forKey: .major),
                          emergency: try c.decode(SLATargets.self, forKey: .emergency),
                          onSiteCategories: try c.decode([TicketCategory].self, forKey: .onSiteCategories),
                          overrides: try c.decodeIfPresent([SLAOverride].self, forKey: .overrides) ?? [])
        } catch let error as SLAPolicyError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    // MARK: Lookup

    /// The targets of a ticket's category × priority. An override wins; otherwise the
    /// priority's defaults, without an arrival target off the `onSiteCategories`.
    public func targets(category: TicketCategory, priority: TicketPriority) -> SLATargets {
        if let o = overrides.first(where: { $0.category == category && $0.priority == priority }) {
            return o.targets
        }
        var t: SLATargets
        switch priority {
        case .ordinary: t = ordinary
        case .major: t = major
        case .emergency: t = emergency
        }
        if !onSiteCategories.contains(category) { t.arrivalMs = nil }
        return t
    }

    /// The targets of a ticket, at its effective priority.
    public func targets(for created: TicketCreated) -> SLATargets {
        targets(category: created.category, priority: Self.effectivePriority(created))
    }

    /// An emergency category is an emergency whatever priority was typed.
    public static func effectivePriority(_ created: TicketCreated) -> TicketPriority {
        created.category == .emergency ? .emergency : created.priority
    }

    /// The calendar a ticket's clock runs on: 24×7 for emergencies, else the site's.
    public static func calendar(for created: TicketCreated, site: BusinessCalendar) -> BusinessCalendar {
        effectivePriority(created) == .emergency ? .alwaysOpen : site
    }
}

/// A policy that cannot be built, with the reason.
public struct SLAPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
