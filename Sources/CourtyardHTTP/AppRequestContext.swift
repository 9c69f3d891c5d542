import CourtyardDomain
import Hummingbird
import Logging
import NIOCore

/// The per-request context of the API: Hummingbird's core storage plus the acting user.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage

    /// Who acts: the signed-in username when authentication is enforced (`AuthMiddleware`),
    /// else `X-Courtyard-Actor` (default `api`).
    public var actor: String = "api"
    /// The signed-in account; nil on public routes and on a node with authentication disabled.
    public var principal: Principal?
    /// The client's address (login throttling, audit log).
    public var remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies Hummingbird itself collects are bounded like our JSON bodies.
    public var maxUploadSize: Int { APILimits.jsonBytesMax }
}

/// Bounds on what a client may send.
public enum APILimits {
    /// A JSON request body.
    public static let jsonBytesMax = 1024 * 1024
    /// A CSV import body.
    public static let csvBytesMax = 16 * 1024 * 1024
    public static let actorHeader = "X-Courtyard-Actor"
}
