import Hummingbird

/// Serves the console: `/` and `/console` redirect to `/console/`, which is the single page;
/// `/console/<asset>` serves an asset with its ETag (304 when the browser has it).
///
/// The pages hold no data: everything they show comes from `/api/v1` under the signed-in
/// user's session, so the policy table lets anyone fetch these files.
public struct ConsoleRoutes<Context: RequestContext>: Sendable {
    public init() {}

    /// The Content-Security-Policy of every console response: scripts, styles and
    /// connections only from this node; no inline script, no framing.
    public static var securityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    public func register(on router: Router<Context>) {
        router.get("/") { _, _ in Self.redirect() }
        // The router does not tell `/console` from `/console/`; the page's relative module
        // imports need the slash, so the bare form redirects.
        router.get("console") { request, _ in
            request.uri.path.hasSuffix("/") ? Self.serve(ConsoleAssets.indexHTML, request) : Self.redirect()
        }
        router.get("console/:asset") { request, context in
            guard let name = context.parameters.get("asset"), let asset = ConsoleAssets.byName[name] else {
                return Self.notFound()
            }
            return Self.serve(asset, request)
        }
    }

    static func redirect() -> Response {
        var headers = HTTPFields()
        headers[.location] = "/console/"
        return Response(status: .found, headers: headers)
    }

    static func notFound() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "no such console file\n")))
    }

    static func serve(_ asset: ConsoleAsset, _ request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = securityPolicy
        headers[.init("Referrer-Policy")!] = "same-origin"
        if let presented = request.headers[.ifNoneMatch],
           presented.split(separator: ",").contains(where: { $0.filter { $0 != " " } == asset.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.body)))
    }
}
