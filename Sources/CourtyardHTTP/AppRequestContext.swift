import Hummingbird
import Logging

/// The per-request context of the API: Hummingbird's core storage plus the acting user.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// Who acts, from `X-Courtyard-Actor` (default `api`); accounts come later.
    public var actor: String = "api"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
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
