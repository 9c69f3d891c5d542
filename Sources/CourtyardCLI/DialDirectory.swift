import CourtyardHTTP
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// MARK: - Residents' numbers from the nodes

/// Fetches the phone numbers callers are drawn from. The API has no "list every resident"
/// route, so this asks `GET /api/v1/search?q=…` for the mobile prefixes (search matches
/// number prefixes) and keeps the residents' phones; a node that cannot answer contributes
/// nothing and the run uses unknown numbers only.
public enum DialDirectory {
    /// Queries per node; each returns at most `limit` residents.
    static let queries = ["86", "13", "15", "18", "17", "19", "0", "1"]
    static let limit = 100

    private struct SearchAnswer: Decodable {
        struct Resident: Decodable { var phones: [String]? }
        var residents: [Resident]?
    }

    /// Numbers from every node, deduplicated and sorted; plus a line saying what was found.
    public static func residentNumbers(nodes: [DialNode], sessions: DialSessions = DialSessions()) async -> (numbers: [String], note: String) {
        var numbers = Set<String>()
        var reached = 0
        for node in nodes {
            var answered = false
            for q in queries {
                guard let found = await search(node, q, sessions) else { continue }
                answered = true
                numbers.formUnion(found)
            }
            if answered { reached += 1 }
        }
        let sorted = numbers.sorted()
        let note = sorted.isEmpty
            ? "no residents found on \(reached) of \(nodes.count) nodes: callers use unknown numbers"
            : "\(sorted.count) resident numbers from \(reached) of \(nodes.count) nodes"
        return (sorted, note)
    }

    private static func search(_ node: DialNode, _ q: String, _ sessions: DialSessions) async -> [String]? {
        guard let url = URL(string: "\(node.httpBase)/api/v1/search?q=\(q)&limit=\(limit)") else { return nil }
        var req = URLRequest(url: url)
        req.timeoutInterval = 5
        sessions.authorize(&req, base: node.httpBase)
        guard let (data, response) = try? await URLSession.shared.uncancelledData(for: req),
              (response as? HTTPURLResponse)?.statusCode == 200,
              let answer = try? JSONDecoder().decode(SearchAnswer.self, from: data) else { return nil }
        return (answer.residents ?? []).flatMap { $0.phones ?? [] }
    }
}
