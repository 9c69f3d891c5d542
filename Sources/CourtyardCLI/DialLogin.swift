import CourtyardHTTP
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// MARK: - Signing dial in at nodes that enforce authentication

/// The API sessions `courtyard dial` uses for its HTTP calls (residents' numbers, simulated
/// agents) on nodes with authentication enforced: `--login USER:PASSWORD` (or the
/// environment variable `COURTYARD_DIAL_LOGIN`) signs in at each node with
/// `POST /api/v1/auth/login {"bearer": true}` and sends `Authorization: Bearer …` after.
/// The account needs `search` and `agents.state.all` (a site supervisor of each node).
public struct DialSessions: Sendable {
    /// Bearer token by node HTTP base (`http://HOST:PORT`); a node missing here gets none.
    public var tokens: [String: String]

    public init(tokens: [String: String] = [:]) { self.tokens = tokens }

    /// Adds the node's bearer token, when there is one, to `request`.
    public func authorize(_ request: inout URLRequest, base: String) {
        if let token = tokens[base] { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    }

    /// Parses `USER:PASSWORD` (the password may itself hold colons).
    public static func credentials(_ text: String) throws(DialUsageError) -> (username: String, password: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex,
              text.utf8.count <= 512 else {
            throw DialUsageError("--login must be USER:PASSWORD (or COURTYARD_DIAL_LOGIN), e.g. supervisor:courtyard-demo")
        }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Signs in at every node; the sessions, and one line per node that refused.
    public static func signIn(nodes: [DialNode], username: String, password: String) async -> (DialSessions, [String]) {
        var tokens: [String: String] = [:]
        var notes: [String] = []
        for node in nodes {
            guard let url = URL(string: node.httpBase + "/api/v1/auth/login") else { continue }
            var req = URLRequest(url: url)
            req.httpMethod = "POST"
            req.timeoutInterval = 10
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
            req.httpBody = try? JSONSerialization.data(withJSONObject: ["username": username, "password": password, "bearer": true])
            let answer = try? await URLSession.shared.uncancelledData(for: req)
            let status = (answer?.1 as? HTTPURLResponse)?.statusCode ?? 0
            if status == 200, let data = answer?.0,
               let token = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["token"] as? String {
                tokens[node.httpBase] = token
            } else {
                notes.append("\(node): sign-in as \(username) failed (HTTP \(status)); its API calls go unauthenticated")
            }
        }
        return (DialSessions(tokens: tokens), notes)
    }
}
