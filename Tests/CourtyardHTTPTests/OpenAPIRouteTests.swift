import CourtyardRuntime
import CourtyardHTTP
import Foundation
import Hummingbird
import Testing

/// docs/openapi.yaml and the router describe the same routes.
@Suite struct OpenAPIRouteTests {
    /// `METHOD /path/{param}` for every operation in the document (line-based: paths are
    /// two-space keys under `paths:`, methods four-space keys below them).
    static func documentedRoutes() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/openapi.yaml").standardized
        let text = try String(contentsOf: url, encoding: .utf8)
        var routes: Set<String> = []
        var inPaths = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(String(method)) {
                    routes.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return routes
    }

    @Test func everyRouterRoute_isDocumented_andViceVersa() throws {
        var services = APIHarness().services
        services.cluster = ClusterHandle()  // registers the cluster routes too
        let router = buildRouter(services: services)
        let registered = Set(router.routes.map { route -> String in
            let path = route.path.description.split(separator: "/").map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        })
        let documented = try Self.documentedRoutes()
        #expect(!registered.isEmpty)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
    }
}
