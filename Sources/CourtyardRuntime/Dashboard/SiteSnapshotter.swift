import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

// MARK: - This site's snapshot

/// Reads this node's live figures — its ACD, today's ledger, its ticket store and its member
/// view — and computes the site's `SiteSnapshot` (a pure function of what it read). Peers
/// ask for it through `SiteNodeActor.snapshot()`; the local dashboard calls it directly.
///
/// Today's service level is recomputed at most every `serviceLevelRefreshMs` (it reads the
/// whole day of ledger events); the rest is read on every call.
public actor SiteSnapshotter {
    public nonisolated let unownedExecutor: UnownedSerialExecutor
    private let lane = DefaultActorLane()

    public nonisolated let site: SiteID
    private let tickets: any TicketStore
    private let callCenter: CallCenter?
    private let ledger: (any CallLedgerStore)?
    private let settings: ReportSettings
    private let members: @Sendable () async -> [SnapshotMember]
    private let wallClock: any WallClock
    private var serviceLevel: (atMs: Int64, value: TodayServiceLevel)?

    public static let serviceLevelRefreshMs: Int64 = 5_000

    /// `members` is read on every snapshot (the node's current cluster life; empty alone).
    public init(site: SiteID, tickets: any TicketStore, callCenter: CallCenter?, ledger: (any CallLedgerStore)?,
                settings: ReportSettings = ReportSettings(), environment: NodeEnvironment,
                members: @escaping @Sendable () async -> [SnapshotMember] = { [] }) {
        unownedExecutor = environment.actorExecutor("site-snapshotter", lane: lane)
        self.site = site
        self.tickets = tickets
        self.callCenter = callCenter
        self.ledger = ledger
        self.settings = settings
        self.members = members
        wallClock = environment.wallClock
    }

    /// The site's figures now. Throws when the ticket store cannot be read.
    public func snapshot() async throws -> SiteSnapshot {
        let acd = await callCenter?.acdSnapshot
        let ticketInput = try await readTickets()
        let level = await todayServiceLevel()
        let members = await members()
        return SiteSnapshot.compute(site: site, nowMs: wallClock.nowMs(), acd: acd, serviceLevel: level,
                                    tickets: ticketInput, members: members)
    }

    private func readTickets() async throws -> SnapshotTicketInput {
        let open = SnapshotTicketInput.openStatuses
        var input = SnapshotTicketInput()
        input.open = try await tickets.tickets(TicketQuery(site: site, statuses: open, limit: 1)).total
        for level in 1...3 {
            let page = try await tickets.tickets(TicketQuery(site: site, statuses: open, minEscalationLevel: level,
                                                             limit: level == 1 ? SiteSnapshot.Limits.overdueMax : 1))
            input.atLeastLevel[level - 1] = page.total
            if level == 1 { input.overdue = page.tickets }
        }
        return input
    }

    private func todayServiceLevel() async -> TodayServiceLevel {
        let now = wallClock.nowMs()
        let start = TodayServiceLevel.dayStart(nowMs: now, utcOffsetMinutes: settings.utcOffsetMinutes)
        if let cached = serviceLevel, cached.value.dayStartMs == start,
           now - cached.atMs < Self.serviceLevelRefreshMs, now >= cached.atMs {
            return cached.value
        }
        var events: [LedgerEvent] = []
        if let ledger, let range = try? LedgerRange(fromMs: start, toMs: start + 86_400_000) {
            events = (try? await ledger.reportEvents(in: range, site: site)) ?? []
        }
        let value = TodayServiceLevel.compute(events: events, site: site, nowMs: now, settings: settings)
        serviceLevel = (now, value)
        return value
    }
}

// MARK: - Members as the snapshot shows them

extension SnapshotMember {
    /// A membership row as a snapshot line.
    public init(_ info: MemberInfo) {
        let status: String = switch info.kind {
        case .alive: "alive"
        case .suspect: "suspect"
        case .unreachable: "unreachable"
        case .down: "down"
        case .left: "left"
        }
        self.init(site: info.site, endpoint: "\(info.endpoint)", status: status)
    }

    /// The members of the handle's current cluster life (empty between lives or alone).
    public static func of(_ handle: ClusterHandle?) -> @Sendable () async -> [SnapshotMember] {
        { await handle?.current?.members().map(SnapshotMember.init) ?? [] }
    }
}
