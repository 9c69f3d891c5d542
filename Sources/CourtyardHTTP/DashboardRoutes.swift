import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Hummingbird
import NIOCore

// MARK: - /api/v1/dashboard

/// The HQ live dashboard (SPEC §7): every site's snapshot as this node last gathered it, and
/// the tickets changed most recently in this node's ticket space (HQ holds all of them).
/// `site=` narrows both to one site and adds the drill-down lists (agents, waiting calls,
/// overdue tickets); a site-scoped account must name its own site.
struct DashboardRoutes {
    let services: DashboardServices?
    let tickets: TicketService

    static let recentTicketsMax = 20

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("dashboard", use: board)
        group.get("dashboard/stream", use: stream)
    }

    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> JSONBody<DashboardJSON> {
        let services = try enabled()
        let site = try QueryReader(request: request).site()
        let board = await services.gatherer.board(maxAgeMs: services.settings.tickMs)
        return JSONBody(try await Self.json(board, site: site, tickets: tickets, nowMs: services.wallClock.nowMs()))
    }

    /// Server-sent events: one `data:` line of the board's JSON per event, the first at once,
    /// then whenever a tile changes (checked each `tickMs`) and at least every `heartbeatMs`. `events=N`
    /// ends the feed after N events (scripts, tests); it also ends after `streamLifetimeMs`
    /// and as soon as a write fails because the client went away.
    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let services = try enabled()
        let q = QueryReader(request: request)
        let site = try q.site()
        let eventsMax = try q.int("events", in: 1...10_000)
        guard let lease = services.streams.take() else {
            throw APIError(.serviceUnavailable, code: "too_many_streams",
                           "\(services.settings.streamsMax) dashboard feeds are open on this node; try again later")
        }
        let feed = DashboardFeed(services: services, tickets: tickets, site: site, eventsMax: eventsMax)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        // The lease goes with the body: its slot is released when the body is done with —
        // written, failed, or never started because the client left first.
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            _ = lease  // captured: the closure holds the slot
            try await feed.run(&writer)
            try await writer.finish(nil)
        })
    }

    private func enabled() throws -> DashboardServices {
        guard let services else {
            throw APIError(.serviceUnavailable, code: "not_enabled", "the dashboard is not enabled on this node")
        }
        return services
    }

    /// The response body of both routes.
    static func json(_ board: DashboardGatherer.Board, site: SiteID?, tickets: TicketService,
                     nowMs: Int64) async throws -> DashboardJSON {
        var query = TicketQuery(site: site, limit: recentTicketsMax)
        query.order = .recentlyUpdated
        let recent: [TicketState]
        do { recent = try await tickets.list(query).tickets } catch { throw APIError(error) }
        return DashboardJSON(generatedAtMs: board.gatheredAtMs, site: site?.rawValue,
                             tiles: board.tiles.board(nowMs: nowMs, site: site, detail: site != nil),
                             recentTickets: recent.map(RecentTicketJSON.init))
    }
}

// MARK: - The feed of one connection

/// One SSE connection's loop. Writes wait for the client (the writer's backpressure), so at
/// most one event is buffered per connection.
struct DashboardFeed: Sendable {
    let services: DashboardServices
    let tickets: TicketService
    let site: SiteID?
    let eventsMax: Int?

    /// Time is counted in ticks (sleeps of `tickMs` on the node's clock), so the heartbeat
    /// and the lifetime follow the same clock the feed waits on.
    func run(_ writer: inout any ResponseBodyWriter) async throws {
        let s = services.settings
        let heartbeatTicks = max(1, s.heartbeatMs / s.tickMs)
        let lifetimeTicks = max(1, s.streamLifetimeMs / s.tickMs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var sent = 0
        var ticksSinceSent = heartbeatTicks
        var lastContent: [SiteTile]?
        try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
        for _ in 0..<lifetimeTicks where !Task.isCancelled {
            let board = await services.gatherer.board(maxAgeMs: s.tickMs)
            let content = board.tiles.board(nowMs: 0, site: site, detail: site != nil).map(Self.timeless)
            if content != lastContent || ticksSinceSent >= heartbeatTicks {
                // The recent tickets are read only for an event (at most every heartbeat
                // unless the tiles change), not on every tick of every feed.
                let json = try await DashboardRoutes.json(board, site: site, tickets: tickets,
                                                          nowMs: services.wallClock.nowMs())
                var buffer = ByteBuffer(string: "data: ")
                buffer.writeBytes(try encoder.encode(json))
                buffer.writeString("\n\n")
                try await writer.write(buffer)
                sent += 1
                ticksSinceSent = 0
                lastContent = content
                if let eventsMax, sent >= eventsMax { return }
            }
            try await services.clock.sleep(for: .milliseconds(s.tickMs))
            ticksSinceSent += 1
        }
    }

    /// A tile without its clock readings, to tell a change from the passing of time.
    static func timeless(_ tile: SiteTile) -> SiteTile {
        var t = tile
        t.ageMs = nil
        t.updatedAtMs = nil
        t.lastAttemptMs = nil
        t.snapshot?.takenAtMs = 0
        return t
    }
}

// MARK: - JSON

struct DashboardJSON: Codable, Sendable {
    var generatedAtMs: Int64
    var site: String?
    var tiles: [SiteTile]
    var recentTickets: [RecentTicketJSON]
}

struct RecentTicketJSON: Codable, Sendable {
    var id: String
    var number: String
    var site: String
    var title: String
    var status: String
    var escalationLevel: Int
    var updatedAtMs: Int64

    init(_ t: TicketState) {
        id = t.id.rawValue
        number = t.created.number.description
        site = t.created.site.rawValue
        title = String(t.created.title.prefix(SiteSnapshot.Limits.textCharsMax))
        status = t.status.rawValue
        escalationLevel = t.escalationLevel
        updatedAtMs = t.updatedAtMs
    }
}
