import CourtyardCRDT
import CourtyardDomain
import CourtyardConsole
import CourtyardRuntime
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus

/// The runtime services the API serves.
public struct APIServices: Sendable {
    public var tickets: TicketService
    public var directory: DirectoryService
    /// Where `/metrics` reads from; the process bootstraps swift-metrics with a
    /// `PrometheusMetricsFactory` over the same registry.
    public var metrics: PrometheusCollectorRegistry?
    /// The node's cluster runtime (its current life); nil on a node that runs alone.
    public var cluster: ClusterHandle?
    /// The call ledger and recordings behind `/reports` and `/recordings`; nil answers 503.
    public var reporting: CallReportingServices?
    /// The node's call center behind `/cti/v1` and `/api/v1/agents`; nil answers 503.
    public var callCenter: CallCenter?
    /// Outbound campaigns behind `/campaigns` and `/opt-outs`; nil answers 503.
    public var campaigns: CampaignServices?
    /// The HQ dashboard behind `/dashboard`; nil answers 503.
    public var dashboard: DashboardServices?
    /// Sessions, the policy table and the audit log — or `.disabled`, which must be chosen
    /// explicitly (tests of other features; a node configured with `--auth disabled`).
    public var auth: APIAuth
    /// Photos on ticket notes behind `/tickets/{id}/attachments`; nil answers 503.
    public var attachments: AttachmentServices?
    /// The IVR menu and notice editor behind `/ivr/menu` and `/ivr/notices`; nil answers 503.
    public var ivr: IVREditor?

    public init(tickets: TicketService, directory: DirectoryService, metrics: PrometheusCollectorRegistry? = nil,
                cluster: ClusterHandle? = nil, reporting: CallReportingServices? = nil, callCenter: CallCenter? = nil,
                campaigns: CampaignServices? = nil, dashboard: DashboardServices? = nil, auth: APIAuth) {
        self.callCenter = callCenter
        self.dashboard = dashboard
        self.auth = auth
        self.tickets = tickets
        self.directory = directory
        self.metrics = metrics
        self.cluster = cluster
        self.reporting = reporting
        self.campaigns = campaigns
    }
}

/// Builds the router: `/health`, `/metrics`, and everything else under `/api/v1`.
///
/// Middleware order: metrics outermost (so every answer, errors included, is counted and
/// timed), then the error envelope, then the acting user, then authentication, authorization
/// and the audit log (`AuthMiddleware`, when `services.auth` is enforced).
public func buildRouter(services: APIServices) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(APIErrorMiddleware())
    router.middlewares.add(ActorMiddleware())
    if let auth = services.auth.services {
        router.middlewares.add(AuthMiddleware(auth: auth, tickets: services.tickets, recordings: services.reporting?.recordings))
    }

    router.get("health") { _, _ -> HealthJSON in
        HealthJSON(status: "ok", site: services.tickets.site.rawValue,
                   events: try await services.tickets.eventCount(),
                   directory: try await services.directory.counts())
    }
    router.get("metrics") { _, _ -> Response in
        let text = services.metrics?.emitToString() ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    ConsoleRoutes<AppRequestContext>().register(on: router)

    let api = router.group("api/v1")
    TicketRoutes(tickets: services.tickets, cluster: services.cluster, attachments: services.attachments?.store)
        .register(on: api)
    AttachmentRoutes(tickets: services.tickets, services: services.attachments).register(on: api)
    WallRoutes(tickets: services.tickets, center: services.callCenter).register(on: api)
    IVRRoutes(editor: services.ivr).register(on: api)
    if let cluster = services.cluster {
        ClusterRoutes(handle: cluster).register(on: api)
    }
    DirectoryRoutes(directory: services.directory).register(on: api)
    SearchAndImportRoutes(tickets: services.tickets, directory: services.directory).register(on: api)
    ReportRoutes(services: services.reporting, tickets: services.tickets).register(on: api)
    ExportRoutes(services: services.reporting, tickets: services.tickets).register(on: api)
    RecordingRoutes(services: services.reporting).register(on: api)
    AgentRoutes(center: services.callCenter).register(on: api)
    DashboardRoutes(services: services.dashboard, tickets: services.tickets).register(on: api)
    CampaignRoutes(services: services.campaigns).register(on: api)
    AuthRoutes(auth: services.auth.services).register(on: api)
    AccountRoutes(auth: services.auth.services).register(on: api)
    AuditRoutes(auth: services.auth.services).register(on: api)
    return router
}

/// The WebSocket routes: the CTI gateway protocol at `/cti/v1` and the agent consoles'
/// live channel at `/api/v1/agents/{id}/events` (only with a call center).
public func buildWebSocketRouter(services: APIServices) -> Router<BasicWebSocketRequestContext> {
    let router = Router(context: BasicWebSocketRequestContext.self)
    if let auth = services.auth.services {
        router.middlewares.add(AuthWebSocketMiddleware(auth: auth))
    }
    if let center = services.callCenter {
        CTIRoutes(center: center).register(on: router)
        AgentEventsRoutes(center: center).register(on: router)
    }
    return router
}

/// The HTTP application of a node; run it inside the node's `ServiceGroup`.
///
/// `onServerRunning` is called once the listener is bound (with port 0, the channel's local
/// address tells which port the OS chose).
public func makeApplication(services: APIServices, configuration: ApplicationConfiguration, logger: Logger,
                            onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
    -> some ApplicationProtocol {
    Application(router: buildRouter(services: services),
                server: .http1WebSocketUpgrade(webSocketRouter: buildWebSocketRouter(services: services)),
                configuration: configuration, onServerRunning: onServerRunning, logger: logger)
}
